/**
 * Group commit of small device requests (db/group-commit.ts, used by responses/ingest.ts and the device guard's read):
 * concurrent single posts are stored once each with their own results, a UUID sent twice at once is judged against
 * the first, the per-device limit still counts every request, the rollups equal a rebuild, and one request that
 * fails its coalesced statement fails alone. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateDevice } from '../../src/lib/server/access/device-tokens';
import { hashToken } from '../../src/lib/server/access/tokens';
import { rowsOf } from '../../src/lib/server/db/client';
import { deviceAssignments, devices, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { DEVICE_BATCHES_PER_MINUTE, RateLimitedError, recordResponses, submitterForDevice, type Submitter } from '../../src/lib/server/responses/ingest';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';
import { snapshot } from './rollup-snapshot';

let handle: TestDb;
let org: Organization;
/** Twenty tablets, half at counter a and half at counter b, with their tokens. */
const tablets: { token: string; submitter: Submitter }[] = [];

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'group-commit');
	for (let i = 0; i < 20; i++) {
		const counter = i % 2 === 0 ? org.a.counter : org.b.counter;
		const token = `group-commit-token-${i}`;
		const [device] = await handle.db
			.insert(devices)
			.values({ mallId: org.mall.id, counterId: counter.id, name: `Tablet ${i}`, tokenHash: hashToken(token) })
			.returning();
		await handle.db.insert(deviceAssignments).values({ mallId: org.mall.id, deviceId: device!.id, counterId: counter.id });
		tablets.push({ token, submitter: await submitterForDevice(handle.db, device!.id) });
	}
});
afterAll(async () => {
	await handle?.close();
});

let seq = 0;
function item(submitter: Submitter, overrides: Record<string, unknown> = {}) {
	seq += 1;
	return {
		id: crypto.randomUUID(),
		seq,
		counterId: [...submitter.counters.keys()][0]!,
		instrument: { code: 'skm-2017', version: 1 },
		submittedAt: new Date(Date.parse('2026-03-02T02:00:00Z') + seq * 1000).toISOString(),
		status: 'complete',
		answers: [4, 3, (seq % 4) + 1, 2, 4, 3, 4, 1, 3],
		...overrides
	};
}

const stored = async (ids: string[]) => (await handle.db.select({ id: responses.id }).from(responses).where(inArray(responses.id, ids))).length;

