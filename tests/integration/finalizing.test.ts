/**
 * Honest finalizing and publishing (issue 16): only an ended period with respondents can be final; one final report per
 * scope and period, replaced only with a reason (both hashes keep verifying, the old one leaves /publik); the reform
 * sheet counts distinct, non-overlapping rounds; the home page shows visitors published figures only.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { reportSnapshots, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { buildReformSheet } from '../../src/lib/server/reform/sheet';
import { publishedHome, publishedReports, verificationOf } from '../../src/lib/server/reports/publication';
import { canonicalJson, finalizeReport, findSnapshotByHash, listSnapshots, setPublished, sha256Hex } from '../../src/lib/server/reports/snapshots';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { listAudit } from '../../src/lib/server/audit/audit';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
/** 2 December 2026, 11.00 in Kupang (Asia/Makassar, UTC+8): two days into December. */
const NOW = new Date('2026-12-02T03:00:00Z');
const period = (kind: string, value: string) => parsePeriod(kind, value)!;
const admin = () => ({ userId: null, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const agencyA = () => ({ type: 'agency' as const, id: org.a.agency.id });
const agencyB = () => ({ type: 'agency' as const, id: org.b.agency.id });
const at = (iso: string) => ({ now: new Date(iso) });

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'finalizing');
	const answers = [4, 3, 4, 3, 4, 3, 4, 3, 4];
	await handle.db.insert(responses).values([
		// Agency a: six in the third quarter, two in the second, one on 1 December 2026.
		...['07-03', '07-20', '08-04', '08-19', '09-02', '09-28'].map((d) => responseRow(org, 'a', answers, { submittedAt: new Date(`2026-${d}T02:00:00Z`) })),
		...['04-14', '05-12'].map((d) => responseRow(org, 'a', answers, { submittedAt: new Date(`2026-${d}T02:00:00Z`) })),
		responseRow(org, 'a', answers, { submittedAt: new Date('2026-12-01T02:00:00Z') }),
		// Agency b: two in November (fewer than 5: never publishable); one at 23.30 on 30 November in Kupang.
		responseRow(org, 'b', answers, { submittedAt: new Date('2026-11-10T02:00:00Z') }),
		responseRow(org, 'b', answers, { submittedAt: new Date('2026-11-30T15:30:00Z') })
	]);
	await rebuildRollups(handle.db);
});
afterAll(async () => {
	await handle?.close();
});

const currentOf = (scopeId: number, kind: string, value: string) =>
	handle.db
		.select()
		.from(reportSnapshots)
		.where(and(eq(reportSnapshots.scopeId, scopeId), eq(reportSnapshots.periodKind, kind), eq(reportSnapshots.periodValue, value), isNull(reportSnapshots.supersededAt)));

