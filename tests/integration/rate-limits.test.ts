/**
 * Rate limits that cannot be raced or turned against users: counted and judged in one statement, refunded for tries
 * that succeeded, pruned on schedule; the pairing code's and the phone survey's limits built on them.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_2017 } from '../../src/lib/domain/instruments';
import { hitRateLimit, pruneRateLimits, refundRateLimit } from '../../src/lib/server/access/rate-limit';
import { rowsOf } from '../../src/lib/server/db/client';
import { devices, rateLimits, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { createPairingCode, pairFromAddress, WRONG_CODES, WRONG_CODES_EVERYWHERE, type CounterRef } from '../../src/lib/server/kiosk/pairing';
import { PER_ADDRESS, PER_CLIENT, PER_COUNTER, recordPhoneRating } from '../../src/lib/server/responses/phone';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let counterA: CounterRef;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'limits-mall');
	counterA = { id: org.a.counter.id, mallId: org.mall.id, code: org.a.counter.code, name: org.a.counter.name };
});
afterAll(async () => {
	await handle?.close();
});

describe('hitRateLimit', () => {
	it('lets exactly `limit` of 300 parallel hits through: the count and the judgement are one statement', async () => {
		const key = `race:${crypto.randomUUID()}`;
		const at = new Date('2026-11-27T10:00:05Z');
		const hits = await Promise.all(Array.from({ length: 300 }, () => hitRateLimit(handle.db, key, 10, 900, at)));
		expect(hits.filter((h) => h.allowed)).toHaveLength(10);
		expect(hits.map((h) => h.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
	});

	it('gives a hit back, in its own window only', async () => {
		const key = `refund:${crypto.randomUUID()}`;
		const at = new Date('2026-11-27T10:00:05Z');
		const first = await hitRateLimit(handle.db, key, 1, 60, at);
		await refundRateLimit(handle.db, first);
		expect((await hitRateLimit(handle.db, key, 1, 60, at)).allowed).toBe(true);
		expect((await hitRateLimit(handle.db, key, 1, 60, at)).allowed).toBe(false);
		// A refund for a window that has passed changes nothing in the new one.
		const next = await hitRateLimit(handle.db, key, 1, 60, new Date('2026-11-27T10:01:05Z'));
		await refundRateLimit(handle.db, first);
		expect(next.hits).toBe(1);
		expect((await hitRateLimit(handle.db, key, 1, 60, new Date('2026-11-27T10:01:06Z'))).allowed).toBe(false);
	});

	it('prunes windows that ended over a day ago, and keeps the others', async () => {
		const now = new Date('2026-11-28T12:00:00Z');
		const old = `old:${crypto.randomUUID()}`;
		const fresh = `fresh:${crypto.randomUUID()}`;
		// Only this test's windows: one that ended 25 hours before `now`, one an hour before.
		await handle.db.delete(rateLimits);
		await hitRateLimit(handle.db, old, 5, 60, new Date('2026-11-27T11:00:00Z'));
		await hitRateLimit(handle.db, fresh, 5, 60, new Date('2026-11-28T11:00:00Z'));
		expect(await pruneRateLimits(handle.db, now)).toBe(1);
		const left = (await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
		expect(left).toEqual([fresh]);
	});
});

describe('pairing codes', () => {
	it(`answers ${WRONG_CODES.limit} of 300 parallel wrong codes and refuses the rest before checking them`, async () => {
		const at = new Date('2026-11-27T10:00:00Z');
		const outcomes = await Promise.all(
			Array.from({ length: 300 }, (_, i) => pairFromAddress(handle.db, { code: String(100000 + i), installationId: crypto.randomUUID() }, '203.0.113.1', at))
		);
		const errors = outcomes.map((o) => ('error' in o ? o.error : 'paired'));
		expect(errors.filter((e) => e === 'invalid_code')).toHaveLength(WRONG_CODES.limit);
		expect(errors.filter((e) => e === 'rate_limited')).toHaveLength(300 - WRONG_CODES.limit);
	});

	it('counts an IPv6 network as one address: a /64 holds 2^64 of them', async () => {
		const at = new Date('2026-11-27T10:30:00Z');
		const outcomes = [];
		for (let i = 0; i < WRONG_CODES.limit + 5; i++) {
			outcomes.push(await pairFromAddress(handle.db, { code: '000001', installationId: crypto.randomUUID() }, `2001:db8:5:6::${(i + 1).toString(16)}`, at));
		}
		expect(outcomes.filter((o) => 'error' in o && o.error === 'rate_limited')).toHaveLength(5);
	});

	it(`stops every address after ${WRONG_CODES_EVERYWHERE.limit} wrong codes in a window, however many addresses they come from`, async () => {
		const at = new Date('2026-11-27T13:00:00Z');
		const wrong = (address: string) => pairFromAddress(handle.db, { code: '000002', installationId: crypto.randomUUID() }, address, at);
		const addresses = Math.ceil(WRONG_CODES_EVERYWHERE.limit / WRONG_CODES.limit);
		for (let a = 0; a < addresses; a++) {
			const outcomes = await Promise.all(Array.from({ length: WRONG_CODES.limit }, () => wrong(`198.18.${Math.floor(a / 250)}.${a % 250}`)));
			expect(outcomes.every((o) => 'error' in o && o.error === 'invalid_code')).toBe(true);
		}
		expect(await wrong('198.18.9.9')).toMatchObject({ error: 'rate_limited' });
	});

	it('counts only wrong codes: right ones give their hit back', async () => {
		const at = new Date('2026-11-27T11:00:00Z');
		for (let i = 0; i < WRONG_CODES.limit + 5; i++) {
			const { code } = await createPairingCode(handle.db, counterA, at);
			const paired = await pairFromAddress(handle.db, { code, installationId: crypto.randomUUID() }, '203.0.113.2', at);
			expect('token' in paired).toBe(true);
		}
		const [row] = rowsOf<{ hits: number }>(await handle.db.execute(sql`select hits from rate_limits where key = 'pair-failures:203.0.113.2'`));
		expect(row!.hits).toBe(0);
	});

	it('pairing a new tablet to a counter retires the tablet it had, so no second active row of the same name remains', async () => {
		const at = new Date('2026-11-27T12:00:00Z');
		const first = await createPairingCode(handle.db, counterA, at);
		const old = await pairFromAddress(handle.db, { code: first.code, installationId: crypto.randomUUID() }, '203.0.113.3', at);
		const second = await createPairingCode(handle.db, counterA, at);
		const fresh = await pairFromAddress(handle.db, { code: second.code, installationId: crypto.randomUUID() }, '203.0.113.3', at);
		if (!('token' in old) || !('token' in fresh)) throw new Error('pairing failed');
		const active = await handle.db.select({ id: devices.id, name: devices.name }).from(devices).where(sql`${devices.counterId} = ${counterA.id} and ${devices.revokedAt} is null`);
		expect(active).toEqual([{ id: fresh.deviceId, name: fresh.deviceName }]);
		const [retired] = await handle.db.select({ revokedAt: devices.revokedAt }).from(devices).where(eq(devices.id, old.deviceId));
		expect(retired!.revokedAt).toEqual(at);
	});
});

describe('the phone survey', () => {
	const rating = (overrides: Record<string, unknown> = {}) => ({
		id: crypto.randomUUID(),
		seq: 1,
		counterId: org.b.counter.id,
		instrument: { code: SKM_2017.code, version: SKM_2017.version },
		submittedAt: '2026-11-27T02:00:00.000Z',
		status: 'complete',
		answers: [4, 3, 3, 4, 3, 3, 4, 3, 4],
		...overrides
	});
	const at = new Date('2026-11-27T02:05:00Z');
	const path = () => org.b.counter.code;

	it('spends no budget on invalid ratings: a flood of them leaves the counter open to everyone', async () => {
		for (let i = 0; i < PER_COUNTER.limit + 10; i++) {
			const outcome = await recordPhoneRating(handle.db, { path: path(), item: rating({ answers: [9] }), address: '198.51.100.1', client: `phone-${i}-flood` }, at);
			expect(outcome.outcome).toBe('rejected');
		}
		const good = await recordPhoneRating(handle.db, { path: path(), item: rating(), address: '198.51.100.2', client: 'phone-good-0001' }, at);
		expect(good).toMatchObject({ outcome: 'recorded', result: { status: 'stored' } });
		const keys = (await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
		expect(keys.filter((k) => k.includes('198.51.100.1'))).toEqual([]);
	});

	it('checks the address before the counter: one address cannot use up a counter for everyone', async () => {
		const outcomes = [];
		for (let i = 0; i < PER_ADDRESS.limit + 5; i++) {
			outcomes.push((await recordPhoneRating(handle.db, { path: path(), item: rating(), address: '198.51.100.3', client: `phone-${i}-one-address` }, at)).outcome);
		}
		expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(PER_ADDRESS.limit);
		expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(5);
		// The counter's budget was spent only by the ratings that were stored.
		const [row] = rowsOf<{ hits: number }>(await handle.db.execute(sql`select hits from rate_limits where key = ${`qr-counter:${org.b.counter.id}`}`));
		expect(row!.hits).toBe(PER_ADDRESS.limit + 1);
		const other = await recordPhoneRating(handle.db, { path: path(), item: rating(), address: '198.51.100.4', client: 'phone-another-01' }, at);
		expect(other.outcome).toBe('recorded');
	});

	it(`limits one phone to ${PER_CLIENT.limit} ratings in ten minutes`, async () => {
		const outcomes = [];
		for (let i = 0; i < PER_CLIENT.limit + 1; i++) {
			outcomes.push((await recordPhoneRating(handle.db, { path: path(), item: rating(), address: '198.51.100.5', client: 'phone-same-cookie' }, at)).outcome);
		}
		expect(outcomes).toEqual([...Array(PER_CLIENT.limit).fill('recorded'), 'rate_limited']);
		const stored = await handle.db.select({ id: responses.id }).from(responses).where(eq(responses.counterId, org.b.counter.id));
		expect(stored.length).toBe(1 + PER_ADDRESS.limit + 1 + PER_CLIENT.limit);
	});
});