describe('group commit of single posts', () => {
	it('stores 200 concurrent single posts from 20 tablets once each, each answered with its own result', async () => {
		const posts = Array.from({ length: 200 }, (_, i) => ({ tablet: tablets[i % 20]!, body: item(tablets[i % 20]!.submitter) }));
		const results = await Promise.all(posts.map((p) => recordResponses(handle.db, p.tablet.submitter, [p.body])));
		expect(results.map((r) => [r.length, r[0]!.id, r[0]!.status])).toEqual(posts.map((p) => [1, p.body.id, 'stored']));
		expect(await stored(posts.map((p) => p.body.id))).toBe(200);
		// Each device's highest sequence number is raised by its own requests only.
		for (const tablet of tablets.slice(0, 3)) {
			const mine = posts.filter((p) => p.tablet === tablet).map((p) => p.body.seq);
			const [device] = await handle.db.select({ highestSeq: devices.highestSeq }).from(devices).where(eq(devices.id, tablet.submitter.deviceId!));
			expect(device!.highestSeq).toBe(Math.max(...mine));
		}
	});

	it('judges a UUID posted twice at once against the first: the same content a duplicate, other content a conflict', async () => {
		const [one, other] = [tablets[0]!.submitter, tablets[1]!.submitter];
		const filler = () => tablets.slice(2, 8).map((t) => recordResponses(handle.db, t.submitter, [item(t.submitter)]));
		// The same tablet resending (same content) while the first send is still waiting for its statement.
		const same = item(one);
		const sameResults = await Promise.all([...filler(), recordResponses(handle.db, one, [same]), recordResponses(handle.db, one, [same]), ...filler()]);
		const sameStatuses = sameResults.slice(6, 8).map((r) => r[0]!.status);
		expect(sameStatuses.sort()).toEqual(['duplicate', 'stored']);
		// Two tablets sending one UUID (other content: another device and counter) in the same burst.
		const shared = item(one);
		const clash = { ...item(other), id: shared.id };
		const clashResults = await Promise.all([...filler(), recordResponses(handle.db, one, [shared]), recordResponses(handle.db, other, [clash]), ...filler()]);
		const clashStatuses = clashResults.slice(6, 8).map((r) => r[0]!.status);
		expect(clashStatuses.sort()).toEqual(['conflict', 'stored']);
		expect(clashResults.every((r) => r[0]!.status !== 'rejected')).toBe(true);
		expect(await stored([same.id, shared.id])).toBe(2);
	});

	it(`refuses a tablet's requests past ${DEVICE_BATCHES_PER_MINUTE} a minute under concurrency, and no other tablet's`, async () => {
		const at = new Date('2026-03-02T03:00:10Z');
		const busy = tablets[2]!.submitter;
		const bursts = Array.from({ length: DEVICE_BATCHES_PER_MINUTE + 5 }, () => item(busy));
		const others = tablets.slice(3, 13).map((t) => ({ t, body: item(t.submitter) }));
		const settled = await Promise.allSettled([
			...bursts.map((body) => recordResponses(handle.db, busy, [body], at)),
			...others.map(({ t, body }) => recordResponses(handle.db, t.submitter, [body], at))
		]);
		const mine = settled.slice(0, bursts.length);
		expect(mine.filter((s) => s.status === 'fulfilled')).toHaveLength(DEVICE_BATCHES_PER_MINUTE);
		const refused = mine.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
		expect(refused).toHaveLength(5);
		expect(refused.every((s) => s.reason instanceof RateLimitedError)).toBe(true);
		expect(await stored(bursts.map((b) => b.id))).toBe(DEVICE_BATCHES_PER_MINUTE);
		expect(settled.slice(bursts.length).every((s) => s.status === 'fulfilled' && s.value[0]!.status === 'stored')).toBe(true);
		const [device] = await handle.db.select({ hits: devices.rateHits }).from(devices).where(eq(devices.id, busy.deviceId!));
		expect(device!.hits).toBe(DEVICE_BATCHES_PER_MINUTE + 5);
	});

	it('keeps the rollups equal to a rebuild from raw data after a concurrent burst (resends and a batch among them)', async () => {
		const posts = Array.from({ length: 120 }, (_, i) => ({ tablet: tablets[i % 20]!, body: item(tablets[i % 20]!.submitter, { status: i % 7 === 0 ? 'partial' : 'complete' }) }));
		const batch = Array.from({ length: 30 }, () => item(tablets[5]!.submitter));
		await Promise.all([
			...posts.map((p) => recordResponses(handle.db, p.tablet.submitter, [p.body])),
			...posts.slice(0, 20).map((p) => recordResponses(handle.db, p.tablet.submitter, [p.body])),
			recordResponses(handle.db, tablets[5]!.submitter, batch)
		]);
		const incremental = await snapshot(handle.db);
		expect(incremental.filter((line) => line.startsWith('c ')).length).toBeGreaterThan(1);
		await rebuildRollups(handle.db);
		expect(await snapshot(handle.db)).toEqual(incremental);
	});

	it('fails only the request whose row the database refuses; the others of its coalesced statement are stored', async () => {
		// A submitter that believes in a counter the database does not have: its row passes every check in the app and
		// is refused by the foreign key, inside the statement it shares with the requests queued beside it.
		const real = tablets[6]!.submitter;
		const info = real.counters.values().next().value!;
		const broken: Submitter = { ...real, counters: new Map([[987_654, info]]) };
		const good = tablets.slice(7, 15).map((t) => ({ t, body: item(t.submitter) }));
		const settled = await Promise.allSettled([
			...good.slice(0, 4).map(({ t, body }) => recordResponses(handle.db, t.submitter, [body])),
			recordResponses(handle.db, broken, [item(broken, { counterId: 987_654 })]),
			...good.slice(4).map(({ t, body }) => recordResponses(handle.db, t.submitter, [body]))
		]);
		expect(settled.map((s) => s.status)).toEqual([...Array(4).fill('fulfilled'), 'rejected', ...Array(4).fill('fulfilled')]);
		expect(await stored(good.map((g) => g.body.id))).toBe(good.length);
		// Nothing of the refused request is stored, and its device was not counted by the statement that failed.
		const [{ n }] = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from responses where counter_id = 987654`)) as [{ n: number }];
		expect(n).toBe(0);
	});

	it('reads concurrent device tokens together, each answered with its own device (unknown and revoked ones too)', async () => {
		const revoked = tablets[19]!;
		await handle.db.update(devices).set({ revokedAt: new Date() }).where(eq(devices.id, revoked.submitter.deviceId!));
		const tokens = [...tablets.slice(0, 19).map((t) => t.token), 'not-a-token', revoked.token, tablets[0]!.token];
		const answers = await Promise.all(tokens.map((token) => authenticateDevice(handle.db, token)));
		expect(answers.map((a) => ('error' in a ? a.error : a.device.id))).toEqual([
			...tablets.slice(0, 19).map((t) => t.submitter.deviceId),
			'unknown_device',
			'device_revoked',
			tablets[0]!.submitter.deviceId
		]);
		const first = answers[0]!;
		expect('counters' in first && [...first.counters.keys()]).toEqual([org.a.counter.id]);
	});
});