describe('finalizing', () => {
	it('refuses a period that has not begun, one still running and one without respondents', async () => {
		expect(await finalizeReport(handle.db, admin(), null, agencyA(), period('year', '2027'), { now: NOW })).toEqual({ refused: 'not_ended' });
		expect(await finalizeReport(handle.db, admin(), null, agencyA(), period('month', '2026-12'), { now: NOW })).toEqual({ refused: 'not_ended' });
		expect(await finalizeReport(handle.db, admin(), null, agencyA(), period('semester', '2026-S2'), { now: NOW })).toEqual({ refused: 'not_ended' });
		expect(await finalizeReport(handle.db, admin(), null, agencyA(), period('year', '2026'), { now: NOW })).toEqual({ refused: 'not_ended' });
		expect(await finalizeReport(handle.db, admin(), null, agencyA(), period('custom', '2026-11-01..2026-12-02'), { now: NOW })).toEqual({ refused: 'not_ended' });
		expect(await finalizeReport(handle.db, admin(), null, agencyA(), period('month', '2026-02'), { now: NOW })).toEqual({ refused: 'empty' });
		expect(await finalizeReport(handle.db, admin(), null, agencyB(), period('quarter', '2026-Q3'), { now: NOW })).toEqual({ refused: 'empty' });
		// An evaluator reads; they never finalize.
		expect(await finalizeReport(handle.db, { ...admin(), role: 'evaluator' as const }, null, agencyA(), period('quarter', '2026-Q3'), { now: NOW })).toEqual({ refused: 'forbidden' });
		expect(await handle.db.select().from(reportSnapshots)).toEqual([]);
	});

	it("reads the end of a period in the hall's time zone", async () => {
		// 30 November 16.30 UTC is already 1 December 00.30 in Kupang: November has ended there.
		const done = await finalizeReport(handle.db, admin(), null, agencyB(), period('month', '2026-11'), at('2026-11-30T16:30:00Z'));
		expect(done.hash).toMatch(/^[0-9a-f]{64}$/);
		expect((await findSnapshotByHash(handle.db, done.hash!))!.report.figures.respondents).toBe(2);
		// Below 5 respondents it cannot be published.
		expect(await setPublished(handle.db, admin(), done.hash!, true)).toBe('too_few');
		const earlier = await finalizeReport(handle.db, admin(), null, agencyB(), period('custom', '2026-11-01..2026-11-30'), at('2026-11-30T15:59:00Z'));
		expect(earlier).toEqual({ refused: 'not_ended' }); // 23.59 on 30 November in Kupang
	});

	it('finalizes once; again only with a reason, which supersedes the current report in one step', async () => {
		const q3 = period('quarter', '2026-Q3');
		const first = await finalizeReport(handle.db, admin(), null, agencyA(), q3, { now: NOW });
		expect(first).toMatchObject({ supersedes: null });
		expect(await setPublished(handle.db, admin(), first.hash!, true)).toBe('done');

		expect(await finalizeReport(handle.db, admin(), null, agencyA(), q3, { now: NOW })).toEqual({ refused: 'reason_required' });
		expect(await finalizeReport(handle.db, admin(), null, agencyA(), q3, { now: NOW, reason: '' })).toEqual({ refused: 'reason_required' });

		// A late import arrives for September: the unit finalizes again, saying why.
		await handle.db.insert(responses).values(responseRow(org, 'a', [2, 2, 2, 2, 2, 2, 2, 2, 2], { submittedAt: new Date('2026-09-29T02:00:00Z') }));
		await rebuildRollups(handle.db);
		const later = new Date('2026-12-03T01:00:00Z');
		const actor = { userId: null, label: 'admin@finalizing.go.id' };
		const second = await finalizeReport(handle.db, admin(), null, agencyA(), q3, { now: later, reason: 'Impor kertas September terlambat', actor });
		expect(second).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), supersedes: first.hash });
		// The replacement, who made it and why, is in the audit log.
		expect((await listAudit(handle.db, org.mall.id, { action: 'report' })).rows).toEqual([
			expect.objectContaining({
				actor: 'admin@finalizing.go.id',
				action: 'report.supersede',
				before: { hash: first.hash },
				after: { hash: second.hash, scope: `agency-${org.a.agency.id}`, period: '2026-Q3', reason: 'Impor kertas September terlambat' }
			})
		]);

		const old = (await findSnapshotByHash(handle.db, first.hash!))!;
		const replacement = (await findSnapshotByHash(handle.db, second.hash!))!;
		expect(old).toMatchObject({ intact: true, published: false, publishedAt: null, supersededAt: later, supersededBy: { hash: second.hash, reason: 'Impor kertas September terlambat' } });
		expect(replacement).toMatchObject({ intact: true, published: false, supersededAt: null, supersedes: first.hash, supersedeReason: 'Impor kertas September terlambat' });
		expect(old.report.figures.respondents).toBe(6);
		expect(replacement.report.figures.respondents).toBe(7);
		// /verify: both hashes verify; the old one names its replacement, the new one what it replaced, with the reason.
		expect(verificationOf(old)).toMatchObject({ intact: true, supersededBy: { hash: second.hash, at: later, reason: 'Impor kertas September terlambat' }, supersedes: null });
		expect(verificationOf(replacement)).toMatchObject({ intact: true, supersededBy: null, supersedes: { hash: first.hash, reason: 'Impor kertas September terlambat' } });
		// The reports page lists both, the old one superseded.
		const listed = (await listSnapshots(handle.db, admin(), agencyA())).filter((s) => s.periodValue === '2026-Q3');
		expect(listed.map((s) => [s.hash, s.supersededAt, s.supersededBy?.hash ?? null])).toEqual([
			[second.hash, null, null],
			[first.hash, later, second.hash]
		]);

		// Only the current report may be public.
		expect(await setPublished(handle.db, admin(), first.hash!, true)).toBe('superseded');
		expect(await setPublished(handle.db, admin(), second.hash!, true)).toBe('done');
		expect((await publishedReports(handle.db, org.mall.id)).map((r) => r.hash)).toEqual([second.hash]);
		// The database holds the rules too: a superseded report cannot be published, nor superseded twice.
		const refusal = (query: PromiseLike<unknown>) => Promise.resolve(query).then(() => 'accepted', (err: Error & { cause?: Error }) => err.cause?.message ?? err.message);
		expect(await refusal(handle.db.update(reportSnapshots).set({ published: true, publishedAt: new Date() }).where(eq(reportSnapshots.hash, first.hash!)))).toMatch(/superseded_unpublished/);
		expect(await refusal(handle.db.update(reportSnapshots).set({ supersededAt: new Date() }).where(eq(reportSnapshots.hash, first.hash!)))).toMatch(/already superseded/);
		expect(await currentOf(org.a.agency.id, 'quarter', '2026-Q3')).toHaveLength(1);
	});

	it('two finalizations at the same moment give one current report; the other is refused', async () => {
		const q2 = period('quarter', '2026-Q2');
		const results = await Promise.all(Array.from({ length: 4 }, () => finalizeReport(handle.db, admin(), null, agencyA(), q2, { now: NOW })));
		const done = results.filter((r) => r.hash);
		expect(done).toHaveLength(1);
		// PGlite runs transactions one after the other (the later ones see the first: a reason is needed); PostgreSQL
		// runs them at once and the unique index refuses all but one.
		for (const r of results.filter((r) => !r.hash)) expect(['reason_required', 'concurrent']).toContain(r.refused);
		expect(await currentOf(org.a.agency.id, 'quarter', '2026-Q2')).toHaveLength(1);

		// Replacing at the same moment, each with a reason: still one current, and a chain without forks.
		const replaced = await Promise.all(Array.from({ length: 3 }, (_, i) => finalizeReport(handle.db, admin(), null, agencyA(), q2, { now: NOW, reason: `Koreksi ${i}` })));
		expect(replaced.filter((r) => r.hash).length).toBeGreaterThanOrEqual(1);
		for (const r of replaced.filter((r) => !r.hash)) expect(r.refused).toBe('concurrent');
		const current = await currentOf(org.a.agency.id, 'quarter', '2026-Q2');
		expect(current).toHaveLength(1);
		const all = await handle.db.select().from(reportSnapshots).where(and(eq(reportSnapshots.scopeId, org.a.agency.id), eq(reportSnapshots.periodValue, '2026-Q2')));
		expect(all).toHaveLength(1 + replaced.filter((r) => r.hash).length);
		expect(new Set(all.map((s) => s.supersedes).filter(Boolean)).size).toBe(all.length - 1);
	});
});

