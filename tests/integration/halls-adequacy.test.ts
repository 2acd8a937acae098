/**
 * A region's ranking states each hall's sample adequacy and response rate by the rule of the hall's own dashboard
 * (population from its service volumes, whole ended months, every service reporting): read for every hall at once,
 * it must give what the single-hall reading gives, hall by hall — complete, incomplete, without volumes, and a
 * period still running.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { bucketEnd, bucketStarts } from '../../src/lib/domain/granularity';
import { responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { groupFigures } from '../../src/lib/server/indicators/rollup-tallies';
import { computeRegionIndicators } from '../../src/lib/server/regions/region-indicators';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { coversWholePeriod, hallsSampleAdequacy, volumeSampleAdequacy, type PeriodRespondents } from '../../src/lib/server/volumes/sample-adequacy';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let complete: Organization; // every service reports every month
let partial: Organization; // one of its two services reports
let none: Organization; // no volumes at all
const orgs = () => [complete, partial, none];

async function volume(org: Organization, unit: 'a' | 'b', month: string, served: number) {
	await handle.db.execute(sql`insert into service_volumes (mall_id, service_id, month, served, source)
		values (${org.mall.id}, ${org[unit].service.id}, ${month}::date, ${served}, 'form')`);
}

beforeAll(async () => {
	handle = await freshDb();
	complete = await createOrganization(handle.db, 'mpp-lengkap');
	partial = await createOrganization(handle.db, 'mpp-sebagian');
	none = await createOrganization(handle.db, 'mpp-tanpa-volume');
	const rows = [];
	for (const [i, org] of orgs().entries()) {
		for (const [m, month] of ['2025-01', '2025-02', '2025-03'].entries()) {
			for (let k = 0; k < 20 + 10 * i + 5 * m; k++) {
				const unit = k % 3 === 0 ? 'b' : 'a';
				rows.push(responseRow(org, unit, SKM_CODES.map(() => 3), { submittedAt: new Date(`${month}-1${k % 9}T03:00:00Z`) }));
			}
		}
	}
	await handle.db.insert(responses).values(rows);
	for (const month of ['2025-01-01', '2025-02-01', '2025-03-01']) {
		await volume(complete, 'a', month, 40);
		await volume(complete, 'b', month, 25);
		await volume(partial, 'a', month, 300);
	}
	await rebuildRollups(handle.db);
});
afterAll(async () => {
	await handle.close();
});

/** A hall's respondents over `period` and per month, as the dashboard's adequacy reads them. */
async function respondentsOf(org: Organization, period: { from: string; to: string }): Promise<PeriodRespondents> {
	const { counts } = await groupFigures(handle.db, { type: 'mall', id: org.mall.id }, period, { by: 'bucket', granularity: 'month' });
	const byMonth = new Map(counts.map((c) => [c.key, c.respondents]));
	const series = bucketStarts(period.from, period.to, 'month').map((start) => {
		const end = bucketEnd(start, 'month');
		return { from: start < period.from ? period.from : start, to: end > period.to ? period.to : end, respondents: byMonth.get(start) ?? 0 };
	});
	return { respondents: series.reduce((sum, m) => sum + m.respondents, 0), series };
}

describe('each hall’s sample adequacy in a ranking', () => {
	for (const [name, period, today] of [
		['a quarter that has ended', { from: '2025-01-01', to: '2025-03-31' }, '2025-06-01'],
		['a quarter still running (two months ended)', { from: '2025-01-01', to: '2025-03-31' }, '2025-03-10'],
		['a year with a quarter recorded', { from: '2025-01-01', to: '2025-12-31' }, '2026-02-01']
	] as const) {
		it(`${name}: the same adequacy as each hall’s own reading, read at once`, async () => {
			const halls = await Promise.all(orgs().map(async (org) => ({ id: org.mall.id, today, respondents: await respondentsOf(org, period) })));
			const batch = await hallsSampleAdequacy(handle.db, { type: 'malls', ids: halls.map((h) => h.id) }, halls, period);
			for (const [org, hall] of orgs().map((org, i) => [org, halls[i]!] as const)) {
				const single = await volumeSampleAdequacy(handle.db, org.mall.id, { type: 'mall', id: org.mall.id }, period, today, hall.respondents.respondents, hall.respondents.series);
				expect(batch(org.mall.id, hall.respondents).adequacy, `${org.mall.slug}`).toEqual(single);
			}
		});
	}

	it('states the population, target and response rate the volumes give, and none where they are incomplete or absent', async () => {
		const period = { from: '2025-01-01', to: '2025-03-31' };
		const halls = await Promise.all(orgs().map(async (org) => ({ id: org.mall.id, today: '2025-06-01', respondents: await respondentsOf(org, period) })));
		const batch = await hallsSampleAdequacy(handle.db, { type: 'malls', ids: halls.map((h) => h.id) }, halls, period);
		const of = (org: Organization) => batch(org.mall.id, halls[orgs().indexOf(org)]!.respondents);
		const full = of(complete);
		// 65 served a month over three months; respondents 20 + 25 + 30.
		expect(full.adequacy).toMatchObject({ population: 195, target: 130, adequate: false, partial: null });
		expect(full.responseRate).toBeCloseTo(75 / 195, 12);
		expect(of(partial)).toEqual({ adequacy: { population: null, target: null, adequate: null }, responseRate: null });
		expect(of(none)).toEqual({ adequacy: { population: null, target: null, adequate: null }, responseRate: null });
		expect(coversWholePeriod(period, '2025-06-01')).toBe(true);
		// Running: January and February ended, their respondents against their population.
		expect(coversWholePeriod(period, '2025-03-10')).toBe(false);
		const running = await hallsSampleAdequacy(handle.db, { type: 'malls', ids: halls.map((h) => h.id) }, halls.map((h) => ({ ...h, today: '2025-03-10' })), period);
		const runningFull = running(complete.mall.id, halls[0]!.respondents);
		expect(runningFull.adequacy).toMatchObject({ population: 130, partial: { from: '2025-01', through: '2025-02', respondents: 45 } });
		expect(runningFull.responseRate).toBeCloseTo(45 / 130, 12);
	});
});

