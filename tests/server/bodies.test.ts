/**
 * Request bodies are counted as they arrive, against each route's limit: a chunked body (no Content-Length to trust)
 * is cut off at the limit, anonymous routes take only small bodies, and none of it costs the server memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, startServer, type RunningServer } from './harness';
import { postChunked } from './http-client';
import { pairTablet, prepareHall } from './fixtures';

const MiB = 1024 * 1024;

describe.skipIf(!hasPostgres)('request bodies', () => {
	let server: RunningServer;
	let deviceToken: string;
	let counterId: number;

	beforeAll(async () => {
		server = await startServer();
		const { org } = await prepareHall(server);
		counterId = org.a.counter.id;
		deviceToken = await pairTablet(server, org.a.counter.code);
	});
	afterAll(async () => {
		await server?.stop();
	});

	/** A valid batch item whose comment is too long: the old server parsed 4.8 MB of these and answered 200. */
	const item = (i: number) =>
		JSON.stringify({
			id: crypto.randomUUID(),
			seq: i + 1,
			counterId,
			instrument: { code: 'skm-2017', version: 1 },
			submittedAt: new Date().toISOString(),
			status: 'complete',
			answers: [4, 4, 4, 4, 4, 4, 4, 4, 4],
			comment: 'x'.repeat(9_000)
		}) + ',';

	it('cuts a chunked 4.8 MB batch off at the 2 MiB limit of /api/v1/responses and answers 413', async () => {
		const answer = await postChunked(`${server.url}/api/v1/responses`, {
			headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
			prefix: '{"items":[',
			chunk: item(0),
			total: 4.8 * 1_000_000
		});
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body)).toMatchObject({ code: 'too_large' });
		expect(answer.headers.connection).toBe('close');
		expect(answer.sent).toBeLessThan(4 * 1_000_000);
	});

	it.each([
		['/api/v1/qr/responses', 'application/json', '{"path":"A-01","item":{"comment":"', 'x'],
		['/api/v1/devices/pair', 'application/json', '{"code":"123456","name":"', 'x'],
		['/login', 'application/x-www-form-urlencoded', 'email=a%40b.id&password=', 'x'],
		['/bahasa', 'application/x-www-form-urlencoded', 'locale=en&to=', 'x']
	])('refuses a 15 MB body to the anonymous %s, chunked or declared, without reading it', async (path, type, prefix, filler) => {
		const before = server.memory().rssMiB;
		const headers = { 'content-type': type, origin: server.url };
		const chunked = await postChunked(`${server.url}${path}`, { headers, prefix, chunk: filler.repeat(64 * 1024), total: 15 * MiB });
		expect(chunked.status).toBe(413);
		expect(chunked.sent).toBeLessThan(15 * MiB);
		const declared = await postChunked(`${server.url}${path}`, { headers, prefix, chunk: filler.repeat(64 * 1024), total: 15 * MiB, declare: true });
		expect(declared.status).toBe(413);
		expect(server.memory().rssMiB - before).toBeLessThan(40);
	});

	it('lets a client still writing its body read the 413 every time (a lingering close, not a reset)', async () => {
		// Without the linger the server closes the socket on the unread body; the client, still writing, then often
		// meets a reset (EPIPE) before it has read the answer, and a kiosk would take the refusal for a network error.
		const headers = { 'content-type': 'application/json', origin: server.url };
		const outcomes: string[] = [];
		for (let attempt = 0; attempt < 100; attempt++) {
			const declare = attempt % 2 === 0;
			const answer = await postChunked(`${server.url}/api/v1/devices/pair`, { headers, prefix: '{"code":"1","name":"', chunk: 'x'.repeat(256 * 1024), total: 8 * MiB, declare, eager: true }).then(
				(raw) => String(raw.status),
				(failure: NodeJS.ErrnoException) => failure.code ?? 'error'
			);
			outcomes.push(answer);
		}
		expect(outcomes.filter((outcome) => outcome !== '413')).toEqual([]);
	});

	it('never reads an anonymous visitor’s body to a signed-in page: 16 MiB of form fields get the sign-in redirect', async () => {
		const before = server.memory().rssMiB;
		const answer = await postChunked(`${server.url}/app/reports/import?/upload`, {
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, accept: 'text/html' },
			chunk: 'a&'.repeat(32 * 1024),
			total: 16 * MiB,
			declare: true
		});
		expect(answer.status).toBe(303);
		expect(answer.headers.location).toMatch(/^\/login\?to=/);
		expect(server.memory().rssMiB - before).toBeLessThan(40);
	});

	it('keeps serving after refusing them', async () => {
		const response = await fetch(`${server.url}/api/v1/openapi.json`);
		expect(response.status).toBe(200);
	});
});
