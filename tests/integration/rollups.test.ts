/**
 * Rollups: the incremental path equals a rebuild from raw data after a random workload; local days follow the
 * mall's time zone; the indicators computed from rollups equal the engine on the raw answers.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { computeCsat } from '../../src/lib/domain/csat';
import { AGE_BANDS, EDUCATIONS, SEXES } from '../../src/lib/domain/profile';
import { computeIkm, tallyAnswers } from '../../src/lib/domain/skm';
import { rowsOf, type Db } from '../../src/lib/server/db/client';
import { deviceAssignments, malls } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { computeIndicators } from '../../src/lib/server/indicators/indicators';
import { heatmapCells } from '../../src/lib/server/indicators/queries';
import { profileCounts } from '../../src/lib/server/reports/queries';
import { createPairingCode, pairDevice } from '../../src/lib/server/kiosk/pairing';
import { submitterForDevice, recordResponses, recordSuppressed, type Submitter } from '../../src/lib/server/responses/ingest';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { publishStandardInstruments } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { snapshot } from './rollup-snapshot';

/** An installation-wide admin token: reads every mall. */
const ALL = { userId: null, role: 'admin' as const, mallId: null, agencyIds: null };
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let jakarta: Organization;
let kupangDevice: Submitter;
let jakartaDevice: Submitter;

async function pairedSubmitter(o: Organization): Promise<Submitter> {
	const counter = { id: o.a.counter.id, mallId: o.mall.id, code: o.a.counter.code, name: o.a.counter.name };
	const { code } = await createPairingCode(handle.db, counter);
	const paired = await pairDevice(handle.db, { code, installationId: crypto.randomUUID() });
	if ('error' in paired) throw new Error(paired.error);
	// The same tablet also served the agency b counter.
	await handle.db.insert(deviceAssignments).values({ mallId: o.mall.id, deviceId: paired.deviceId, counterId: o.b.counter.id });
	return submitterForDevice(handle.db, paired.deviceId);
}

beforeAll(async () => {
	handle = await freshDb();
	await publishStandardInstruments(handle.db);
	org = await createOrganization(handle.db, 'kupang', 'Asia/Makassar');
	jakarta = await createOrganization(handle.db, 'jakarta', 'Asia/Jakarta');
	kupangDevice = await pairedSubmitter(org);
	jakartaDevice = await pairedSubmitter(jakarta);
});
afterAll(async () => {
	await handle?.close();
});

const answer = fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 4 }));
const skmAnswers = fc.array(answer, { minLength: 9, maxLength: 9 }).filter((a) => a.some((v) => v !== null));
const instant = fc.integer({ min: Date.parse('2025-12-30T00:00:00Z'), max: Date.parse('2026-01-03T00:00:00Z') }).map((t) => new Date(t).toISOString());

const workloadItem = fc.record({
	mall: fc.constantFrom('kupang', 'jakarta'),
	unit: fc.constantFrom('a', 'b'),
	kind: fc.constantFrom('skm', 'skm', 'skm', 'quick', 'suppressed'),
	answers: skmAnswers,
	quick: fc.integer({ min: 1, max: 4 }),
	status: fc.constantFrom('complete', 'partial'),
	at: instant,
	resend: fc.boolean()
});
/** The random workload, the same on every run: the indicator tests below derive their expected figures from it. */
const WORKLOAD = fc.sample(fc.array(workloadItem, { minLength: 1, maxLength: 30 }), { numRuns: 25, seed: 42 });

