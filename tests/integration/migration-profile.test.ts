/**
 * Migration 0013 on a database that already holds responses: the respondent-profile rollups are filled from them by
 * the migration itself (no rebuild of the other rollups at start-up), with exactly the rows a rebuild writes. Run
 * from 0012 with real rows, on PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyMigrations, rowsOf } from '../../src/lib/server/db/client';
import { responses } from '../../src/lib/server/db/schema';
import { healRollups, rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { createOrganization, responseRow } from './fixtures';
import { useMigratedUpTo } from './migrated-up-to';

const suite = useMigratedUpTo('0013_');

/** A table's rows in a stable order (every column compared). */
const profileRows = async (table: string) =>
	rowsOf<Record<string, unknown>>(await suite.current.handle.db.execute(sql.raw(`select * from ${table}`)))
		.map((row) => ({ row, key: JSON.stringify(Object.entries(row).sort()) }))
		.sort((a, b) => a.key.localeCompare(b.key))
		.map(({ row }) => row);

describe('migration 0013 on responses stored before it', () => {
	it('fills the profile rollups from the stored responses, equal to a rebuild', async () => {
		const db = suite.current.handle.db;
		const org = await createOrganization(db, 'before-0013');
		await db.insert(responses).values([
			// 23:30 UTC on 31 March is 1 April in Kupang (UTC+8): April's month.
			responseRow(org, 'a', [4, 4, 3, 3, 4, 4, 3, 3, 4], { submittedAt: new Date('2026-03-31T23:30:00Z'), sex: 'P', ageBand: '26-35', education: 'SMA' }),
			responseRow(org, 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], { submittedAt: new Date('2026-03-02T02:00:00Z'), sex: 'P', occupation: 'Swasta' }),
			responseRow(org, 'b', [2, 3, null, 3, 4, 4, 3, 3, 4], { submittedAt: new Date('2026-03-03T09:00:00Z'), channel: 'kiosk', sex: 'L' })
		]);
		// A rollup row as the code before 0013 kept them (it had no profile tables).
		await db.execute(sql`insert into rollup_counts (mall_id, local_date, agency_id, service_id, counter_id, channel, instrument_id, complete, partial, quick, suppressed)
			values (${org.mall.id}, '2026-03-02', ${org.a.agency.id}, ${org.a.service.id}, ${org.a.counter.id}, 'qr', ${org.instrument.id}, 1, 0, 0, 0)`);

		expect(await applyMigrations(db, suite.current.handle.kind)).toBe(suite.current.total - suite.current.applied);
		// The other rollups were kept: the start-up has nothing to rebuild.
		expect(await healRollups(db)).toBe(false);
		const mall = await profileRows('rollup_profile_mall_month');
		const units = await profileRows('rollup_profile_month');
		const sex = mall.filter((r) => r.field === 'sex').map((r) => [String(r.local_date).slice(0, 10), r.channel, r.value, r.respondents]);
		expect(sex.sort()).toEqual(
			[
				['2026-03-01', 'kiosk', 'L', 1],
				['2026-03-01', 'qr', 'P', 1],
				['2026-04-01', 'qr', 'P', 1]
			].sort()
		);
		// Four fields per respondent: three respondents, twelve counts, the unanswered ones under value null.
		expect(units.reduce((n, r) => n + Number(r.respondents), 0)).toBe(12);

		await rebuildRollups(db);
		expect(await profileRows('rollup_profile_mall_month')).toEqual(mall);
		expect(await profileRows('rollup_profile_month')).toEqual(units);
	});
});
