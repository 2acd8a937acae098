/**
 * The demo's innovations through the real impact analysis: the effects the generator builds in are found with the
 * right sign and a size inside the interval, and the innovation built without an effect shows none. The built-in
 * size is measured, not assumed: the same respondents generated without the effects (the generator's effects draw
 * no random numbers) give the counterfactual IKM of the after window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { localDate } from '../../src/lib/domain/periods';
import type { Access } from '../../src/lib/domain/roles';
import { computeIkm, tallyAnswers } from '../../src/lib/domain/skm';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { generateDemoResponses, type DemoResponse } from '../../src/lib/server/demo/generate';
import { DEMO_INNOVATIONS, DEMO_MALL } from '../../src/lib/server/demo/kupang';
import { seedDemoIfEmpty } from '../../src/lib/server/demo/seed';
import { analyseImpact, type ImpactAnalysis } from '../../src/lib/server/innovation/impact';
import { listInnovations } from '../../src/lib/server/innovation/innovations';
import { findDefaultMall } from '../../src/lib/server/organization/queries';
import { freshDb } from './db';

// Two years of demo (~39 000 responses): every innovation has a full 90-day window on each side.
const until = new Date('2026-01-01T00:00:00+08:00');
const today = '2026-01-01';
let handle: TestDb;
let admin: Access & { mallId: number };

beforeAll(async () => {
	handle = await freshDb();
	await seedDemoIfEmpty(handle.db, until);
	admin = { userId: null, role: 'admin', mallId: (await findDefaultMall(handle.db))!.id, agencyIds: null };
}, 300_000);
afterAll(async () => {
	await handle?.close();
});

const withEffects = [...generateDemoResponses(until)];
const withoutEffects = [...generateDemoResponses(until, { answerEffects: false })];

/** The built-in change of the IKM and of one unsur's NRR on the after window: with the effects minus without. */
function builtIn(innovation: (typeof DEMO_INNOVATIONS)[number], analysis: ImpactAnalysis, metric: string): number {
	const inScope = (r: DemoResponse) => {
		const date = localDate(r.submittedAt, DEMO_MALL.timeZone);
		return (
			date >= analysis.after.from &&
			date < analysis.after.to &&
			(innovation.agency === null || r.agencyCode === innovation.agency) &&
			(innovation.service === null || r.serviceCode === innovation.service)
		);
	};
	const figure = (list: DemoResponse[]) => {
		const result = computeIkm(tallyAnswers(list.filter(inScope).map((r) => r.answers.slice(0, SKM_CODES.length)), SKM_CODES));
		return metric === 'IKM' ? result.ikmExact! : result.unsur.find((u) => u.code === metric)!.nrr!;
	};
	return figure(withEffects) - figure(withoutEffects);
}

async function analysisOf(name: string, compare: boolean) {
	const innovation = (await listInnovations(handle.db, admin)).find((i) => i.name === name)!;
	return analyseImpact(handle.db, admin, innovation, { days: 90, compare, today });
}

describe('the demo innovations', () => {
	it('the generator keeps the same respondents with and without the effects', () => {
		expect(withoutEffects.map((r) => r.id)).toEqual(withEffects.map((r) => r.id));
		expect(withEffects.length).toBeGreaterThan(30_000);
	});

	it.each(DEMO_INNOVATIONS.filter((i) => Object.keys(i.effect).length > 0).map((i) => [i.name, i] as const))(
		'%s: the analysis finds the built-in effect, up, with its size inside the 95 % interval',
		async (name, innovation) => {
			for (const compare of [false, true]) {
				const analysis = await analysisOf(name, compare);
				expect(analysis.unavailable).toBeNull();
				expect(analysis.days).toBe(90);
				if (compare) expect(analysis.comparison?.reason).toBeNull();
				const metrics = ['IKM', ...Object.keys(innovation.effect)];
				for (const metric of metrics) {
					const found = analysis.result!.metrics.find((m) => m.metric === metric)!;
					const size = builtIn(innovation, analysis, metric);
					expect(size, `${metric} built-in`).toBeGreaterThan(metric === 'IKM' ? 1 : 0.15);
					expect(found.low!, `${metric} ${compare ? 'DiD' : 'before/after'} lower bound`).toBeGreaterThan(0);
					expect(found.low!, `${metric}: ${found.low} … ${found.high} holds ${size}`).toBeLessThanOrEqual(size);
					expect(found.high!, `${metric}: ${found.low} … ${found.high} holds ${size}`).toBeGreaterThanOrEqual(size);
				}
			}
		},
		120_000
	);

	it('BESTI, built without an effect, shows none', async () => {
		const besti = DEMO_INNOVATIONS.find((i) => Object.keys(i.effect).length === 0)!;
		const analysis = await analysisOf(besti.name, false);
		expect(builtIn(besti, analysis, 'IKM')).toBe(0);
		const ikm = analysis.result!.metrics[0]!;
		expect(ikm.low!).toBeLessThan(0);
		expect(ikm.high!).toBeGreaterThan(0);
		// A whole-mall innovation has nobody to compare with.
		expect((await analysisOf(besti.name, true)).comparison).toEqual({ agencies: 0, reason: 'mall_scope' });
	}, 120_000);

	it('reads the served volumes of the windows: about 60 % of the citizens served answered', async () => {
		const analysis = await analysisOf('Antrean Online Dukcapil', false);
		for (const window of [analysis.volume!.before, analysis.volume!.after]) {
			expect(window.missing).toEqual([]);
			expect(window.responseRate!).toBeGreaterThan(0.5);
			expect(window.responseRate!).toBeLessThan(0.7);
		}
	}, 120_000);
});
