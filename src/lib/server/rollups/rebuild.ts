/**
 * `npm run rollups:rebuild`: recompute every rollup from the raw responses and suppressed taps, with the same SQL
 * the incremental path uses. Inserts wait while it runs (SHARE lock), so nothing is counted twice or missed.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import { dailyCounts, dailyItems, dailySuppressed, hourlyHeat, monthlyProfile, ROLLUP_TABLES, writeAllGrains, writeProfile } from './rollup-sql';

export interface RebuildResult {
	itemRows: number;
	countRows: number;
	heatRows: number;
}

/** Replace all rollups with ones computed from raw data. Safe to run while the app serves (ingestion waits). */
export async function rebuildRollups(db: Db): Promise<RebuildResult> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`lock table responses, suppressed_submissions in share mode`);
		await tx.execute(sql.raw(`truncate ${ROLLUP_TABLES.join(', ')}`));
		await tx.execute(sql`
			with daily_items as materialized (${dailyItems(sql`responses`)}),
			daily_counts as materialized (${dailyCounts(sql`responses`)} union all ${dailySuppressed(sql`suppressed_submissions`)}),
			hourly_heat as materialized (${hourlyHeat(sql`responses`)}),
			monthly_profile as materialized (${monthlyProfile(sql`responses`)}),
			${writeAllGrains(sql`daily_items`, sql`daily_counts`, sql`hourly_heat`, false)},
			${writeProfile(sql`monthly_profile`, false)}
			select 1`);
		const [counts] = rowsOf<RebuildResult>(
			await tx.execute(sql`select (select count(*)::int from rollup_items) as "itemRows", (select count(*)::int from rollup_counts) as "countRows",
				(select count(*)::int from rollup_heat) as "heatRows"`)
		);
		return counts!;
	});
}

/**
 * Rebuild the rollups when responses or taps are stored but no rollup row exists — never true while they are kept
 * (every stored response or tap adds a count row in its statement), so it means a migration emptied them to change
 * their shape. The server's start-up runs it after the migrations, under the start-up lock; returns whether it rebuilt.
 */
export async function healRollups(db: Db): Promise<boolean> {
	const [state] = rowsOf<{ due: boolean }>(
		await db.execute(sql`select (exists (select 1 from responses) or exists (select 1 from suppressed_submissions))
			and not exists (select 1 from rollup_counts) as due`)
	);
	if (!state?.due) return false;
	await rebuildRollups(db);
	return true;
}