describe('the reform sheet counts distinct, non-overlapping finalized rounds', () => {
	it("scores the issue's example 0: reports frozen before their period ended, or of a month, are no round", async () => {
		const db = handle.db;
		// What a manager did before Puas refused it: 2027 (not begun) and 2026-12 (two days in) finalized on 2 December,
		// 2026-S1 finalized twice while it ran (the migration kept the later one current, the earlier superseded).
		const stored = async (kind: string, value: string, finalizedAt: Date, extra: Partial<typeof reportSnapshots.$inferInsert> = {}) => {
			const p = period(kind, value);
			const canonical = canonicalJson({ figures: { respondents: 3 }, period: p, nonce: `${value}-${finalizedAt.toISOString()}` });
			const hash = sha256Hex(canonical);
			await db.insert(reportSnapshots).values({ hash, mallId: org.mall.id, scopeType: 'agency', scopeId: org.b.agency.id, agencyId: org.b.agency.id, periodKind: kind, periodValue: value, periodFrom: p.from, periodTo: p.to, receivedBy: finalizedAt, canonical, finalizedAt, ...extra });
			return hash;
		};
		await stored('year', '2027', NOW);
		await stored('month', '2026-12', NOW);
		const s1 = await stored('semester', '2026-S1', new Date('2026-06-10T02:00:00Z'), { supersededAt: new Date('2026-06-20T02:00:00Z') });
		await stored('semester', '2026-S1', new Date('2026-06-20T02:00:00Z'), { supersedes: s1, supersedeReason: 'Difinalkan ulang sebelum Puas meminta alasan penggantian.' });
		const sheetOf = async (year: number) => (await buildReformSheet(db, admin(), { type: 'agency', id: org.b.agency.id }, year, NOW))!.skmFrequency;
		expect(await sheetOf(2026)).toMatchObject({ surveys: 0, score: 0 });
		expect(await sheetOf(2027)).toMatchObject({ surveys: 0, score: 0 });
	});

	it('counts real quarters and semesters, the best non-overlapping set', async () => {
		const db = handle.db;
		const sheet = async () => (await buildReformSheet(db, admin(), agencyA(), 2026, new Date('2026-12-04T00:00:00Z')))!.skmFrequency;
		// Agency a so far: 2026-Q2 and 2026-Q3 (each once current), plus months and custom ranges that never count.
		expect(await finalizeReport(db, admin(), null, agencyA(), period('month', '2026-07'), { now: NOW })).toMatchObject({ supersedes: null });
		expect(await finalizeReport(db, admin(), null, agencyA(), period('custom', '2026-07-01..2026-08-15'), { now: NOW })).toMatchObject({ supersedes: null });
		expect(await sheet()).toMatchObject({ surveys: 2, score: 0.5 });
		// S1 overlaps Q2: Q2 + Q3 stays the best set (2), not 3.
		expect(await finalizeReport(db, admin(), null, agencyA(), period('semester', '2026-S1'), { now: NOW })).toMatchObject({ supersedes: null });
		expect(await sheet()).toMatchObject({ surveys: 2, score: 0.5 });
	});
});

