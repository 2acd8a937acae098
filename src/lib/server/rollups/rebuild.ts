/**
 * `npm run rollups:rebuild`: recompute every rollup from the raw responses and suppressed taps, with the same SQL
 * the incremental path uses. Inserts wait while it runs (SHARE lock), so nothing is counted twice or missed.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import { dailyCounts, dailyItems, dailySuppressed, writeAllGrains } from './rollup-sql';

export interface RebuildResult {
	itemRows: number;
	countRows: number;
}

/** Replace all rollups with ones computed from raw data. Safe to run while the app serves (ingestion waits). */
export async function rebuildRollups(db: Db): Promise<RebuildResult> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`lock table responses, suppressed_submissions in share mode`);
		await tx.execute(sql`truncate rollup_items, rollup_counts, rollup_items_month, rollup_counts_month,
			rollup_items_mall_month, rollup_counts_mall_month`);
		await tx.execute(sql`
			with daily_items as materialized (${dailyItems(sql`responses`)}),
			daily_counts as materialized (${dailyCounts(sql`responses`)} union all ${dailySuppressed(sql`suppressed_submissions`)}),
			${writeAllGrains(sql`daily_items`, sql`daily_counts`, false)}
			select 1`);
		const [counts] = rowsOf<RebuildResult>(
			await tx.execute(sql`select (select count(*)::int from rollup_items) as "itemRows", (select count(*)::int from rollup_counts) as "countRows"`)
		);
		return counts!;
	});
}