describe('an agency kind’s adequacy in each hall', () => {
	it('reads the volumes of those agencies only: the same as each agency’s own reading', async () => {
		const period = { from: '2025-01-01', to: '2025-03-31' };
		const agencyIds = orgs().map((org) => org.b.agency.id);
		const halls = await Promise.all(
			orgs().map(async (org) => {
				const { counts } = await groupFigures(handle.db, { type: 'agency', id: org.b.agency.id }, period, { by: 'bucket', granularity: 'month' });
				const series = counts.map((c) => ({ from: c.key, to: bucketEnd(c.key, 'month'), respondents: c.respondents }));
				return { id: org.mall.id, today: '2025-06-01', respondents: { respondents: series.reduce((n, s) => n + s.respondents, 0), series } };
			})
		);
		const batch = await hallsSampleAdequacy(handle.db, { type: 'agencies', ids: agencyIds }, halls, period);
		for (const [i, org] of orgs().entries()) {
			const single = await volumeSampleAdequacy(handle.db, org.mall.id, { type: 'agency', id: org.b.agency.id }, period, '2025-06-01', halls[i]!.respondents.respondents, halls[i]!.respondents.series);
			expect(batch(org.mall.id, halls[i]!.respondents).adequacy, org.mall.slug).toEqual(single);
		}
		// The complete hall's agency b: 25 served a month; the partial hall's agency b recorded nothing.
		expect(batch(complete.mall.id, halls[0]!.respondents).adequacy.population).toBe(75);
		expect(batch(partial.mall.id, halls[1]!.respondents).adequacy.population).toBeNull();
	});
});

describe('the ranking of halls', () => {
	const nation = { userId: null, role: 'evaluator' as const, mallId: null, agencyIds: null };
	for (const [name, granularity, now] of [
		['a quarter ended, by month', 'month', '2025-06-01T00:00:00Z'],
		['a quarter still running, by week (the monthly respondents read beside it)', 'week', '2025-03-10T00:00:00Z'],
		['a quarter still running, by quarter', 'quarter', '2025-03-10T00:00:00Z']
	] as const) {
		it(`${name}: each hall’s adequacy and response rate are those of its own reading`, async () => {
			const period = { from: '2025-01-01', to: '2025-03-31' };
			const ranking = await computeRegionIndicators(handle.db, { scope: { type: 'nation' }, ...period, granularity, hallDetail: true, now: new Date(now) }, nation);
			if (typeof ranking === 'string') throw new Error(ranking);
			for (const org of orgs()) {
				const hall = ranking.halls.find((h) => h.id === org.mall.id)!;
				const respondents = await respondentsOf(org, period);
				expect(hall.respondents).toBe(respondents.respondents);
				const today = now.slice(0, 10);
				const single = await volumeSampleAdequacy(handle.db, org.mall.id, { type: 'mall', id: org.mall.id }, period, today, respondents.respondents, respondents.series);
				expect(hall.sample, org.mall.slug).toEqual(single);
			}
			const full = ranking.halls.find((h) => h.id === complete.mall.id)!;
			// Ended: 75 respondents of 195 served; running: January and February, 45 of 130.
			expect(full.responseRate).toBeCloseTo(now.startsWith('2025-06') ? 75 / 195 : 45 / 130, 12);
			expect(ranking.halls.find((h) => h.id === none.mall.id)!.responseRate).toBeNull();
		});
	}
});
