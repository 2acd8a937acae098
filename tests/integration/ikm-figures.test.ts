/**
 * The IKM figures read from the database equal those of the pure engine on the same answers, on PGlite and on
 * PostgreSQL, and periods follow the mall's time zone, not the server's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIkm, poolTallies, tallyAnswers } from '../../src/lib/domain/skm';
import { SKM_2017, SKM_CODES } from '../../src/lib/domain/instruments';
import { publishInstrument } from '../../src/lib/server/surveys/instruments';
import { localDate } from '../../src/lib/domain/periods';
import { yearOverview } from '../../src/lib/server/indicators/overview';
import { findDefaultMall } from '../../src/lib/server/organization/queries';
import { generateDemoResponses } from '../../src/lib/server/demo/generate';
import { seedDemoIfEmpty } from '../../src/lib/server/demo/seed';
import { DEMO_MALL } from '../../src/lib/server/demo/kupang';
import { responses } from '../../src/lib/server/db/schema';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { freshDb } from './db';
import { createOrganization, responseRow } from './fixtures';

describe('the demo year through SQL and the engine', () => {
	// The first quarter of 2024 (~3 600 responses) keeps the test quick; the arithmetic is the same at any size.
	const until = new Date('2024-04-01T00:00:00+08:00');
	let handle: TestDb;
	beforeAll(async () => {
		handle = await freshDb();
		await seedDemoIfEmpty(handle.db, until);
	});
	afterAll(async () => {
		await handle?.close();
	});

	it('gives the mall and every agency the IKM the pure engine gives on the generated answers', async () => {
		const generated = [...generateDemoResponses(until)].filter((r) => localDate(r.submittedAt, DEMO_MALL.timeZone).startsWith('2024'));
		expect(generated.length).toBeGreaterThan(3000);
		const mall = await findDefaultMall(handle.db);
		const overview = await yearOverview(handle.db, mall!, 2024);

		const expectedMall = computeIkm(tallyAnswers(generated.map((r) => r.answers.slice(0, SKM_CODES.length)), SKM_CODES));
		expect(overview.mall.result).toEqual(expectedMall);
		expect(overview.mall.respondents).toBe(generated.length);
		expect(overview.mall.result.ikm).toBeGreaterThan(70);

		for (const agency of overview.agencies) {
			const own = generated.filter((r) => r.agencyCode === agency.code);
			expect(agency.result, agency.code).toEqual(computeIkm(tallyAnswers(own.map((r) => r.answers.slice(0, SKM_CODES.length)), SKM_CODES)));
			expect(agency.respondents).toBe(own.length);
		}
		// The mall's figure pools the agencies' answers.
		const pooled = poolTallies(
			overview.agencies.map((a) => a.result.unsur),
			SKM_CODES
		);
		expect(computeIkm(pooled).ikm).toBe(overview.mall.result.ikm);
	});

	it('has no data for a year without responses', async () => {
		const overview = await yearOverview(handle.db, (await findDefaultMall(handle.db))!, 2023);
		expect(overview.mall.respondents).toBe(0);
		expect(overview.mall.result.ikm).toBeNull();
		expect(overview.agencies.every((a) => a.result.ikm === null)).toBe(true);
	});
});

describe('periods in the mall time zone', () => {
	let handle: TestDb;
	beforeAll(async () => {
		handle = await freshDb();
	});
	afterAll(async () => {
		await handle?.close();
	});

	it('counts 23:59:59 on 31 December local time in the old year and 00:00 in the new one (Kupang, UTC+8)', async () => {
		const org = await createOrganization(handle.db, 'kupang', 'Asia/Makassar');
		const rows = [
			// 2025-12-31 23:59:59 WITA
			responseRow(org, 'a', [1, 1, 1, 1, 1, 1, 1, 1, 1], { submittedAt: new Date('2025-12-31T15:59:59Z') }),
			// 2026-01-01 00:00:00 WITA, still 2025 in UTC
			responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { submittedAt: new Date('2025-12-31T16:00:00Z') }),
			// 2026-12-31 23:30 WITA
			responseRow(org, 'b', [3, 3, 3, 3, 3, 3, 3, 3, null], { submittedAt: new Date('2026-12-31T15:30:00Z') }),
			// 2027-01-01 00:30 WITA
			responseRow(org, 'b', [1, 1, 1, 1, 1, 1, 1, 1, 1], { submittedAt: new Date('2026-12-31T16:30:00Z') })
		];
		await handle.db.insert(responses).values(rows);
		await rebuildRollups(handle.db);
		const year2025 = await yearOverview(handle.db, org.mall, 2025);
		const year2026 = await yearOverview(handle.db, org.mall, 2026);
		expect(year2025.mall).toMatchObject({ respondents: 1, result: { ikm: 25, mutu: 'D' } });
		expect(year2026.mall.respondents).toBe(2);
		// U9 skipped by one of the two: NRR(U9) = 4, the rest (4 + 3) / 2 = 3.5 → (8 × 3.5 + 4) / 9 × 25
		expect(year2026.mall.result.unsur[8]).toMatchObject({ n: 1, sum: 4, nrr: 4 });
		expect(year2026.mall.result.ikm).toBe(88.89);
		expect(year2026.agencies.find((a) => a.code === 'a')!.result.ikm).toBe(100);
		expect(year2026.agencies.find((a) => a.code === 'b')!.result.unsur[8]!.n).toBe(0);
		expect(year2026.agencies.find((a) => a.code === 'b')!.result.ikm).toBeNull();
		expect(year2026.period.from.toISOString()).toBe('2025-12-31T16:00:00.000Z');
	});

	it('uses each mall its own zone (Jakarta, UTC+7)', async () => {
		const org = await createOrganization(handle.db, 'jakarta', 'Asia/Jakarta');
		await handle.db.insert(responses).values([
			// 2026-01-01 06:30 WIB, while UTC still says 2025
			responseRow(org, 'a', [2, 2, 2, 2, 2, 2, 2, 2, 2], { submittedAt: new Date('2025-12-31T23:30:00Z') }),
			// 2025-12-31 23:30 WIB = 2026-01-01 00:30 WITA: 2025 in Jakarta
			responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { submittedAt: new Date('2025-12-31T16:30:00Z') })
		]);
		await rebuildRollups(handle.db);
		expect((await yearOverview(handle.db, org.mall, 2026)).mall.result.ikm).toBe(50);
		expect((await yearOverview(handle.db, org.mall, 2025)).mall.result.ikm).toBe(100);
	});

	it('counts partial answers over those who answered, and ignores other instruments', async () => {
		const org = await createOrganization(handle.db, 'partial', 'Asia/Makassar');
		const quick = await publishInstrument(handle.db, {
			code: 'quick-test',
			version: 1,
			title: { id: 'Cepat', en: 'Quick' },
			feedsIkm: false,
			items: [SKM_2017.items[0]!]
		});
		await handle.db.insert(responses).values([
			responseRow(org, 'a', [1], { instrumentId: quick.id, submittedAt: new Date('2026-05-04T01:30:00Z') }),
			responseRow(org, 'a', [4, 3, null, null, null, null, null, null, null], { status: 'partial', submittedAt: new Date('2026-05-04T01:00:00Z') }),
			responseRow(org, 'a', [2, 2, 2, 2, 2, 2, 2, 2, 2], { submittedAt: new Date('2026-05-04T02:00:00Z') })
		]);
		await rebuildRollups(handle.db);
		const overview = await yearOverview(handle.db, org.mall, 2026);
		expect(overview.mall.respondents).toBe(2);
		expect(overview.mall.result.unsur[0]).toMatchObject({ n: 2, sum: 6, nrr: 3 });
		expect(overview.mall.result.unsur[2]).toMatchObject({ n: 1, sum: 2, nrr: 2 });
		// NRR: U1 3, U2 2.5, U3..U9 2 → Σ 19.5 → 19.5/9 × 25 = 54.1666…
		expect(overview.mall.result.ikm).toBe(54.17);
	});
});
