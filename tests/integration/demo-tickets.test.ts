/**
 * The demo's tickets: recent phone-open responses become ticket responses with queue times, once, and the dashboard's
 * waiting card then shows slow waits rated lower.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { rowsOf } from '../../src/lib/server/db/client';
import { responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { seedDemoTickets } from '../../src/lib/server/demo/tickets';
import { loadDashboard } from '../../src/lib/server/indicators/dashboard';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
const until = new Date('2026-04-01T00:00:00+08:00');
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'demo-tickets');
	const rows = [];
	for (let i = 0; i < 80; i++) {
		const value = 1 + (i % 4);
		rows.push(
			responseRow(org, i % 2 ? 'a' : 'b', SKM_CODES.map(() => value), {
				channel: i % 5 === 0 ? 'kiosk' : 'qr',
				// March 2026 (and 10 in January, before the 60 days).
				submittedAt: new Date(Date.UTC(2026, i < 10 ? 0 : 2, 1 + (i % 28), 2, i % 60))
			})
		);
	}
	await handle.db.insert(responses).values(rows);
	await rebuildRollups(handle.db);
});
afterAll(async () => {
	await handle?.close();
});

describe('seedDemoTickets', () => {
	it('gives the recent phone-open responses tickets with queue times, once', async () => {
		const n = await seedDemoTickets(handle.db, org.mall.id, until);
		const counts = rowsOf<{ channel: string; n: number }>(
			await handle.db.execute(sql`select channel, count(*)::int as n from responses group by channel order by channel`)
		);
		// 80 responses: 16 kiosk; of the 64 phone-open ones, those of January (i < 10, not multiples of 5: 8) stay open.
		expect(counts).toEqual([
			{ channel: 'kiosk', n: 16 },
			{ channel: 'qr', n: 8 },
			{ channel: 'ticket', n: 56 }
		]);
		expect(n).toBe(56);
		expect(await seedDemoTickets(handle.db, org.mall.id, until)).toBe(0);
	});

	it('makes the waiting card show slower waits rated lower', async () => {
		const d = (await loadDashboard(handle.db, { userId: null, role: 'admin', mallId: org.mall.id, agencyIds: null }, { type: 'mall', id: org.mall.id }, parsePeriod('month', '2026-03')!))!;
		const w = d.waiting!;
		expect(w.respondents).toBe(56);
		const ikms = w.bands.map((b) => b.result.ikm).filter((ikm): ikm is number => ikm !== null);
		expect(ikms.length).toBeGreaterThan(2);
		expect(ikms).toEqual([...ikms].sort((a, b) => b - a));
		expect(w.medianServiceMinutes).toBeGreaterThanOrEqual(3);
	});
});
