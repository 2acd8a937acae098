/**
 * Every rollup row as a sorted list of text lines: the tests compare the incremental path with a rebuild from raw
 * data by comparing two snapshots.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../src/lib/server/db/client';

/** The columns of each rollup table, tagged, as text lines (null counters and instruments included). */
const SNAPSHOT_TABLES: [string, string, string][] = [
	['i', 'rollup_items', 'mall_id, local_date, agency_id, service_id, counter_id, channel, instrument_id, position, n1, n2, n3, n4, skipped'],
	['c', 'rollup_counts', 'mall_id, local_date, agency_id, service_id, counter_id, channel, instrument_id, complete, partial, quick, suppressed'],
	['m', 'rollup_items_month', 'mall_id, local_date, agency_id, service_id, counter_id, channel, instrument_id, position, n1, n2, n3, n4, skipped'],
	['mc', 'rollup_counts_month', 'mall_id, local_date, agency_id, service_id, counter_id, channel, instrument_id, complete, partial, quick, suppressed'],
	['am', 'rollup_items_agency_month', 'mall_id, local_date, agency_id, channel, instrument_id, position, n1, n2, n3, n4, skipped'],
	['amc', 'rollup_counts_agency_month', 'mall_id, local_date, agency_id, channel, instrument_id, complete, partial, quick, suppressed'],
	['mm', 'rollup_items_mall_month', 'mall_id, local_date, channel, instrument_id, position, n1, n2, n3, n4, skipped'],
	['mmc', 'rollup_counts_mall_month', 'mall_id, local_date, channel, instrument_id, complete, partial, quick, suppressed'],
	['h', 'rollup_heat', 'mall_id, local_date, hour, agency_id, service_id, counter_id, channel, responses, answered_sum, answered'],
	['hm', 'rollup_heat_month', 'mall_id, local_date, weekday, hour, agency_id, service_id, counter_id, channel, responses, answered_sum, answered'],
	['hmm', 'rollup_heat_mall_month', 'mall_id, local_date, weekday, hour, channel, responses, answered_sum, answered'],
	// A null value (not given) is written as the word null: concat_ws would drop it and shift the columns.
	['p', 'rollup_profile_month', "mall_id, local_date, agency_id, service_id, counter_id, channel, field, coalesce(value, 'null'), respondents"],
	['pm', 'rollup_profile_mall_month', "mall_id, local_date, channel, field, coalesce(value, 'null'), respondents"]
];

/** Every rollup row, sorted, as text. */
export async function snapshot(db: Db): Promise<string[]> {
	const lines: string[] = [];
	for (const [tag, table, columns] of SNAPSHOT_TABLES) {
		const rows = rowsOf<{ line: string }>(await db.execute(sql.raw(`select concat_ws(' ', '${tag}', ${columns}) as line from ${table}`)));
		lines.push(...rows.map((r) => r.line));
	}
	return lines.sort();
}
