/**
 * Innovation and reform indicators on a real database: service volumes (all rows or none, per-agency rights),
 * the innovation register's access rules, the IPAK and IPKP indices from SKM + IPAK responses, the before/after
 * analysis, and the reform indicator sheet's figures from known data.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPAK_CODES, SKM_CODES, SKM_IPAK_V1 } from '../../src/lib/domain/instruments';
import { perceptionIndex } from '../../src/lib/domain/perception';
import { parsePeriod } from '../../src/lib/domain/report-period';
import type { Access } from '../../src/lib/domain/roles';
import { computeIkm, tallyAnswers } from '../../src/lib/domain/skm';
import { volumeRecords, type RawVolume } from '../../src/lib/domain/volume-rows';
import { readCsvRecords } from '../../src/lib/server/import/matrix-csv';
import { executePrepared } from '../../src/lib/server/db/client';
import { agencies, alertRules, complaints, followUps, responses, services } from '../../src/lib/server/db/schema';
import { evaluateAlerts } from '../../src/lib/server/alerts/evaluate';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { computeIndicators } from '../../src/lib/server/indicators/indicators';
import { krejcieMorganTarget } from '../../src/lib/domain/sampling';
import { analyseImpact } from '../../src/lib/server/innovation/impact';
import { createInnovation, findInnovation, InnovationFormSchema, listInnovations, updateInnovation } from '../../src/lib/server/innovation/innovations';
import { volumeSampleAdequacy } from '../../src/lib/server/volumes/sample-adequacy';
import { complete, scopeVolumes, storeVolumes } from '../../src/lib/server/volumes/volumes';
import { createAgency, createService } from '../../src/lib/server/organization/settings';
import { recordOfflinePublication } from '../../src/lib/server/reform/queries';
import { buildReformSheet } from '../../src/lib/server/reform/sheet';
import { sheetRows } from '../../src/lib/server/reform/text';
import { finalizeReport, setPublished } from '../../src/lib/server/reports/snapshots';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { publishInstrument } from '../../src/lib/server/surveys/instruments';
import * as v from 'valibot';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let admin: Access & { mallId: number };
let managerA: Access & { mallId: number };
let evaluator: Access & { mallId: number };

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db);
	admin = { userId: null, role: 'admin', mallId: org.mall.id, agencyIds: null };
	managerA = { userId: null, role: 'manager', mallId: org.mall.id, agencyIds: [org.a.agency.id] };
	evaluator = { userId: null, role: 'evaluator', mallId: org.mall.id, agencyIds: null };
});
afterAll(async () => {
	await handle?.close();
});

const rows = (list: [string, string, string, string?][]): RawVolume[] =>
	list.map(([service, month, served, servedOnline], i) => ({ row: i + 2, service, month, served, servedOnline: servedOnline ?? '' }));

describe('service volumes', () => {
	it('stores months, replaces a month posted again, and reads a scope month by month', async () => {
		expect(await storeVolumes(handle.db, admin, rows([['a-svc', '2025-01', '100', '10'], ['a-svc', '2025-02', '120'], ['b-svc', '2025-01', '50', '5']]), 'csv')).toMatchObject({
			stored: [{ service: 'a-svc', month: '2025-01' }, { service: 'a-svc', month: '2025-02' }, { service: 'b-svc', month: '2025-01' }]
		});
		await storeVolumes(handle.db, admin, rows([['a-svc', '2025-02', '130', '13']]), 'api');
		const mall = await scopeVolumes(handle.db, org.mall.id, { type: 'mall', id: org.mall.id }, '2025-01-01', '2025-03-01');
		expect(mall.months).toEqual([
			{ month: '2025-01-01', served: 150, servedOnline: 15 },
			// b did not report February: its online share is unknown for the mall, and the month is incomplete.
			{ month: '2025-02-01', served: 130, servedOnline: 13 }
		]);
		expect(mall.services).toBe(2);
		expect(mall.reporting.get('2025-02-01')).toBe(1);
		const [source] = await executePrepared<{ source: string; served: number }>(
			handle.db,
			sql`select source, served from service_volumes where service_id = ${org.a.service.id} and month = '2025-02-01'`
		);
		expect(source).toEqual({ source: 'api', served: 130 });
	});

	it('counts a month complete when every service in use during it reported: one added later or archived before does not count', async () => {
		const hall = await createOrganization(handle.db, 'volume-life');
		const hallAdmin = { userId: null, role: 'admin' as const, mallId: hall.mall.id, agencyIds: null };
		const from = '2025-01-01';
		const to = '2025-04-01';
		const quarterComplete = async () => complete(await scopeVolumes(handle.db, hall.mall.id, { type: 'mall', id: hall.mall.id }, from, to), from, to);
		// The hall's two services began in 2024 and reported every month of 2025's first quarter.
		await handle.db.update(services).set({ createdAt: new Date('2024-06-01T00:00:00Z') }).where(eq(services.mallId, hall.mall.id));
		const quarter = ['2025-01', '2025-02', '2025-03'];
		const reported = await storeVolumes(handle.db, hallAdmin, rows(quarter.flatMap((month): [string, string, string][] => [['a-svc', month, '100'], ['b-svc', month, '50']])), 'csv');
		expect('stored' in reported && reported.stored).toHaveLength(6);
		expect(await quarterComplete()).toBe(true);

		// A new agency joins the hall today, with a service and no volumes: the past stays complete.
		const agency = await createAgency(handle.db, hall.mall.id, { code: 'baru', name: 'Instansi Baru' });
		if (!('id' in agency)) throw new Error(agency.error);
		const added = await createService(handle.db, hall.mall.id, { agencyId: agency.id, code: 'baru-svc', name: 'Layanan Baru', isFree: true });
		if (!('id' in added)) throw new Error(added.error);
		expect(await quarterComplete()).toBe(true);

		// Had it begun in mid-February (its first volume recorded for January, say, from the unit's own books), the months
		// from then on would lack its figure.
		await storeVolumes(handle.db, hallAdmin, rows([['baru-svc', '2025-01', '30']]), 'csv');
		const withHistory = await scopeVolumes(handle.db, hall.mall.id, { type: 'mall', id: hall.mall.id }, from, to);
		expect([...withHistory.expected.values()]).toEqual([3, 3, 3]);
		expect(complete(withHistory, from, to)).toBe(false);
		await storeVolumes(handle.db, hallAdmin, rows([['baru-svc', '2025-02', '30'], ['baru-svc', '2025-03', '30']]), 'csv');
		expect(await quarterComplete()).toBe(true);

		// Created in mid-February without earlier volumes: February and March expect it, January does not.
		const late = await createService(handle.db, hall.mall.id, { agencyId: agency.id, code: 'feb-svc', name: 'Layanan Februari', isFree: true });
		if (!('id' in late)) throw new Error(late.error);
		await handle.db.update(services).set({ createdAt: new Date('2025-02-14T03:00:00Z') }).where(eq(services.id, late.id));
		const withLate = await scopeVolumes(handle.db, hall.mall.id, { type: 'mall', id: hall.mall.id }, from, to);
		expect(Object.fromEntries(withLate.expected)).toEqual({ '2025-01-01': 3, '2025-02-01': 4, '2025-03-01': 4 });
		expect(complete(withLate, from, to)).toBe(false);

		// Archived before the quarter began (with its agency): none of the quarter expects it.
		await handle.db.update(services).set({ archivedAt: new Date('2024-12-20T03:00:00Z') }).where(eq(services.id, late.id));
		expect(await quarterComplete()).toBe(true);
		await handle.db.update(agencies).set({ archivedAt: new Date('2024-12-20T03:00:00Z') }).where(eq(agencies.id, agency.id));
		expect(Object.fromEntries((await scopeVolumes(handle.db, hall.mall.id, { type: 'mall', id: hall.mall.id }, from, to)).expected)).toEqual({
			'2025-01-01': 2,
			'2025-02-01': 2,
			'2025-03-01': 2
		});
	});

	it('stores nothing when one row names an unknown service, or one of an agency the manager does not hold', async () => {
		const before = await executePrepared<{ n: number | string }>(handle.db, sql`select count(*) as n from service_volumes`);
		expect(await storeVolumes(handle.db, admin, rows([['a-svc', '2025-03', '1'], ['nope', '2025-03', '1']]), 'csv')).toEqual({
			problems: [{ row: 3, column: 'service', kind: 'service' }]
		});
		expect(await storeVolumes(handle.db, managerA, rows([['a-svc', '2025-03', '1'], ['b-svc', '2025-03', '1']]), 'form')).toEqual({
			problems: [{ row: 3, column: 'service', kind: 'service' }]
		});
		expect(await executePrepared(handle.db, sql`select count(*) as n from service_volumes`)).toEqual(before);
	});

	it('names every bad row of a CSV at once: format problems and unknown services together, all counted', async () => {
		const before = await executePrepared<{ n: number | string }>(handle.db, sql`select count(*) as n from service_volumes`);
		const csv = ['layanan;bulan;dilayani;daring', 'a-svc;2025-1;10;', 'a-svc;2025-02;sepuluh;', 'b-svc;2025-03;5;6', 'nope;2025-04;1;', 'a-svc;2025-05;7;'].join('\n');
		const read = await readCsvRecords(new TextEncoder().encode(csv));
		if ('problem' in read) throw new Error('the CSV is readable');
		const records = volumeRecords(read.records);
		if ('problem' in records) throw new Error('the CSV has its columns');
		expect(await storeVolumes(handle.db, admin, records.raw, 'csv')).toEqual({
			problems: [
				{ row: 2, column: 'month', kind: 'month' },
				{ row: 3, column: 'served', kind: 'served' },
				{ row: 4, column: 'servedOnline', kind: 'online_above_served' },
				{ row: 5, column: 'service', kind: 'service' }
			]
		});
		// Past 50 problems they are all still counted (the page lists 50 and says how many there are).
		const many = Array.from({ length: 120 }, (_, i): [string, string, string] => [i % 2 ? 'nope' : 'a-svc', `2025-${String((i % 12) + 1).padStart(2, '0')}`, 'x']);
		const refused = await storeVolumes(handle.db, admin, rows(many), 'csv');
		expect('problems' in refused && refused.problems.length).toBe(120 + 60 + 108);
		expect(await executePrepared(handle.db, sql`select count(*) as n from service_volumes`)).toEqual(before);
	});

	it('refuses a month that has not begun in the mall’s time zone, and takes the current one', async () => {
		// 23:30 on 30 November in Makassar (the fixture mall's zone) — already 1 December in UTC+9, the machine's zone.
		const lateNovember = new Date('2026-11-30T15:30:00Z');
		expect(await storeVolumes(handle.db, admin, rows([['a-svc', '2026-11', '40'], ['a-svc', '2026-12', '3'], ['b-svc', '2027-06', '9']]), 'api', lateNovember)).toEqual({
			problems: [
				{ row: 3, column: 'month', kind: 'future_month' },
				{ row: 4, column: 'month', kind: 'future_month' }
			]
		});
		// An hour later December has begun in Makassar: its running total is taken.
		const december = new Date('2026-11-30T16:30:00Z');
		expect(await storeVolumes(handle.db, admin, rows([['a-svc', '2026-12', '3']]), 'api', december)).toEqual({
			stored: [{ service: 'a-svc', month: '2026-12', served: 3, servedOnline: null }]
		});
		await handle.db.execute(sql`delete from service_volumes where month = '2026-12-01'`);
	});
});

const form = (fields: Record<string, string>) =>
	v.parse(InnovationFormSchema, { name: 'Inovasi', launch_date: '2025-02-03', kind: 'public-service', medium: 'digital', stage: 'deliver', ...fields });

describe('innovation register', () => {
	it('lets a manager register and edit their agency’s innovations, and nothing else', async () => {
		const id = await createInnovation(handle.db, managerA, form({ name: 'Loket A cepat', agency: String(org.a.agency.id), evidence: 'https://example.org/a\n\nhttps://example.org/b' }));
		const found = await findInnovation(handle.db, managerA, id);
		expect(found).toMatchObject({ name: 'Loket A cepat', agencyId: org.a.agency.id, evidenceLinks: ['https://example.org/a', 'https://example.org/b'], editable: true });
		await updateInnovation(handle.db, managerA, id, form({ name: 'Loket A lebih cepat', agency: String(org.a.agency.id), award: 'Top 45' }));
		expect((await findInnovation(handle.db, admin, id)).award).toBe('Top 45');
		// Another agency's, or the mall's own: refused (404 for the foreign agency, 403 for the mall).
		await expect(createInnovation(handle.db, managerA, form({ agency: String(org.b.agency.id) }))).rejects.toMatchObject({ status: 404 });
		await expect(createInnovation(handle.db, managerA, form({ agency: '' }))).rejects.toMatchObject({ status: 403 });
		// A service of another agency than the owner: a 400 naming the service.
		await expect(createInnovation(handle.db, admin, form({ agency: String(org.a.agency.id), service: String(org.b.service.id) }))).rejects.toMatchObject({ status: 400 });
		const foreign = await createInnovation(handle.db, admin, form({ name: 'Inovasi B', agency: String(org.b.agency.id) }));
		await expect(findInnovation(handle.db, managerA, foreign)).rejects.toMatchObject({ status: 404 });
		await expect(updateInnovation(handle.db, evaluator, id, form({ agency: String(org.a.agency.id) }))).rejects.toMatchObject({ status: 403 });
		expect((await listInnovations(handle.db, managerA)).map((i) => i.name)).toEqual(['Loket A lebih cepat']);
		expect((await listInnovations(handle.db, evaluator)).map((i) => i.editable)).toEqual([false, false]);
	});

	it('refuses bad evidence links and dates at the edge', () => {
		expect(v.safeParse(InnovationFormSchema, { name: 'x', launch_date: '2025-02-30', kind: 'governance', medium: 'digital', stage: 'design' }).success).toBe(false);
		expect(v.safeParse(InnovationFormSchema, { name: 'x', launch_date: '2025-02-03', kind: 'governance', medium: 'digital', stage: 'design', evidence: 'javascript:alert(1)' }).success).toBe(false);
		expect(v.safeParse(InnovationFormSchema, { name: 'x', launch_date: '2025-02-03', kind: 'other', medium: 'digital', stage: 'design' }).success).toBe(false);
	});
});

describe('IPKP and IPAK', () => {
	it('computes both on 1–4 from SKM + IPAK responses, IPKP from every IKM response', async () => {
		const ipak = await publishInstrument(handle.db, SKM_IPAK_V1);
		const at = new Date('2025-06-10T02:00:00Z');
		const skmOnly = [
			[4, 3, 3, 4, 3, 3, 4, 2, 3],
			[3, 3, 2, 4, 3, 4, 4, 3, null]
		];
		const withIpak = [
			[4, 4, 3, 4, 4, 3, 4, 3, 4, 4, 4, 3, 4, 4],
			[3, 3, 3, 4, 3, 3, 3, 3, 3, 4, 3, 4, 4, null],
			[4, 3, 4, 4, 3, 4, 4, 3, 3, 2, 4, 4, 3, 4]
		];
		await handle.db.insert(responses).values([
			...skmOnly.map((answers) => responseRow(org, 'a', answers, { submittedAt: at })),
			...withIpak.map((answers) => responseRow(org, 'a', answers, { submittedAt: at, instrumentId: ipak.id }))
		]);
		await rebuildRollups(handle.db);
		const indicators = await computeIndicators(handle.db, { scope: 'agency', id: org.a.agency.id, from: '2025-06-01', to: '2025-06-30', granularity: 'month' }, admin);
		const nine = tallyAnswers([...skmOnly, ...withIpak.map((r) => r.slice(0, 9))], SKM_CODES);
		const five = tallyAnswers(withIpak.map((r) => r.slice(9)), IPAK_CODES);
		expect(indicators!.respondents).toBe(5);
		expect(indicators!.ikmExact).toBeCloseTo(computeIkm(nine).ikmExact!, 12);
		expect(indicators!.perception.ipkpExact).toBeCloseTo(computeIkm(nine).ikmExact! / 25, 12);
		expect(indicators!.perception.ipak).toBe(perceptionIndex(five).value);
		// (10/3 + 11/3 + 11/3 + 11/3 + 8/2) / 5 = 3.6667 → 3.67
		expect(indicators!.perception.ipak).toBe(3.67);
		expect(indicators!.perception.ipakRespondents).toBe(3);
	});

	it('keeps the IPAK answers out of an alert rule’s mean answer', async () => {
		const ipak = await publishInstrument(handle.db, SKM_IPAK_V1);
		await handle.db.insert(alertRules).values({
			mallId: org.mall.id,
			agencyId: org.b.agency.id,
			counterId: org.b.counter.id,
			name: 'IPAK terpisah',
			windowMinutes: 1440,
			threshold: 2.5,
			minResponses: 2
		});
		// Unsur answers all 2 (mean 2 < 2.5: fires); with the IPAK 4s the mean would be 38/14 = 2.71 and it would not.
		const at = new Date('2026-01-01T03:00:00Z');
		await handle.db.insert(responses).values(
			[0, 1].map((i) => responseRow(org, 'b', [2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4], { submittedAt: new Date(at.getTime() + i * 60_000), instrumentId: ipak.id }))
		);
		await evaluateAlerts(handle.db, new Date('2026-01-01T12:00:00Z'), { mallId: org.mall.id });
		const raised = await executePrepared<{ mean_score: number; responses: number }>(handle.db, sql`select mean_score, responses from alerts where counter_id = ${org.b.counter.id}`);
		expect(raised).toEqual([{ mean_score: 2, responses: 2 }]);
	});
});

describe('before/after impact', () => {
	it('compares equal windows around the launch, shrinks them for a recent launch, and needs the launch to have happened', async () => {
		const id = await createInnovation(handle.db, admin, form({ name: 'Dampak', agency: String(org.b.agency.id), launch_date: '2025-04-01' }));
		const low = [2, 2, 2, 3, 2, 2, 3, 2, 2];
		const high = [4, 4, 3, 4, 4, 4, 4, 3, 4];
		await handle.db.insert(responses).values([
			...Array.from({ length: 40 }, (_, i) => responseRow(org, 'b', low, { submittedAt: new Date(Date.parse('2025-03-01T02:00:00Z') + i * 3_600_000) })),
			...Array.from({ length: 40 }, (_, i) => responseRow(org, 'b', high, { submittedAt: new Date(Date.parse('2025-04-10T02:00:00Z') + i * 3_600_000) }))
		]);
		await rebuildRollups(handle.db);
		const innovation = await findInnovation(handle.db, admin, id);
		const analysis = await analyseImpact(handle.db, admin, innovation, { days: 60, compare: true, today: '2025-07-01' });
		expect(analysis).toMatchObject({ days: 60, before: { from: '2025-01-31', to: '2025-04-01' }, after: { from: '2025-04-01', to: '2025-05-31' }, unavailable: null });
		const ikm = analysis.result!.metrics[0]!;
		expect(ikm.before).toBeCloseTo(computeIkm(tallyAnswers([low], SKM_CODES)).ikmExact!, 10);
		expect(ikm.after).toBeCloseTo(computeIkm(tallyAnswers([high], SKM_CODES)).ikmExact!, 10);
		expect(analysis.result).toMatchObject({ nBefore: 40, nAfter: 40 });
		expect(ikm.low).toBeGreaterThan(0);
		// Agency a launched its own innovation (2025-02-03) inside these windows: no agency is left to compare with.
		expect(analysis.comparison).toEqual({ agencies: 0, reason: 'none_left' });
		// With 30-day windows agency a qualifies, but it has no answers then: an empty group gives no interval.
		const shorter = await analyseImpact(handle.db, admin, innovation, { days: 30, compare: true, today: '2025-07-01' });
		expect(shorter.comparison).toEqual({ agencies: 1, reason: null });
		expect(shorter.result!.metrics[0]).toMatchObject({ low: null, high: null });

		const recent = await analyseImpact(handle.db, admin, innovation, { days: 90, compare: false, today: '2025-05-01' });
		expect(recent).toMatchObject({ days: 30, requestedDays: 90, before: { from: '2025-03-02' }, after: { to: '2025-05-01' } });
		expect((await analyseImpact(handle.db, admin, innovation, { days: 90, compare: false, today: '2025-04-10' })).unavailable).toBe('too_recent');
		expect((await analyseImpact(handle.db, admin, innovation, { days: 90, compare: false, today: '2025-03-10' })).unavailable).toBe('not_launched');
		// A manager without the whole mall gets no comparison group, and is told why.
		const managerB = { ...managerA, agencyIds: [org.b.agency.id] };
		expect((await analyseImpact(handle.db, managerB, await findInnovation(handle.db, managerB, id), { days: 60, compare: true, today: '2025-07-01' })).comparison).toEqual({
			agencies: 0,
			reason: 'no_access'
		});
	});
});

describe('reform indicator sheet', () => {
	it('scores a unit and year from its reports, publication, follow-up, complaints, innovations and volumes', async () => {
		const db = handle.db;
		// Agency a, 2025: two quarterly reports finalized (one published), an offline publication, 4 follow-ups (3 done).
		// A final report needs respondents: one response in May (Q2) and one in November (Q4), after the months the
		// later tests read volumes for.
		await db.insert(responses).values(['2025-05-10T02:00:00Z', '2025-11-10T02:00:00Z'].map((at) => responseRow(org, 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], { submittedAt: new Date(at) })));
		await rebuildRollups(db);
		for (const value of ['2025-Q2', '2025-Q4']) {
			const { hash } = await finalizeReport(db, admin, null, { type: 'agency', id: org.a.agency.id }, parsePeriod('quarter', value)!);
			expect(hash).toMatch(/^[0-9a-f]{64}$/);
			if (value === '2025-Q2') await setPublished(db, admin, hash!, true);
		}
		await recordOfflinePublication(db, { type: 'agency', id: org.a.agency.id }, { mallId: org.mall.id, year: 2025 }, 'Papan informasi', null);
		// Three complaints on 2025 responses: answered after 20 h, after 100 h, and one never (older than 14 days).
		const base = Date.parse('2025-06-02T01:00:00Z');
		const marked = await db
			.insert(responses)
			.values([0, 1, 2].map((i) => responseRow(org, 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], { submittedAt: new Date(base + i * 60_000), comment: 'antre lama' })))
			.returning({ id: responses.id });
		const [c1, c2, c3] = await db
			.insert(complaints)
			.values(marked.map((r) => ({ mallId: org.mall.id, agencyId: org.a.agency.id, responseId: r.id, markedAt: new Date(base + 3_600_000) })))
			.returning({ id: complaints.id });
		void c3;
		const item = (complaintId: number | null, hours: number, status: 'planned' | 'done') => ({
			mallId: org.mall.id,
			agencyId: org.a.agency.id,
			complaintId,
			unsurCode: complaintId ? null : 'U3',
			action: 'Tambah petugas',
			owner: 'Kepala',
			dueDate: '2025-07-01',
			status,
			closedAt: status === 'done' ? new Date(base + (hours + 24) * 3_600_000) : null,
			createdAt: new Date(base + hours * 3_600_000)
		});
		await db.insert(followUps).values([item(c1!.id, 20, 'done'), item(c2!.id, 100, 'done'), item(null, 5, 'done'), item(null, 6, 'planned')]);
		await storeVolumes(db, admin, rows([['a-svc', '2024-01', '10']]), 'form');

		const sheet = await buildReformSheet(db, admin, { type: 'agency', id: org.a.agency.id }, 2025, new Date('2026-02-01T00:00:00Z'));
		expect(sheet).not.toBeNull();
		expect(sheet!.asOf).toBe('2025-12-31');
		expect(sheet!.skmFrequency).toMatchObject({ surveys: 2, score: 0.5 });
		expect(sheet!.publication).toMatchObject({ online: 1, score: 1 });
		expect(sheet!.followUp).toEqual({ planned: 4, done: 3, score: 0.67, band: '30-80%' });
		// Median of 20 h, 100 h and ∞ (never answered, long overdue) = 100 h → ≤ 5×24 h → 3.
		expect(sheet!.complaints).toMatchObject({ total: 3, answered: 2, pending: 0, band: 3, byBand: [1, 0, 1, 0, 0, 1] });
		expect(sheet!.complaints.medianHours).toBeCloseTo(100 - 1 / 60, 9); // the second response came a minute after the first
		expect(sheet!.complaints.closedShare).toBeCloseTo(2 / 3, 12);
		// Innovations of agency a launched by the end of 2025: the awarded one decides (5).
		expect(sheet!.innovation).toMatchObject({ count: 1, band: 5, best: { name: 'Loket A lebih cepat' } });
		// Volumes: a-svc reported Jan, Feb 2025 and Jan 2024 only, so growth and response rate are not claimed.
		expect(sheet!.volume.year).toMatchObject({ current: 230, previous: 10, complete: false, previousComplete: false });
		expect(sheet!.volume.responseRate).toBeNull();
		expect(sheet!.volume.digital).toEqual({ share: 23 / 230, servedOnline: 23, served: 230 });
		const rowsId = sheetRows(sheet!, 'id');
		expect(rowsId.map((r) => r.key)).toEqual([
			'skm_frequency', 'publication', 'follow_up', 'ikm', 'ipkp', 'ipak', 'complaints', 'rtl_completion', 'innovation_age', 'volume_growth', 'semester_growth', 'response_rate', 'digital_share'
		]);
		expect(rowsId.find((r) => r.key === 'skm_frequency')).toMatchObject({ score: '0,50', scoreValue: 0.5 });
		expect(rowsId.find((r) => r.key === 'volume_growth')!.value).toBe('–');
		expect(sheetRows(sheet!, 'en').find((r) => r.key === 'complaints')).toMatchObject({ value: '100.0 h', score: '3' });

		// A manager of agency a reads it; of agency b it is not theirs (null, like a missing unit); the mall needs the mall.
		expect(await buildReformSheet(db, managerA, { type: 'agency', id: org.b.agency.id }, 2025)).toBeNull();
		expect(await buildReformSheet(db, managerA, { type: 'mall', id: org.mall.id }, 2025)).toBeNull();
		expect(await buildReformSheet(db, evaluator, { type: 'mall', id: org.mall.id }, 2025)).not.toBeNull();
	});

	it('while the year runs, compares the months that have ended with the same months a year before', async () => {
		const db = handle.db;
		await storeVolumes(db, admin, rows([['a-svc', '2024-02', '20']]), 'form');
		await db.insert(responses).values(Array.from({ length: 23 }, () => responseRow(org, 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], { submittedAt: new Date('2025-01-15T02:00:00Z') })));
		// One in March: after the months the volumes cover, so not in the response rate.
		await db.insert(responses).values(responseRow(org, 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], { submittedAt: new Date('2025-03-05T02:00:00Z') }));
		await rebuildRollups(db);
		const sheet = (await buildReformSheet(db, admin, { type: 'agency', id: org.a.agency.id }, 2025, new Date('2025-03-15T04:00:00Z')))!;
		expect(sheet.asOf).toBe('2025-03-15');
		// January and February 2025 (100 + 130) against January and February 2024 (10 + 20).
		expect(sheet.volume.year).toEqual({ current: 230, previous: 30, rate: 200 / 30, complete: true, previousComplete: true, from: '2025-01', through: '2025-02' });
		expect(sheet.volume.semester).toMatchObject({ half: 1, current: 230, previous: 30, from: '2025-01', through: '2025-02' });
		expect(sheet.volume.responseRate).toEqual({ rate: 0.1, respondents: 23 });
		const texts = sheetRows(sheet, 'id');
		expect(texts.find((r) => r.key === 'volume_growth')).toMatchObject({ value: '+666,7 %' });
		expect(texts.find((r) => r.key === 'volume_growth')!.source).toBe('230 dilayani pada Jan–Feb 2025; 30 pada Jan–Feb 2024');
		expect(texts.find((r) => r.key === 'response_rate')).toMatchObject({ value: '10,0 %', source: '23 responden; 230 dilayani (Jan–Feb 2025)' });
		// The mall: agency b did not report February, so its growth is not claimed.
		const mall = (await buildReformSheet(db, admin, { type: 'mall', id: org.mall.id }, 2025, new Date('2025-03-15T04:00:00Z')))!;
		expect(mall.volume.year.complete).toBe(false);
		expect(sheetRows(mall, 'en').find((r) => r.key === 'volume_growth')!.value).toBe('–');
	});

	it('gives the dashboard its Krejcie–Morgan population from the volumes of the months that have ended', async () => {
		const db = handle.db;
		const agencyA = { type: 'agency' as const, id: org.a.agency.id };
		const year = await computeIndicators(db, { scope: 'agency', id: org.a.agency.id, from: '2025-01-01', to: '2025-12-31', granularity: 'month' }, admin);
		// The year still runs (15 March): January and February are the months with volumes; their 23 respondents count.
		expect(await volumeSampleAdequacy(db, org.mall.id, agencyA, { from: '2025-01-01', to: '2025-12-31' }, '2025-03-15', year!.respondents, year!.series)).toEqual({
			population: 230,
			target: krejcieMorganTarget(230),
			adequate: false,
			partial: { from: '2025-01', through: '2025-02', respondents: 23 }
		});
		// A period that has ended and whose months all have volumes: the whole period, its own respondents.
		const janFeb = await computeIndicators(db, { scope: 'agency', id: org.a.agency.id, from: '2025-01-01', to: '2025-02-28', granularity: 'month' }, admin);
		expect(await volumeSampleAdequacy(db, org.mall.id, agencyA, { from: '2025-01-01', to: '2025-02-28' }, '2025-06-01', janFeb!.respondents, janFeb!.series)).toEqual({
			population: 230,
			target: krejcieMorganTarget(230),
			adequate: false,
			partial: null
		});
		// The mall (agency b did not report February), a counter (volumes are per service), a month without volumes: unknown.
		for (const [scope, period] of [
			[{ type: 'mall' as const, id: org.mall.id }, { from: '2025-01-01', to: '2025-02-28' }],
			[{ type: 'counter' as const, id: org.a.counter.id }, { from: '2025-01-01', to: '2025-02-28' }],
			[agencyA, { from: '2025-03-01', to: '2025-03-31' }]
		] as const) {
			expect((await volumeSampleAdequacy(db, org.mall.id, scope, period, '2025-06-01', 5, [])).population).toBeNull();
		}
	});
});
