import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyLimitExceeded, bodyLimitFor, LARGEST_BODY_LIMIT, limitBody } from './body-limits';

const KiB = 1024;

describe('bodyLimitFor', () => {
	it.each([
		['/api/v1/responses', 2 * 1024 * KiB],
		['/api/v1/devices/pair', 4 * KiB],
		['/api/v1/qr/responses', 16 * KiB],
		['/(public)/login', 16 * KiB],
		['/bahasa', 16 * KiB],
		[null, 16 * KiB],
		['/(app)/app/follow-ups/new', 256 * KiB],
		['/api/v1/admin/users', 256 * KiB],
		['/(app)/app/admin/mall', 400 * KiB + 64 * KiB]
	])('%s takes at most %i bytes', (route, limit) => {
		expect(bodyLimitFor(route)).toBe(limit);
	});

	it('stays under the BODY_SIZE_LIMIT `npm start` gives adapter-node', () => {
		const start = readFileSync('scripts/start.js', 'utf8');
		const megabytes = Number(/BODY_SIZE_LIMIT \?\?= '(\d+)M'/.exec(start)?.[1]);
		expect(LARGEST_BODY_LIMIT).toBeLessThanOrEqual(megabytes * 1024 * 1024);
	});
});

describe('limitBody', () => {
	const streamOf = (chunks: number, size: number) =>
		new Request('http://localhost/x', {
			method: 'POST',
			body: new ReadableStream({
				start(controller) {
					for (let i = 0; i < chunks; i++) controller.enqueue(new Uint8Array(size).fill(65));
					controller.close();
				}
			}),
			duplex: 'half'
		} as RequestInit);

	it('passes a body within the limit through unchanged', async () => {
		const limited = limitBody(streamOf(4, 1000), 4000);
		expect((await limited.text()).length).toBe(4000);
		expect(bodyLimitExceeded(limited)).toBe(false);
	});

	it('fails the read of a body past the limit, counting as the bytes arrive, and marks the request', async () => {
		const limited = limitBody(streamOf(100, 1000), 4000);
		await expect(limited.text()).rejects.toThrow();
		expect(bodyLimitExceeded(limited)).toBe(true);
	});
});
