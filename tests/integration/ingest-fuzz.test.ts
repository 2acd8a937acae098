/**
 * 10 000 random request bodies through what POST /api/v1/responses does (read the JSON envelope, record items and
 * suppressed taps): every one ends in a 2xx result or a 4xx error, never an unexpected exception (a 5xx), and
 * nothing invalid is stored.
 */
import fc from 'fast-check';
import { isHttpError } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPersonalData } from '../../src/lib/domain/privacy';
import { rowsOf } from '../../src/lib/server/db/client';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { readJson } from '../../src/lib/server/http';
import { createPairingCode, pairDevice } from '../../src/lib/server/kiosk/pairing';
import { submitterForDevice, recordResponses, recordSuppressed, type Submitter } from '../../src/lib/server/responses/ingest';
import { BatchSchema } from '../../src/lib/server/responses/schema';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { publishStandardInstruments } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let submitter: Submitter;
beforeAll(async () => {
	handle = await freshDb();
	await publishStandardInstruments(handle.db);
	org = await createOrganization(handle.db, 'kupang');
	const { code } = await createPairingCode(handle.db, { id: org.a.counter.id, mallId: org.mall.id, code: org.a.counter.code, name: 'a' });
	const paired = await pairDevice(handle.db, { code, installationId: crypto.randomUUID() });
	if ('error' in paired) throw new Error(paired.error);
	submitter = await submitterForDevice(handle.db, paired.deviceId);
});
afterAll(async () => {
	await handle?.close();
});

/** A valid item for the paired device: SKM or quick, with optional profile, comment and reasons. */
const validItem = () =>
	fc.record({
		quick: fc.boolean(),
		id: fc.uuid(),
		seq: fc.integer({ min: 1, max: 1_000_000 }),
		unit: fc.constantFrom('a', 'b'),
		submittedAt: fc.date({ min: new Date('2024-01-01'), max: new Date('2026-11-01'), noInvalidDate: true }).map((d) => d.toISOString()),
		status: fc.constantFrom('complete', 'partial'),
		answers: fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 4 })), { minLength: 9, maxLength: 9 }).filter((a) => a.some((v) => v !== null)),
		score: fc.integer({ min: 1, max: 4 }),
		reasons: fc.subarray(['lama', 'tidak-ramah', 'fasilitas']),
		comment: fc.option(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('hubungi 0812-3456-7890', 'NIK 5371041203900001 ok')), { nil: undefined }),
		sex: fc.option(fc.constantFrom('L', 'P'), { nil: undefined })
	}).map((g) => ({
		id: g.id,
		seq: g.seq,
		counterId: org[g.unit as 'a' | 'b'].counter.id,
		instrument: g.quick ? { code: 'quick', version: 1 } : { code: 'skm-2017', version: 1 },
		submittedAt: g.submittedAt,
		status: g.status,
		answers: g.quick ? [g.score] : g.answers,
		...(g.quick && g.reasons.length ? { reasons: g.reasons } : {}),
		...(g.comment !== undefined ? { comment: g.comment } : {}),
		...(g.sex ? { profile: { sex: g.sex } } : {})
	}));

type Item = Record<string, unknown>;
/** Ways to break an item, each of which must end in a rejection with a named field (or a duplicate/conflict). */
const MUTATIONS: fc.Arbitrary<(item: Item) => Item>[] = [
	fc.jsonValue().map((value) => (item: Item) => ({ ...item, answers: value })),
	fc.constantFrom('id', 'seq', 'counterId', 'instrument', 'submittedAt', 'status', 'answers').map((key) => (item: Item) => {
		const { [key]: _, ...rest } = item;
		return rest;
	}),
	fc.string({ minLength: 1, maxLength: 10 }).map((key) => (item: Item) => ({ ...item, [`x-${key}`]: 'Budi' })),
	fc.integer({ min: -3, max: 9 }).map((value) => (item: Item) => ({ ...item, answers: [value, ...(Array.isArray(item.answers) ? item.answers.slice(1) : [])] })),
	fc.constant((item: Item) => ({ ...item, answers: [4, 4] })),
	fc.constant((item: Item) => ({ ...item, submittedAt: '2031-01-01T00:00:00Z' })),
	fc.constant((item: Item) => ({ ...item, submittedAt: '27/11/2026' })),
	fc.constant((item: Item) => ({ ...item, reasons: ['apa'] })),
	fc.constant((item: Item) => ({ ...item, profile: { ageBand: '16' } })),
	fc.constant((item: Item) => ({ ...item, comment: 'a'.repeat(1001) })),
	fc.constant((item: Item) => ({ ...item, counterId: 999_999 })),
	fc.constant((item: Item) => ({ ...item, instrument: { code: 'skm-2017', version: 2 } })),
	fc.jsonValue().map((value) => (item: Item) => ({ ...item, seq: value })),
	fc.jsonValue().map((value) => (item: Item) => ({ ...item, status: value })),
	fc.constant((item: Item) => ({ ...item, answers: Array.isArray(item.answers) ? item.answers.map(() => 1.5) : [1.5] }))
];

