/**
 * The SQL that turns responses into rollup rows, shared by the incremental path (inside the statement that
 * inserts a batch) and the rebuild from raw data — one definition, so the two cannot drift apart.
 *
 * Answers are counted once per mall-local day (`dailyItems`, `dailyCounts`, `dailySuppressed` over a source with
 * the columns of `responses` or `suppressed_submissions`); the writers then add those daily counts into each grain:
 * day, month, and the mall's own month.
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * day: per mall-local day × service × counter × instrument; month: the same per calendar month; mall-month: per mall
 * and month only (all agencies, services and counters together).
 */
type Grain = 'day' | 'month' | 'mall-month';
const GRAINS: readonly Grain[] = ['day', 'month', 'mall-month'];

const TABLES: Record<Grain, { items: string; counts: string; month: boolean; units: boolean }> = {
	day: { items: 'rollup_items', counts: 'rollup_counts', month: false, units: true },
	month: { items: 'rollup_items_month', counts: 'rollup_counts_month', month: true, units: true },
	'mall-month': { items: 'rollup_items_mall_month', counts: 'rollup_counts_mall_month', month: true, units: false }
};

/** The mall-local calendar day of an instant (the mall's IANA zone, not the server's). */
const localDay = (instant: string) => sql.raw(`(${instant} at time zone m.time_zone)::date`);

/** Per mall-local day × service × counter × instrument × item: how many answered 1, 2, 3, 4 and how many skipped. */
export function dailyItems(source: SQL): SQL {
	return sql`
		select src.mall_id, ${localDay('src.submitted_at')} as local_date, src.agency_id, src.service_id, src.counter_id,
			src.instrument_id, a.position::smallint as position,
			count(*) filter (where a.value = 1)::int as n1, count(*) filter (where a.value = 2)::int as n2,
			count(*) filter (where a.value = 3)::int as n3, count(*) filter (where a.value = 4)::int as n4,
			count(*) filter (where a.value is null)::int as skipped
		from ${source} src
			join malls m on m.id = src.mall_id
			cross join lateral unnest(src.answers) with ordinality as a(value, position)
		group by 1, 2, 3, 4, 5, 6, 7`;
}

/** Per mall-local day × service × counter × instrument: complete, partial and quick responses. */
export function dailyCounts(source: SQL): SQL {
	return sql`
		select src.mall_id, ${localDay('src.submitted_at')} as local_date, src.agency_id, src.service_id, src.counter_id,
			src.instrument_id, count(*) filter (where src.status = 'complete')::int as complete,
			count(*) filter (where src.status = 'partial')::int as partial, count(*) filter (where i.code = 'quick')::int as quick,
			0 as suppressed
		from ${source} src
			join malls m on m.id = src.mall_id
			join instruments i on i.id = src.instrument_id
		group by 1, 2, 3, 4, 5, 6`;
}

/** Per mall-local day × counter: taps held back by the minimum interval (rows without an instrument). */
export function dailySuppressed(source: SQL): SQL {
	return sql`
		select src.mall_id, ${localDay('src.at')} as local_date, c.agency_id, c.service_id, src.counter_id,
			null::int as instrument_id, 0 as complete, 0 as partial, 0 as quick, count(*)::int as suppressed
		from ${source} src
			join malls m on m.id = src.mall_id
			join counters c on c.id = src.counter_id
		group by 1, 2, 3, 4, 5`;
}

function onConflict(upsert: boolean, key: string, columns: string[]): SQL {
	if (!upsert) return sql``;
	const sets = columns.map((c) => `${c} = rollup_target.${c} + excluded.${c}`).join(', ');
	return sql.raw(`on conflict on constraint ${key} do update set ${sets}`);
}

/** Key columns of a grain (as selected from daily rows `d`), in the order of its unique key. */
function keyColumns(grain: Grain): { insert: string; select: string } {
	const period = TABLES[grain].month ? `date_trunc('month', d.local_date::timestamp)::date` : 'd.local_date';
	return TABLES[grain].units
		? { insert: 'mall_id, local_date, service_id, counter_id, agency_id', select: `d.mall_id, ${period}, d.service_id, d.counter_id, d.agency_id` }
		: { insert: 'mall_id, local_date', select: `d.mall_id, ${period}` };
}

/**
 * Add daily item counts (`daily` names a relation shaped like `dailyItems`) into a grain's table. Rows are written
 * in the unique key's order, so concurrent batches lock them in the same order (no deadlocks).
 */
function writeItems(daily: SQL, grain: Grain, upsert: boolean): SQL {
	const key = keyColumns(grain);
	const target = TABLES[grain].items;
	return sql`
		insert into ${sql.raw(target)} as rollup_target (${sql.raw(key.insert)}, instrument_id, position, n1, n2, n3, n4, skipped)
		select ${sql.raw(key.select)}, d.instrument_id, d.position, sum(d.n1), sum(d.n2), sum(d.n3), sum(d.n4), sum(d.skipped)
		from ${daily} d
		group by ${sql.raw(key.select)}, d.instrument_id, d.position
		order by ${sql.raw(key.select)}, d.instrument_id, d.position
		${onConflict(upsert, `${target}_key`, ['n1', 'n2', 'n3', 'n4', 'skipped'])}`;
}

/** Add daily response counts (a relation shaped like `dailyCounts` / `dailySuppressed`) into a grain's table. */
function writeCounts(daily: SQL, grain: Grain, upsert: boolean): SQL {
	const key = keyColumns(grain);
	const target = TABLES[grain].counts;
	return sql`
		insert into ${sql.raw(target)} as rollup_target (${sql.raw(key.insert)}, instrument_id, complete, partial, quick, suppressed)
		select ${sql.raw(key.select)}, d.instrument_id, sum(d.complete), sum(d.partial), sum(d.quick), sum(d.suppressed)
		from ${daily} d
		group by ${sql.raw(key.select)}, d.instrument_id
		order by ${sql.raw(key.select)}, d.instrument_id
		${onConflict(upsert, `${target}_key`, ['complete', 'partial', 'quick', 'suppressed'])}`;
}

/** CTEs (to follow a `with` list) that add `items` and `counts` — relations of daily rows — into every grain. */
export function writeAllGrains(items: SQL | null, counts: SQL, upsert: boolean): SQL {
	return sql.join(
		GRAINS.flatMap((grain, g) => [
			...(items ? [sql`${sql.raw(`write_items_${g}`)} as (${writeItems(items, grain, upsert)})`] : []),
			sql`${sql.raw(`write_counts_${g}`)} as (${writeCounts(counts, grain, upsert)})`
		]),
		sql`, `
	);
}
