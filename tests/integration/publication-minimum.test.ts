/**
 * Below 5 respondents nothing points at a person in public: such a report cannot be published, /publik and its open
 * data show a unit of 1–4 respondents as "fewer than 5" without figures, and /verify shows its n but no figures.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_PUBLISHED_CELL } from '../../src/lib/domain/privacy';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { reportSnapshots, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { csvLine } from '../../src/lib/server/reports/matrix-export';
import { OPEN_DATA_SMALL_COUNT, openDataRows, publishedReports, verificationOf } from '../../src/lib/server/reports/publication';
import { finalizeReport, findSnapshotByHash, listSnapshots, setPublished } from '../../src/lib/server/reports/snapshots';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
const MAY = parsePeriod('month', '2026-05')!;
const JUNE = parsePeriod('month', '2026-06')!;
/** Tests finalize the same ended period more than once: each later finalization replaces the current one, with a reason. */
const AGAIN = { reason: 'finalized again by a later test' };

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'small-units');
	const at = (day: number) => new Date(Date.UTC(2026, 4, day, 2));
	await handle.db.insert(responses).values([
		// May: agency a has 4 respondents (one fewer than the minimum), agency b exactly 5.
		...[1, 2, 3, 4].map((day) => responseRow(org, 'a', [1, 2, 1, 2, 1, 2, 1, 2, 1], { submittedAt: at(day), sex: 'L', education: 'S2' })),
		...[5, 6, 7, 8, 11].map((day) => responseRow(org, 'b', [4, 4, 3, 4, 4, 3, 4, 4, 4], { submittedAt: at(day), sex: 'P', education: 'SMA' })),
		// June: one citizen of agency a.
		responseRow(org, 'a', [4, 1, 4, 1, 4, 1, 4, 1, 4], { submittedAt: new Date('2026-06-02T02:00:00Z'), sex: 'P', ageBand: '17-25', occupation: 'Swasta' })
	]);
	await rebuildRollups(handle.db);
});
afterAll(async () => {
	await handle?.close();
});

const admin = () => ({ userId: null, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const agencyA = () => ({ type: 'agency' as const, id: org.a.agency.id });

describe(`a report of fewer than ${MIN_PUBLISHED_CELL} respondents`, () => {
	it('cannot be published (withdrawing still works); 5 respondents can', async () => {
		const single = (await finalizeReport(handle.db, admin(), null, agencyA(), JUNE, AGAIN)).hash!;
		expect((await findSnapshotByHash(handle.db, single))!.report.figures.respondents).toBe(1);
		expect(await setPublished(handle.db, admin(), single, true)).toBe('too_few');
		expect((await findSnapshotByHash(handle.db, single))!.published).toBe(false);
		expect(await setPublished(handle.db, admin(), single, false)).toBe('done');
		const four = (await finalizeReport(handle.db, admin(), null, agencyA(), MAY, AGAIN)).hash!;
		expect(await setPublished(handle.db, admin(), four, true)).toBe('too_few');
		const five = (await finalizeReport(handle.db, admin(), null, { type: 'agency', id: org.b.agency.id }, MAY, AGAIN)).hash!;
		expect((await findSnapshotByHash(handle.db, five))!.report.figures.respondents).toBe(5);
		expect(await setPublished(handle.db, admin(), five, true)).toBe('done');
		// The reports page lists each snapshot's n, so it can say why one is not publishable.
		expect((await listSnapshots(handle.db, admin(), agencyA())).map((s) => s.respondents).sort()).toEqual([1, 4]);
	});

	it('published before the rule, is left out of /publik', async () => {
		const single = (await finalizeReport(handle.db, admin(), null, agencyA(), JUNE, AGAIN)).hash!;
		// Only publication may change on a snapshot: as an older version of Puas would have published it.
		await handle.db.update(reportSnapshots).set({ published: true, publishedAt: new Date() }).where(eq(reportSnapshots.hash, single));
		expect((await publishedReports(handle.db, org.mall.id)).map((r) => r.hash)).not.toContain(single);
		await handle.db.update(reportSnapshots).set({ published: false, publishedAt: null }).where(eq(reportSnapshots.hash, single));
	});

	it('is verified by its hash with its unit, period and n, but no IKM, per-unsur figures or profile', async () => {
		const single = (await finalizeReport(handle.db, admin(), null, agencyA(), JUNE, AGAIN)).hash!;
		const verification = verificationOf((await findSnapshotByHash(handle.db, single))!);
		expect(verification).toMatchObject({
			hash: single,
			intact: true,
			respondents: 1,
			minRespondents: MIN_PUBLISHED_CELL,
			identity: { scope: { type: 'agency', id: org.a.agency.id, name: 'Agency a' } },
			period: { value: '2026-06' },
			figures: null,
			unsur: null
		});
		const text = JSON.stringify(verification);
		for (const figure of ['"ikm', '"nrr', '"sum"', '"profile"', 'Swasta', '17-25', '"mutu"']) expect(text).not.toContain(figure);

		const five = (await finalizeReport(handle.db, admin(), null, { type: 'agency', id: org.b.agency.id }, MAY, AGAIN)).hash!;
		const shown = verificationOf((await findSnapshotByHash(handle.db, five))!);
		expect(shown.figures).toMatchObject({ respondents: 5, ikm: expect.any(Number) });
		expect(shown.unsur).toHaveLength(9);
	});
});

describe('/publik and its open data', () => {
	it(`show a unit of 1–${MIN_PUBLISHED_CELL - 1} respondents as "fewer than ${MIN_PUBLISHED_CELL}", without its IKM or mutu`, async () => {
		const hash = (await finalizeReport(handle.db, admin(), null, { type: 'mall', id: org.mall.id }, MAY, AGAIN)).hash!;
		expect(await setPublished(handle.db, admin(), hash, true)).toBe('done');
		const report = (await publishedReports(handle.db, org.mall.id)).find((r) => r.hash === hash)!;
		expect(report.respondents).toBe(9);
		const unit = (type: string, name: string) => report.units.find((u) => u.type === type && u.name === name)!;
		expect(unit('agency', 'Agency a')).toEqual({ type: 'agency', name: 'Agency a', agency: 'Agency a', respondents: null, ikm: null, mutu: null, kinerja: null });
		expect(unit('service', 'Service a')).toMatchObject({ respondents: null, ikm: null, mutu: null, kinerja: null });
		expect(unit('agency', 'Agency b')).toMatchObject({ respondents: 5, ikm: expect.any(Number), mutu: expect.any(String) });
		expect(unit('service', 'Service b')).toMatchObject({ respondents: 5, ikm: expect.any(Number) });
		// The profile: 4 men hidden, 5 women shown.
		expect(report.profile.sex).toEqual([
			{ value: 'L', count: null },
			{ value: 'P', count: 5 }
		]);

		const rows = openDataRows([report]);
		const agencyA = rows.find((row) => row[4] === 'agency' && row[5] === 'Agency a')!;
		expect(agencyA.slice(7, 10)).toEqual([OPEN_DATA_SMALL_COUNT, null, null]);
		expect(OPEN_DATA_SMALL_COUNT).toBe('<5');
		expect(csvLine(agencyA, ',')).toBe(`2026-05,2026-05-01,2026-05-31,Mall small-units,agency,Agency a,Agency a,<5,,,${hash}\r\n`);
		const agencyB = rows.find((row) => row[4] === 'agency' && row[5] === 'Agency b')!;
		expect(agencyB[7]).toBe(5);
		expect(JSON.stringify(report)).not.toContain('"sum"');
	});
});
