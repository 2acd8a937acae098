/**
 * The SQL that turns responses into rollup rows, shared by the incremental path (inside the statement that
 * inserts a batch) and the rebuild from raw data — one definition, so the two cannot drift apart.
 *
 * `source` names a relation with the columns of `responses` (the table itself, or a CTE of just-inserted rows).
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * day: per mall-local day × service × counter × instrument; month: the same per calendar month; mall-month: per mall
 * and month only (all agencies, services and counters together).
 */
export type Grain = 'day' | 'month' | 'mall-month';
export const GRAINS: readonly Grain[] = ['day', 'month', 'mall-month'];

const TABLES: Record<Grain, { items: string; counts: string; month: boolean; units: boolean }> = {
	day: { items: 'rollup_items', counts: 'rollup_counts', month: false, units: true },
	month: { items: 'rollup_items_month', counts: 'rollup_counts_month', month: true, units: true },
	'mall-month': { items: 'rollup_items_mall_month', counts: 'rollup_counts_mall_month', month: true, units: false }
};

/** The mall-local calendar day (or its month's first day) of an instant (the mall's IANA zone, not the server's). */
function localPeriod(instant: string, grain: Grain): SQL {
	const day = `(${instant} at time zone m.time_zone)::date`;
	return sql.raw(TABLES[grain].month ? `date_trunc('month', ${day}::timestamp)::date` : day);
}

function onConflict(upsert: boolean, key: string, columns: string[]): SQL {
	if (!upsert) return sql``;
	const sets = columns.map((c) => `${c} = rollup_target.${c} + excluded.${c}`).join(', ');
	return sql.raw(`on conflict on constraint ${key} do update set ${sets}`);
}

/** The columns that name the unit (agency, service, counter) at grains that have one, with their group positions. */
function units(grain: Grain, from: { agency: string; service: string; counter: string }) {
	if (!TABLES[grain].units) return { columns: sql``, values: sql``, groupBy: '1, 2', orderBy: '1, 2', extra: 0 };
	return {
		columns: sql.raw('agency_id, service_id, counter_id, '),
		values: sql.raw(`${from.agency}, ${from.service}, ${from.counter}, `),
		groupBy: '1, 2, 3, 4, 5',
		// the unique key's order (mall, date, service, counter, …): rows are locked in the same order by every batch
		orderBy: '1, 2, 4, 5',
		extra: 3
	};
}

const positions = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i).join(', ');

/** Per period × (unit ×) instrument × item: how many answered 1, 2, 3, 4 and how many skipped. */
export function rollupItemsFrom(source: SQL, upsert: boolean, grain: Grain = 'day'): SQL {
	const target = TABLES[grain].items;
	const unit = units(grain, { agency: 'src.agency_id', service: 'src.service_id', counter: 'src.counter_id' });
	const last = 2 + unit.extra;
	return sql`
		insert into ${sql.raw(target)} as rollup_target
			(mall_id, local_date, ${unit.columns}instrument_id, position, n1, n2, n3, n4, skipped)
		select src.mall_id, ${localPeriod('src.submitted_at', grain)}, ${unit.values}src.instrument_id, a.position::smallint,
			count(*) filter (where a.value = 1)::int, count(*) filter (where a.value = 2)::int,
			count(*) filter (where a.value = 3)::int, count(*) filter (where a.value = 4)::int,
			count(*) filter (where a.value is null)::int
		from ${source} src
			join malls m on m.id = src.mall_id
			cross join lateral unnest(src.answers) with ordinality as a(value, position)
		group by ${sql.raw(`${unit.groupBy}, ${positions(last + 1, 2)}`)}
		order by ${sql.raw(`${unit.orderBy}, ${positions(last + 1, 2)}`)}
		${onConflict(upsert, `${target}_key`, ['n1', 'n2', 'n3', 'n4', 'skipped'])}`;
}

/** Per period × (unit ×) instrument: complete, partial and quick responses. */
export function rollupCountsFrom(source: SQL, upsert: boolean, grain: Grain = 'day'): SQL {
	const target = TABLES[grain].counts;
	const unit = units(grain, { agency: 'src.agency_id', service: 'src.service_id', counter: 'src.counter_id' });
	const last = 2 + unit.extra;
	return sql`
		insert into ${sql.raw(target)} as rollup_target
			(mall_id, local_date, ${unit.columns}instrument_id, complete, partial, quick)
		select src.mall_id, ${localPeriod('src.submitted_at', grain)}, ${unit.values}src.instrument_id,
			count(*) filter (where src.status = 'complete')::int, count(*) filter (where src.status = 'partial')::int,
			count(*) filter (where i.code = 'quick')::int
		from ${source} src
			join malls m on m.id = src.mall_id
			join instruments i on i.id = src.instrument_id
		group by ${sql.raw(`${unit.groupBy}, ${last + 1}`)}
		order by ${sql.raw(`${unit.orderBy}, ${last + 1}`)}
		${onConflict(upsert, `${target}_key`, ['complete', 'partial', 'quick'])}`;
}

/** Per period × (unit): taps held back by the minimum interval (rows without an instrument). */
export function suppressedCountsFrom(source: SQL, upsert: boolean, grain: Grain = 'day'): SQL {
	const target = TABLES[grain].counts;
	const unit = units(grain, { agency: 'c.agency_id', service: 'c.service_id', counter: 'src.counter_id' });
	return sql`
		insert into ${sql.raw(target)} as rollup_target
			(mall_id, local_date, ${unit.columns}instrument_id, suppressed)
		select src.mall_id, ${localPeriod('src.at', grain)}, ${unit.values}null::int, count(*)::int
		from ${source} src
			join malls m on m.id = src.mall_id
			join counters c on c.id = src.counter_id
		group by ${sql.raw(unit.groupBy)}
		order by ${sql.raw(unit.orderBy)}
		${onConflict(upsert, `${target}_key`, ['suppressed'])}`;
}
