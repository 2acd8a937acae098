/**
 * Migration 0012 on a database that already holds responses and rollups without a channel: the old rollup rows are
 * emptied by the migration and rebuilt from the raw responses by the server's start-up (healRollups, after the
 * migrations), per channel and with the heatmap's grains — nothing to run by hand. Run from 0011 with real rows, on
 * PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyMigrations, rowsOf } from '../../src/lib/server/db/client';
import { useMigratedUpTo } from './migrated-up-to';
import { responses } from '../../src/lib/server/db/schema';
import { healRollups } from '../../src/lib/server/rollups/rebuild';
import { createOrganization, responseRow } from './fixtures';

const suite = useMigratedUpTo('0012_');

const count = async (table: string) => rowsOf<{ n: number }>(await suite.current.handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

describe('migration 0012 on responses stored before it', () => {
	it('rebuilds every rollup per channel, and the heatmap’s, from the raw responses', async () => {
		const db = suite.current.handle.db;
		const org = await createOrganization(db, 'before-0012');
		const rows = [
			responseRow(org, 'a', [4, 4, 3, 3, 4, 4, 3, 3, 4], { submittedAt: new Date('2026-03-02T02:00:00Z'), channel: 'kiosk' }),
			responseRow(org, 'a', [2, 3, null, 3, 4, 4, 3, 3, 4], { submittedAt: new Date('2026-03-02T02:30:00Z'), channel: 'qr' }),
			responseRow(org, 'b', [1, 2, 3, 4, 4, 4, 3, 3, 4], { submittedAt: new Date('2026-03-03T09:00:00Z'), channel: 'kiosk' })
		];
		await db.insert(responses).values(rows);
		// A rollup row as the code before 0012 wrote it (no channel column yet).
		await db.execute(sql`insert into rollup_counts (mall_id, local_date, agency_id, service_id, counter_id, instrument_id, complete, partial, quick, suppressed)
			values (${org.mall.id}, '2026-03-02', ${org.a.agency.id}, ${org.a.service.id}, ${org.a.counter.id}, ${rows[0]!.instrumentId}, 2, 0, 0, 0)`);

		expect(await applyMigrations(db, suite.current.handle.kind)).toBe(suite.current.total - suite.current.applied);
		expect(await count('rollup_counts')).toBe(0);
		expect(await healRollups(db)).toBe(true);

		const counts = rowsOf<{ channel: string; n: number }>(
			await db.execute(sql`select channel, sum(complete + partial)::int as n from rollup_counts group by channel order by channel`)
		);
		expect(counts).toEqual([
			{ channel: 'kiosk', n: 2 },
			{ channel: 'qr', n: 1 }
		]);
		expect(await count('rollup_items_mall_month')).toBeGreaterThan(0);
		const heat = rowsOf<{ weekday: number; hour: number; responses: number; answered_sum: number; answered: number }>(
			await db.execute(sql`select weekday, hour, sum(responses)::int as responses, sum(answered_sum)::int as answered_sum, sum(answered)::int as answered
				from rollup_heat_mall_month group by 1, 2 order by 1, 2`)
		);
		// 02:00 and 02:30 UTC on Monday 2 March are 10 h in Kupang (UTC+8); 09:00 UTC on Tuesday is 17 h.
		expect(heat).toEqual([
			{ weekday: 1, hour: 10, responses: 2, answered_sum: 32 + 26, answered: 17 },
			{ weekday: 2, hour: 17, responses: 1, answered_sum: 28, answered: 9 }
		]);
		// A second start migrates nothing and leaves the rollups as they are.
		const before = await count('rollup_heat');
		expect(await applyMigrations(db, suite.current.handle.kind)).toBe(0);
		expect(await healRollups(db)).toBe(false);
		expect(await count('rollup_heat')).toBe(before);
	});
});
