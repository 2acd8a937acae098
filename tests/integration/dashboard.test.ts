/**
 * The dashboard loader: its figures equal the engine's on the same answers, the change against the previous
 * period, the weakest unsur, sample adequacy, the heatmap in the mall's time zone, and a manager's reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { KREJCIE_MORGAN_MAX, sampleAdequacy } from '../../src/lib/domain/sampling';
import { computeIkm, tallyAnswers, weakestUnsur } from '../../src/lib/domain/skm';
import { responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { loadDashboard, scopeOptions } from '../../src/lib/server/indicators/dashboard';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
const march = [
	[4, 4, 3, 4, 4, 4, 4, 3, 4],
	[3, 3, 2, 4, 3, 3, 4, null, 3],
	[4, 3, 2, 4, 4, 3, 4, 3, 4]
];
const february = [[3, 3, 3, 3, 3, 3, 3, 3, 3]];
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'dash-mall');
	// Monday 2 March 2026, 10:30 in Kupang (UTC+8) = 02:30 UTC.
	await handle.db.insert(responses).values([
		...march.map((a) => responseRow(org, 'a', a, { submittedAt: new Date('2026-03-02T02:30:00Z') })),
		...february.map((a) => responseRow(org, 'a', a, { submittedAt: new Date('2026-02-10T02:30:00Z') })),
		responseRow(org, 'b', [1, 1, 1, 1, 1, 1, 1, 1, 1], { submittedAt: new Date('2026-03-03T02:30:00Z') })
	]);
	await rebuildRollups(handle.db);
});
afterAll(async () => {
	await handle?.close();
});

const admin = () => ({ userId: 1, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const managerOfA = () => ({ userId: 2, role: 'manager' as const, mallId: org.mall.id, agencyIds: [org.a.agency.id] });

describe('loadDashboard', () => {
	it('gives the engine’s IKM, the change against the previous month, the weakest unsur and the heatmap', async () => {
		const d = (await loadDashboard(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, parsePeriod('month', '2026-03')!))!;
		const expected = computeIkm(tallyAnswers(march, SKM_CODES));
		const before = computeIkm(tallyAnswers(february, SKM_CODES));
		expect(d.current.ikm).toBe(expected.ikm);
		expect(d.current.respondents).toBe(3);
		expect(d.previous).toMatchObject({ from: '2026-02-01', to: '2026-02-28', respondents: 1, ikm: before.ikm });
		expect(d.previous.change).toBe(Math.round((expected.ikm! - before.ikm!) * 100) / 100);
		expect(d.weakest).toBe('U3');
		expect(d.sample).toEqual({ population: null, target: null, adequate: null });
		// One cell: Monday 10:00 local, three responses, mean of the 26 answered items.
		const answered = march.flat().filter((v): v is number => v !== null);
		expect(d.heatmap).toEqual([{ weekday: 1, hour: 10, responses: 3, mean: answered.reduce((a, b) => a + b, 0) / answered.length }]);
		expect(d.children.map((c) => [c.name, c.respondents, c.result.ikm])).toEqual([[org.a.service.name, 3, expected.ikm]]);
		expect(d.current.trail.ikm).toBe(expected.ikm);
	});

	it('shows a manager only their agency: the mall and the other agency are out of reach', async () => {
		const period = parsePeriod('month', '2026-03')!;
		expect(await loadDashboard(handle.db, managerOfA(), { type: 'agency', id: org.b.agency.id }, period)).toBeNull();
		expect(await loadDashboard(handle.db, managerOfA(), { type: 'counter', id: org.b.counter.id }, period)).toBeNull();
		expect(await loadDashboard(handle.db, managerOfA(), { type: 'mall', id: org.mall.id }, period)).toBeNull();
		const options = await scopeOptions(handle.db, managerOfA());
		expect(options.map((o) => `${o.type}-${o.id}`)).toEqual([`agency-${org.a.agency.id}`, `service-${org.a.service.id}`, `counter-${org.a.counter.id}`]);
		const mall = (await loadDashboard(handle.db, admin(), { type: 'mall', id: org.mall.id }, period))!;
		expect(mall.children.map((c) => c.id).sort()).toEqual([org.a.agency.id, org.b.agency.id].sort());
	});
});

describe('sample adequacy and the weakest unsur', () => {
	it('uses the Krejcie–Morgan target when the population is known, and 384 as the bound for any population', () => {
		expect(KREJCIE_MORGAN_MAX).toBe(384);
		expect(sampleAdequacy(383, null)).toEqual({ population: null, target: null, adequate: null });
		expect(sampleAdequacy(384, null)).toEqual({ population: null, target: null, adequate: true });
		expect(sampleAdequacy(285, 1100)).toEqual({ population: 1100, target: 285, adequate: true });
		expect(sampleAdequacy(284, 1100)).toEqual({ population: 1100, target: 285, adequate: false });
	});
	it('picks the lowest NRR, the first one on a tie, and none without answers', () => {
		expect(weakestUnsur([{ code: 'U1', nrr: 3.2 }, { code: 'U2', nrr: 3.1 }, { code: 'U3', nrr: 3.1 }])).toBe('U2');
		expect(weakestUnsur([{ code: 'U1', nrr: null }])).toBeNull();
	});
});