describe('rollups', () => {
	it('equal a rebuild from raw data after a random workload (duplicates and suppressed taps included)', async () => {
		let seq = 0;
		for (const batch of WORKLOAD) {
			for (const target of ['kupang', 'jakarta'] as const) {
				const o = target === 'kupang' ? org : jakarta;
				const submitter = target === 'kupang' ? kupangDevice : jakartaDevice;
				const mine = batch.filter((w) => w.mall === target);
				const items = mine
					.filter((w) => w.kind !== 'suppressed')
					.map((w) => ({
						id: crypto.randomUUID(),
						seq: ++seq,
						counterId: o[w.unit].counter.id,
						instrument: w.kind === 'quick' ? { code: 'quick', version: 1 } : { code: 'skm-2017', version: 1 },
						submittedAt: w.at,
						status: w.status,
						answers: w.kind === 'quick' ? [w.quick] : w.answers,
						// A profile that varies with the sequence number (the workload's sample stays as it is); some not given.
						profile: seq % 4 === 0 ? undefined : { sex: SEXES[seq % 2], ageBand: seq % 3 === 0 ? null : AGE_BANDS[seq % AGE_BANDS.length], education: EDUCATIONS[seq % EDUCATIONS.length] }
					}));
				const resent = items.filter((_, i) => mine.filter((w) => w.kind !== 'suppressed')[i]!.resend);
				const results = await recordResponses(handle.db, submitter, [...items, ...resent]);
				expect(results.every((r) => r.status === 'stored' || r.status === 'duplicate')).toBe(true);
				const taps = mine.filter((w) => w.kind === 'suppressed').map((w) => ({ id: crypto.randomUUID(), counterId: o[w.unit].counter.id, at: w.at }));
				if (taps.length) await recordSuppressed(handle.db, submitter, [...taps, ...taps]);
			}
		}
		const incremental = await snapshot(handle.db);
		expect(incremental.length).toBeGreaterThan(20);
		expect(incremental.some((line) => line.startsWith('c ') && !line.endsWith(' 0'))).toBe(true);
		expect(incremental.filter((line) => line.startsWith('m ')).length).toBeGreaterThan(4);
		expect(incremental.filter((line) => line.startsWith('mm ')).length).toBeGreaterThan(4);
		expect(incremental.filter((line) => line.startsWith('h ')).length).toBeGreaterThan(10);
		expect(incremental.filter((line) => line.startsWith('hmm ')).length).toBeGreaterThan(4);
		expect(incremental.filter((line) => line.startsWith('p ') && / sex [LP] /.test(line)).length).toBeGreaterThan(4);
		expect(incremental.filter((line) => line.startsWith('pm ')).length).toBeGreaterThan(4);
		await rebuildRollups(handle.db);
		expect(await snapshot(handle.db)).toEqual(incremental);
	});

	it('count a response in the mall-local day: 23:30 UTC is the next day in Kupang, still the same day in Jakarta', async () => {
		const at = '2026-02-10T23:30:00.000Z'; // 07:30 on 11 Feb in Kupang (UTC+8), 06:30 on 11 Feb in Jakarta (UTC+7)
		const early = '2026-02-10T16:59:00.000Z'; // 00:59 on 11 Feb in Kupang, 23:59 on 10 Feb in Jakarta
		for (const [o, submitter] of [
			[org, kupangDevice],
			[jakarta, jakartaDevice]
		] as const) {
			await recordResponses(handle.db, submitter, [at, early].map((submittedAt) => ({
				id: crypto.randomUUID(),
				seq: 10_000 + Math.floor(Math.random() * 1e6),
				counterId: o.a.counter.id,
				instrument: { code: 'skm-2017', version: 1 },
				submittedAt,
				status: 'complete',
				answers: [4, 4, 4, 4, 4, 4, 4, 4, 4]
			})));
		}
		const days = rowsOf<{ slug: string; local_date: string; n: number }>(
			await handle.db.execute(sql`
				select m.slug, c.local_date::text, sum(c.complete)::int as n from rollup_counts c join ${malls} m on m.id = c.mall_id
				where c.local_date between '2026-02-10' and '2026-02-11' group by 1, 2 order by 1, 2`)
		);
		expect(days).toEqual([
			{ slug: 'jakarta', local_date: '2026-02-10', n: 1 },
			{ slug: 'jakarta', local_date: '2026-02-11', n: 1 },
			{ slug: 'kupang', local_date: '2026-02-11', n: 2 }
		]);
	});
});