const item = () =>
	fc
		.tuple(validItem(), fc.array(fc.oneof(...MUTATIONS), { maxLength: 2 }))
		.map(([valid, mutations]) => mutations.reduce<Item>((current, mutate) => mutate(current), valid));

const body = () =>
	fc.oneof(
		{ weight: 1, arbitrary: fc.string() },
		{ weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
		{
			weight: 6,
			arbitrary: fc
				.record(
					{
						items: fc.oneof({ weight: 9, arbitrary: fc.array(item(), { maxLength: 8 }) }, { weight: 1, arbitrary: fc.jsonValue() }),
						suppressed: fc.array(fc.record({ id: fc.uuid(), counterId: fc.constantFrom(org.a.counter.id, 5), at: fc.constantFrom('2026-11-27T02:00:00Z', 'x') }), { maxLength: 2 }),
						extra: fc.jsonValue()
					},
					{ requiredKeys: ['items'] }
				)
				.map((value) => JSON.stringify(value))
		}
	);

describe('POST /api/v1/responses under random input', () => {
	it('answers 10 000 random bodies with per-item results or a 4xx, and stores nothing invalid', async () => {
		const outcomes = { ok: 0, clientError: 0, stored: 0 };
		// A request every 200 ms of simulated time: below the device's per-minute limit, which has its own test.
		let run = 0;
		await fc.assert(
			fc.asyncProperty(body(), async (text) => {
				const now = new Date(Date.parse('2026-11-27T00:00:00Z') + run++ * 200);
				try {
					const batch = await readJson(new Request('http://puas.test/api/v1/responses', { method: 'POST', body: text }), BatchSchema);
					const results = await recordResponses(handle.db, submitter, batch.items, now);
					const taps = batch.suppressed ? await recordSuppressed(handle.db, submitter, batch.suppressed) : [];
					for (const result of [...results, ...taps]) expect(['stored', 'duplicate', 'conflict', 'rejected']).toContain(result.status);
					expect(results).toHaveLength(batch.items.length);
					outcomes.ok += 1;
					outcomes.stored += results.filter((r) => r.status === 'stored').length;
				} catch (error) {
					if (!isHttpError(error) || error.status >= 500) throw error;
					outcomes.clientError += 1;
				}
			}),
			{ numRuns: 10_000, seed: 2026 }
		);
		expect(outcomes.ok).toBeGreaterThan(1000);
		expect(outcomes.clientError).toBeGreaterThan(1000);
		expect(outcomes.stored).toBeGreaterThan(100);

		const bad = rowsOf<{ id: string }>(
			await handle.db.execute(sql`
				select r.id from responses r
				where cardinality(r.answers) <> (select count(*) from instrument_items ii where ii.instrument_id = r.instrument_id)
					or not exists (select 1 from device_assignments d where d.device_id = r.device_id and d.counter_id = r.counter_id)
					or r.submitted_at > now() + interval '1 day' or r.submitted_at < '2020-01-01'
					or (r.reasons is not null and exists (select 1 from unnest(r.reasons) x where x not in (select code from instrument_reasons ir where ir.instrument_id = r.instrument_id)))`)
		);
		expect(bad).toEqual([]);
		const comments = rowsOf<{ comment: string }>(await handle.db.execute(sql`select comment from responses where comment is not null`));
		for (const { comment } of comments) expect(redactPersonalData(comment)).toBe(comment);
		const [before] = rowsOf<{ n: number }>(await handle.db.execute(sql`select sum(n1 + n2 + n3 + n4 + skipped)::int as n from rollup_items`));
		await rebuildRollups(handle.db);
		const [after] = rowsOf<{ n: number }>(await handle.db.execute(sql`select sum(n1 + n2 + n3 + n4 + skipped)::int as n from rollup_items`));
		expect(after).toEqual(before);
	}, 300_000);
});