describe('the home page for visitors', () => {
	it('shows the newest published report of each unit, never a live or unpublished figure', async () => {
		const db = handle.db;
		const mall = { type: 'mall' as const, id: org.mall.id };
		const q3 = await finalizeReport(db, admin(), null, mall, period('quarter', '2026-Q3'), { now: NOW });
		expect(await setPublished(db, admin(), q3.hash!, true)).toBe('done');
		// Q2 of the mall is final but not published: it never shows.
		await finalizeReport(db, admin(), null, mall, period('quarter', '2026-Q2'), { now: NOW });
		const home = publishedHome(await publishedReports(db, org.mall.id));
		expect(home.mall).toMatchObject({ hash: q3.hash, period: { value: '2026-Q3' }, respondents: 7 });
		// Agency a's own published 2026-Q3 report (the replacement) wins the tie with its row in the mall's report.
		const published = (await listSnapshots(db, admin(), agencyA())).find((s) => s.periodValue === '2026-Q3' && !s.supersededAt)!;
		expect(home.agencies.find((a) => a.name === 'Agency a')).toEqual({ name: 'Agency a', respondents: 7, ikm: expect.any(Number), mutu: expect.any(String), kinerja: expect.any(String), period: '2026-Q3', hash: published.hash });
		// Agency b has no published report of its own (its November one has 2 respondents): its row of the mall's report.
		expect(home.agencies.find((a) => a.name === 'Agency b')).toMatchObject({ period: '2026-Q3', hash: q3.hash, ikm: null });
	});
});