describe('indicators from rollups', () => {
	it('equal the engine on the raw answers, for every scope and a monthly series', async () => {
		const raw = rowsOf<{ answers: (number | null)[]; agency_id: number; local: string }>(
			await handle.db.execute(sql`
				select r.answers, r.agency_id, (r.submitted_at at time zone 'Asia/Makassar')::date::text as local
				from responses r join instruments i on i.id = r.instrument_id
				where r.mall_id = ${org.mall.id} and i.code = 'skm-2017'`)
		);
		const inRange = (r: { local: string }) => r.local >= '2025-12-01' && r.local <= '2026-02-28';
		const expectedMall = computeIkm(tallyAnswers(raw.filter(inRange).map((r) => r.answers), SKM_CODES));

		const mall = await computeIndicators(handle.db, { scope: 'mall', id: org.mall.id, from: '2025-12-01', to: '2026-02-28', granularity: 'month' }, ALL);
		expect(mall).not.toBeNull();
		expect(mall!.respondents).toBe(raw.filter(inRange).length);
		expect([mall!.ikm, mall!.ikmExact, mall!.mutu, mall!.kinerja]).toEqual([expectedMall.ikm, expectedMall.ikmExact, expectedMall.mutu, expectedMall.kinerja]);
		expect(mall!.unsur.map((u) => [u.code, u.n, u.sum])).toEqual(expectedMall.unsur.map((u) => [u.code, u.n, u.sum]));
		expect(mall!.series.map((s) => s.period)).toEqual(['2025-12', '2026-01', '2026-02']);
		for (const bucket of mall!.series) {
			const rows = raw.filter((r) => r.local >= bucket.from && r.local <= bucket.to);
			expect(bucket.respondents, bucket.period).toBe(rows.length);
			expect(bucket.ikm, bucket.period).toBe(rows.length ? computeIkm(tallyAnswers(rows.map((r) => r.answers), SKM_CODES)).ikm : null);
		}

		const agency = await computeIndicators(handle.db, { scope: 'agency', id: org.b.agency.id, from: '2025-12-01', to: '2026-02-28', granularity: 'year' }, ALL);
		const agencyRows = raw.filter((r) => inRange(r) && r.agency_id === org.b.agency.id);
		expect(agency!.ikm).toBe(computeIkm(tallyAnswers(agencyRows.map((r) => r.answers), SKM_CODES)).ikm);
		expect(agency!.series.map((s) => [s.period, s.from, s.to])).toEqual([
			['2025', '2025-12-01', '2025-12-31'],
			['2026', '2026-01-01', '2026-02-28']
		]);
		// Only the workload stored quick ratings (all between 30 Dec and 3 Jan, inside the range), and a resent one counts
		// once: with seed 42 agency b got three (a 2 and two 3s, two of them resent), so { n: 3, satisfied: 2, csat: 66.67 }.
		const quick = WORKLOAD.flat().filter((w) => w.mall === 'kupang' && w.unit === 'b' && w.kind === 'quick');
		const byValue = (v: number) => quick.filter((w) => w.quick === v).length;
		expect(quick.length).toBeGreaterThan(0);
		expect(agency!.quick).toEqual({ ...computeCsat({ 1: byValue(1), 2: byValue(2), 3: byValue(3), 4: byValue(4) }), values: [1, 2, 3, 4].map(byValue) });
	});

	it('combine monthly rows for whole months with daily rows for the days at either end', async () => {
		const raw = rowsOf<{ answers: (number | null)[]; local: string }>(
			await handle.db.execute(sql`
				select r.answers, (r.submitted_at at time zone 'Asia/Makassar')::date::text as local
				from responses r join instruments i on i.id = r.instrument_id
				where r.mall_id = ${org.mall.id} and i.code = 'skm-2017'`)
		);
		for (const [from, to] of [
			['2025-12-31', '2026-01-31'],
			['2025-12-30', '2026-01-02'],
			['2025-12-01', '2026-01-01'],
			['2026-01-01', '2026-01-31']
		] as const) {
			const rows = raw.filter((r) => r.local >= from && r.local <= to);
			for (const granularity of ['year', 'month', 'day'] as const) {
				const result = await computeIndicators(handle.db, { scope: 'mall', id: org.mall.id, from, to, granularity }, ALL);
				expect([result!.respondents, result!.ikm], `${from}..${to} by ${granularity}`).toEqual([
					rows.length,
					rows.length ? computeIkm(tallyAnswers(rows.map((r) => r.answers), SKM_CODES)).ikm : null
				]);
			}
		}
	});

	it('count the respondent profile as the raw responses give it, whole months from the rollups and the days at either end raw', async () => {
		const raw = rowsOf<{ agency_id: number; local: string; sex: string | null; age_band: string | null; education: string | null; occupation: string | null }>(
			await handle.db.execute(sql`
				select r.agency_id, (r.submitted_at at time zone 'Asia/Makassar')::date::text as local, r.sex, r.age_band, r.education, r.occupation
				from responses r join instruments i on i.id = r.instrument_id and i.feeds_ikm
				where r.mall_id = ${org.mall.id}`)
		);
		expect(raw.some((r) => r.sex !== null) && raw.some((r) => r.sex === null)).toBe(true);
		const scopes = [
			{ scope: { type: 'mall' as const, id: org.mall.id }, mine: () => true },
			{ scope: { type: 'agency' as const, id: org.b.agency.id }, mine: (r: { agency_id: number }) => r.agency_id === org.b.agency.id }
		];
		for (const { scope, mine } of scopes) {
			for (const [from, to] of [
				['2025-12-31', '2026-01-31'],
				['2025-12-30', '2026-01-02'],
				['2025-12-01', '2026-01-31'],
				['2026-01-01', '2026-01-31']
			] as const) {
				const rows = raw.filter((r) => mine(r) && r.local >= from && r.local <= to);
				const expected = new Map<string, number>();
				for (const r of rows) {
					for (const field of ['sex', 'age_band', 'education', 'occupation'] as const) {
						const key = `${field}=${r[field]}`;
						expected.set(key, (expected.get(key) ?? 0) + 1);
					}
				}
				const counts = await profileCounts(handle.db, scope, { mallId: org.mall.id, timeZone: 'Asia/Makassar', from, to, receivedBy: null });
				const got = new Map(counts.map((c) => [`${c.field}=${c.value}`, c.count]));
				expect(got, `${scope.type} ${from}..${to}`).toEqual(expected);
			}
		}
	});

	it('draw the hour × weekday heatmap as the raw answers give it, for each scope and range', async () => {
		const raw = rowsOf<{ answers: (number | null)[]; agency_id: number; counter_id: number; local: string; weekday: number; hour: number }>(
			await handle.db.execute(sql`
				select r.answers, r.agency_id, r.counter_id, (r.submitted_at at time zone 'Asia/Makassar')::date::text as local,
					extract(isodow from r.submitted_at at time zone 'Asia/Makassar')::int as weekday,
					extract(hour from r.submitted_at at time zone 'Asia/Makassar')::int as hour
				from responses r join instruments i on i.id = r.instrument_id and i.feeds_ikm
				where r.mall_id = ${org.mall.id}`)
		);
		const scopes = [
			[{ type: 'mall' as const, id: org.mall.id }, () => true],
			[{ type: 'agency' as const, id: org.b.agency.id }, (r: { agency_id: number }) => r.agency_id === org.b.agency.id],
			[{ type: 'counter' as const, id: org.a.counter.id }, (r: { counter_id: number }) => r.counter_id === org.a.counter.id]
		] as const;
		let compared = 0;
		for (const [scope, inScope] of scopes) {
			for (const [from, to] of [
				['2025-12-01', '2026-02-28'],
				['2025-12-31', '2026-01-31'],
				['2025-12-30', '2026-01-02']
			] as const) {
				const cells = new Map<string, { responses: number; sum: number; n: number }>();
				for (const r of raw.filter((r) => inScope(r as never) && r.local >= from && r.local <= to)) {
					const key = `${r.weekday}|${r.hour}`;
					const cell = cells.get(key) ?? { responses: 0, sum: 0, n: 0 };
					const unsur = r.answers.slice(0, 9).filter((v): v is number => v !== null);
					cell.responses += 1;
					cell.sum += unsur.reduce((a, v) => a + v, 0);
					cell.n += unsur.length;
					cells.set(key, cell);
				}
				const expected = [...cells].map(([key, c]) => [key, c.responses, c.n ? c.sum / c.n : null]).sort();
				const got = (await heatmapCells(handle.db, scope, { from, to })).map((c) => [`${c.weekday}|${c.hour}`, c.responses, c.mean]).sort();
				expect(got, `${scope.type} ${from}..${to}`).toEqual(expected);
				compared += expected.length;
			}
		}
		expect(compared).toBeGreaterThan(20);
	});

	it('hides another mall\'s scopes from a token limited to one mall', async () => {
		const query = { scope: 'agency' as const, id: jakarta.a.agency.id, from: '2026-01-01', to: '2026-01-31', granularity: 'day' as const };
		expect(await computeIndicators(handle.db, query, { ...ALL, mallId: org.mall.id })).toBeNull();
		expect(await computeIndicators(handle.db, query, { ...ALL, mallId: jakarta.mall.id })).not.toBeNull();
		expect(await computeIndicators(handle.db, { ...query, id: 999_999 }, ALL)).toBeNull();
		// A manager of agency a reads a, its services and counters, and neither b nor the mall.
		const manager = { userId: 1, role: 'manager' as const, mallId: jakarta.mall.id, agencyIds: [jakarta.a.agency.id] };
		expect(await computeIndicators(handle.db, query, manager)).not.toBeNull();
		expect(await computeIndicators(handle.db, { ...query, scope: 'counter', id: jakarta.a.counter.id }, manager)).not.toBeNull();
		expect(await computeIndicators(handle.db, { ...query, id: jakarta.b.agency.id }, manager)).toBeNull();
		expect(await computeIndicators(handle.db, { ...query, scope: 'service', id: jakarta.b.service.id }, manager)).toBeNull();
		expect(await computeIndicators(handle.db, { ...query, scope: 'mall', id: jakarta.mall.id }, manager)).toBeNull();
	});
});
