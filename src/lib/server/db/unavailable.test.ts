import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable';

describe('isDatabaseUnavailable', () => {
	it('recognises a real refused connection (nothing listens on port 1)', async () => {
		const client = postgres('postgres://nobody@127.0.0.1:1/none', { connect_timeout: 2, max: 1, onnotice: () => {} });
		const failure = await client`select 1`.catch((error: unknown) => error);
		await client.end({ timeout: 1 });
		expect(isDatabaseUnavailable(failure)).toBe(true);
		// … also when wrapped the way drizzle wraps a driver's error.
		expect(isDatabaseUnavailable(Object.assign(new Error('Failed query: select 1'), { cause: failure }))).toBe(true);
	});

	it.each([
		['admin shutdown', { code: '57P01' }, true],
		['starting up', { code: '57P03' }, true],
		['too many connections', { code: '53300' }, true],
		['connection failure', { code: '08006' }, true],
		['postgres.js connect timeout', { code: 'CONNECT_TIMEOUT' }, true],
		['a unique violation', { code: '23505' }, false],
		['a syntax error', { code: '42601' }, false],
		['a plain bug', new TypeError('x is undefined'), false],
		['nothing', undefined, false]
	])('%s → %j', (_, error, expected) => {
		expect(isDatabaseUnavailable(error)).toBe(expected);
	});
});
