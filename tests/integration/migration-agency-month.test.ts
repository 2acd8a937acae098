/**
 * Migration 0017 on a database that already holds responses and rollups: the agencies' monthly rollups are filled by
 * the migration from the units' monthly rows (no rebuild at start-up), with exactly the rows a rebuild from the raw
 * responses writes. Run from 0016 with real rows, on PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyMigrations, rowsOf } from '../../src/lib/server/db/client';
import { responses, suppressedSubmissions } from '../../src/lib/server/db/schema';
import { healRollups, rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { createOrganization, responseRow } from './fixtures';
import { useMigratedUpTo } from './migrated-up-to';

const suite = useMigratedUpTo('0017_');

const AGENCY_TABLES = ['rollup_items_agency_month', 'rollup_counts_agency_month'];

/** A table's rows in a stable order (every column compared). */
const rowsOfTable = async (table: string) =>
	rowsOf<Record<string, unknown>>(await suite.current.handle.db.execute(sql.raw(`select * from ${table}`)))
		.map((row) => JSON.stringify(Object.entries(row).sort()))
		.sort();

describe('migration 0017 on rollups kept before it', () => {
	it('fills the agencies’ monthly rollups from the units’ months, equal to a rebuild', async () => {
		const db = suite.current.handle.db;
		const org = await createOrganization(db, 'before-0017');
		await db.insert(responses).values([
			// 23:30 UTC on 31 March is 1 April in Kupang (UTC+8): April's month.
			responseRow(org, 'a', [4, 4, 3, 3, 4, 4, 3, 3, 4], { submittedAt: new Date('2026-03-31T23:30:00Z') }),
			responseRow(org, 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], { submittedAt: new Date('2026-03-02T02:00:00Z'), channel: 'qr' }),
			responseRow(org, 'a', [2, 2, 2, 2, 2, 2, 2, 2, 2], { submittedAt: new Date('2026-03-12T02:00:00Z'), channel: 'qr' }),
			responseRow(org, 'b', [2, 3, null, 3, 4, 4, 3, 3, 4], { submittedAt: new Date('2026-03-03T09:00:00Z'), channel: 'kiosk' })
		]);
		await db.insert(suppressedSubmissions).values({ id: crypto.randomUUID(), mallId: org.mall.id, deviceId: org.a.device.id, counterId: org.a.counter.id, at: new Date('2026-03-05T03:00:00Z') });
		// The rollups as the code before 0017 kept them: every other grain, from a rebuild (into stand-ins of the tables
		// 0017 creates, dropped before it runs).
		for (const table of AGENCY_TABLES) await db.execute(sql.raw(`create table ${table} as select * from ${table.replace('agency_month', 'mall_month')} limit 0`));
		await db.execute(sql.raw(`alter table rollup_items_agency_month add column agency_id integer`));
		await db.execute(sql.raw(`alter table rollup_counts_agency_month add column agency_id integer`));
		await rebuildRollups(db);
		for (const table of AGENCY_TABLES) await db.execute(sql.raw(`drop table ${table}`));

		expect(await applyMigrations(db, suite.current.handle.kind)).toBe(suite.current.total - suite.current.applied);
		// The other rollups were kept: the start-up has nothing to rebuild.
		expect(await healRollups(db)).toBe(false);
		const items = await rowsOfTable('rollup_items_agency_month');
		const counts = await rowsOfTable('rollup_counts_agency_month');
		// Agency a: March and April by qr (two respondents, then one); agency b: March by kiosk; a's suppressed tap in March.
		const respondents = rowsOf<{ agency: number; month: string; channel: string; n: number; suppressed: number }>(
			await db.execute(sql`select agency_id as agency, to_char(local_date, 'YYYY-MM') as month, channel, sum(complete + partial)::int as n, sum(suppressed)::int as suppressed
				from rollup_counts_agency_month group by 1, 2, 3 order by 1, 2, 3`)
		);
		expect(respondents).toEqual(
			[
				{ agency: org.a.agency.id, month: '2026-03', channel: 'kiosk', n: 0, suppressed: 1 },
				{ agency: org.a.agency.id, month: '2026-03', channel: 'qr', n: 2, suppressed: 0 },
				{ agency: org.a.agency.id, month: '2026-04', channel: 'qr', n: 1, suppressed: 0 },
				{ agency: org.b.agency.id, month: '2026-03', channel: 'kiosk', n: 1, suppressed: 0 }
			].sort((x, y) => x.agency - y.agency || x.month.localeCompare(y.month) || x.channel.localeCompare(y.channel))
		);
		expect(items.length).toBe(3 * 9); // three agency × month × channel rows, nine items each (a tap has none)

		await rebuildRollups(db);
		expect(await rowsOfTable('rollup_items_agency_month')).toEqual(items);
		expect(await rowsOfTable('rollup_counts_agency_month')).toEqual(counts);
	});
});
