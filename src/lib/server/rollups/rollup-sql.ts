/**
 * The SQL that turns responses into rollup rows, shared by the incremental path (inside the statement that
 * inserts a batch) and the rebuild from raw data — one definition, so the two cannot drift apart.
 *
 * `source` names a relation with the columns of `responses` (the table itself, or a CTE of just-inserted rows).
 */
import { sql, type SQL } from 'drizzle-orm';

export type Grain = 'day' | 'month';

/** The table of a rollup at a grain. */
const table = (base: 'rollup_items' | 'rollup_counts', grain: Grain) => (grain === 'day' ? base : `${base}_month`);

/** The mall-local calendar day (or its month's first day) of an instant (the mall's IANA zone, not the server's). */
function localPeriod(instant: string, grain: Grain): SQL {
	const day = `(${instant} at time zone m.time_zone)::date`;
	return sql.raw(grain === 'day' ? day : `date_trunc('month', ${day})::date`);
}

function onConflict(upsert: boolean, key: string, columns: string[]): SQL {
	if (!upsert) return sql``;
	const sets = columns.map((c) => `${c} = rollup_target.${c} + excluded.${c}`).join(', ');
	return sql.raw(`on conflict on constraint ${key} do update set ${sets}`);
}

/** Per day (or month) × service × counter × instrument × item: how many answered 1, 2, 3, 4 and how many skipped. */
export function rollupItemsFrom(source: SQL, upsert: boolean, grain: Grain = 'day'): SQL {
	const target = table('rollup_items', grain);
	const localDay = localPeriod('src.submitted_at', grain);
	return sql`
		insert into ${sql.raw(target)} as rollup_target
			(mall_id, local_date, agency_id, service_id, counter_id, instrument_id, position, n1, n2, n3, n4, skipped)
		select src.mall_id, ${localDay}, src.agency_id, src.service_id, src.counter_id, src.instrument_id, a.position::smallint,
			count(*) filter (where a.value = 1)::int, count(*) filter (where a.value = 2)::int,
			count(*) filter (where a.value = 3)::int, count(*) filter (where a.value = 4)::int,
			count(*) filter (where a.value is null)::int
		from ${source} src
			join malls m on m.id = src.mall_id
			cross join lateral unnest(src.answers) with ordinality as a(value, position)
		group by 1, 2, 3, 4, 5, 6, 7
		-- a stable order takes row locks in the same order in every transaction (no deadlocks between batches)
		order by 1, 2, 4, 5, 6, 7
		${onConflict(upsert, `${target}_key`, ['n1', 'n2', 'n3', 'n4', 'skipped'])}`;
}

/** Per day (or month) × service × counter × instrument: complete, partial and quick responses. */
export function rollupCountsFrom(source: SQL, upsert: boolean, grain: Grain = 'day'): SQL {
	const target = table('rollup_counts', grain);
	const localDay = localPeriod('src.submitted_at', grain);
	return sql`
		insert into ${sql.raw(target)} as rollup_target
			(mall_id, local_date, agency_id, service_id, counter_id, instrument_id, complete, partial, quick)
		select src.mall_id, ${localDay}, src.agency_id, src.service_id, src.counter_id, src.instrument_id,
			count(*) filter (where src.status = 'complete')::int, count(*) filter (where src.status = 'partial')::int,
			count(*) filter (where i.code = 'quick')::int
		from ${source} src
			join malls m on m.id = src.mall_id
			join instruments i on i.id = src.instrument_id
		group by 1, 2, 3, 4, 5, 6
		order by 1, 2, 4, 5, 6
		${onConflict(upsert, `${target}_key`, ['complete', 'partial', 'quick'])}`;
}

/** Per day (or month) × counter: taps held back by the minimum interval (rows without an instrument). */
export function suppressedCountsFrom(source: SQL, upsert: boolean, grain: Grain = 'day'): SQL {
	const target = table('rollup_counts', grain);
	return sql`
		insert into ${sql.raw(target)} as rollup_target
			(mall_id, local_date, agency_id, service_id, counter_id, instrument_id, suppressed)
		select src.mall_id, ${localPeriod('src.at', grain)}, c.agency_id, c.service_id, src.counter_id, null::int, count(*)::int
		from ${source} src
			join malls m on m.id = src.mall_id
			join counters c on c.id = src.counter_id
		group by 1, 2, 3, 4, 5
		order by 1, 2, 4, 5
		${onConflict(upsert, `${target}_key`, ['suppressed'])}`;
}
