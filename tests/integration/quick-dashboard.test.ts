/**
 * Quick mode on the dashboard: the CSAT with n per unit and period, its trend, the change against the previous
 * period and the ranking of low-score reasons equal the domain functions on the raw answers — and the IKM and every
 * SKM figure are those of the SKM answers alone, quick ratings present or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCsat, rankReasons } from '../../src/lib/domain/csat';
import { QUICK_V1, SKM_CODES } from '../../src/lib/domain/instruments';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { computeIkm, tallyAnswers } from '../../src/lib/domain/skm';
import { responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { loadDashboard } from '../../src/lib/server/indicators/dashboard';
import { reasonCounts } from '../../src/lib/server/indicators/quick';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { publishInstrument } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let quickId: number;
const skm = [
	[4, 4, 3, 4, 4, 4, 4, 3, 4],
	[3, 3, 2, 4, 3, 3, 4, 3, 3]
];
/** March's quick ratings at agency a: value and the reasons chosen (after 1–2 only). */
const marchQuick: [number, string[] | null][] = [
	[4, null],
	[3, null],
	[1, ['lama', 'persyaratan']],
	[2, ['lama']],
	[2, null],
	[4, null]
];
const februaryQuick = [3, 1];

const admin = () => ({ userId: 1, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const march = parsePeriod('month', '2026-03')!;

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'quick-mall');
	quickId = (await publishInstrument(handle.db, QUICK_V1)).id;
	const quick = (value: number, reasons: string[] | null, at: string, unit: 'a' | 'b' = 'a', channel: 'kiosk' | 'qr' = 'kiosk') =>
		responseRow(org, unit, [value], { instrumentId: quickId, reasons, submittedAt: new Date(at), channel });
	await handle.db.insert(responses).values([
		...skm.map((a) => responseRow(org, 'a', a, { submittedAt: new Date('2026-03-02T02:30:00Z') })),
		...marchQuick.map(([value, reasons], i) => quick(value, reasons, `2026-03-${String(3 + i).padStart(2, '0')}T02:00:00Z`, 'a', i % 2 ? 'qr' : 'kiosk')),
		...februaryQuick.map((value) => quick(value, value <= 2 ? ['fasilitas'] : null, '2026-02-10T02:00:00Z')),
		// Agency b: one quick rating of 1 with a reason, in March.
		quick(1, ['tidak-ramah'], '2026-03-20T02:00:00Z', 'b')
	]);
	await rebuildRollups(handle.db);
});
afterAll(async () => {
	await handle?.close();
});

const counts = (values: number[]) => ({ 1: 0, 2: 0, 3: 0, 4: 0, ...Object.fromEntries([1, 2, 3, 4].map((v) => [v, values.filter((x) => x === v).length])) }) as { 1: number; 2: number; 3: number; 4: number };

describe('quick mode on the dashboard', () => {
	it('gives the CSAT, its trend and change, and the reasons ranked, as the domain functions on the raw answers', async () => {
		const d = (await loadDashboard(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, march))!;
		const values = marchQuick.map(([v]) => v);
		expect(d.quick).not.toBeNull();
		expect(d.quick!.csat).toEqual(computeCsat(counts(values)));
		expect(d.quick!.csat.csat).toBe(50);
		expect(d.quick!.values).toEqual(counts(values));
		expect(d.quick!.previous).toEqual(computeCsat(counts(februaryQuick)));
		expect(d.quick!.change).toBe(50 - 50);
		expect(d.quick!.low).toBe(3);
		const chosen = new Map<string, number>();
		for (const [, reasons] of marchQuick) for (const code of reasons ?? []) chosen.set(code, (chosen.get(code) ?? 0) + 1);
		expect(d.quick!.reasons.map(({ label: _label, ...share }) => share)).toEqual(rankReasons(3, chosen, QUICK_V1.reasons!));
		expect(d.quick!.reasons[0]).toMatchObject({ code: 'lama', count: 2, share: 66.67, label: { id: 'Terlalu lama' } });
		// The trend: a month's series is by day, each day its own CSAT (3–8 March hold the six ratings, one a day).
		const days = d.current.series.filter((s) => s.quick.n > 0);
		expect(days.map((s) => [s.from, s.quick])).toEqual(marchQuick.map(([v], i) => [`2026-03-0${3 + i}`, computeCsat(counts([v]))]));
		// By quarter, by week: February's week holds its two ratings.
		const quarter = (await loadDashboard(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, parsePeriod('quarter', '2026-Q1')!))!;
		expect(quarter.current.granularity).toBe('week');
		expect(quarter.current.series.reduce((n, s) => n + s.quick.n, 0)).toBe(marchQuick.length + februaryQuick.length);
		expect(quarter.current.series.find((s) => s.from <= '2026-02-10' && s.to >= '2026-02-10')!.quick).toEqual(computeCsat(counts(februaryQuick)));
	});

	it('keeps the IKM and the SKM counts to the nine unsur’s answers', async () => {
		const d = (await loadDashboard(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, march))!;
		expect(d.current.ikm).toBe(computeIkm(tallyAnswers(skm, SKM_CODES)).ikm);
		expect(d.current.respondents).toBe(skm.length);
		expect(d.current.counts.quick).toBe(marchQuick.length);
	});

	it('gives each unit of the ranking its CSAT, and the mall’s reasons pooled over its agencies', async () => {
		const d = (await loadDashboard(handle.db, admin(), { type: 'mall', id: org.mall.id }, march))!;
		const byName = new Map(d.children.map((c) => [c.id, c.quick]));
		expect(byName.get(org.a.agency.id)).toEqual(computeCsat(counts(marchQuick.map(([v]) => v))));
		expect(byName.get(org.b.agency.id)).toEqual(computeCsat(counts([1])));
		expect(d.quick!.low).toBe(4);
		expect(d.quick!.reasons.find((r) => r.code === 'tidak-ramah')).toMatchObject({ count: 1, share: 25 });
	});

	it('reads one channel’s reasons only when filtered, and none outside the scope', async () => {
		// Odd positions were by phone: the 1 with two reasons (index 2) was kiosk, the 2 with 'lama' (index 3) by phone.
		expect(Object.fromEntries(await reasonCounts(handle.db, { type: 'agency', id: org.a.agency.id }, march, org.mall.timeZone, 'qr'))).toEqual({ lama: 1 });
		expect(Object.fromEntries(await reasonCounts(handle.db, { type: 'counter', id: org.b.counter.id }, march, org.mall.timeZone))).toEqual({ 'tidak-ramah': 1 });
	});

	it('counts reasons on low scores only (the shares are of the low scores)', async () => {
		await handle.db.insert(responses).values(
			[[4, ['lama']], [2, ['lama']]].map(([value, reasons]) =>
				responseRow(org, 'b', [value as number], { instrumentId: quickId, reasons: reasons as string[], submittedAt: new Date('2026-07-06T02:00:00Z') })
			)
		);
		expect(Object.fromEntries(await reasonCounts(handle.db, { type: 'agency', id: org.b.agency.id }, parsePeriod('month', '2026-07')!, org.mall.timeZone))).toEqual({ lama: 1 });
	});

	it('shows no quick card where no period has quick ratings', async () => {
		const d = (await loadDashboard(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, parsePeriod('month', '2026-05')!))!;
		expect(d.quick).toBeNull();
	});
});
