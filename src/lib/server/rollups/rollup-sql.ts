/**
 * The SQL that turns responses into rollup rows, shared by the incremental path (inside the statement that
 * inserts a batch) and the rebuild from raw data — one definition, so the two cannot drift apart.
 *
 * Answers are counted once per mall-local day (`dailyItems`, `dailyCounts`, `dailySuppressed` over a source with
 * the columns of `responses` or `suppressed_submissions`) and once per mall-local hour for the heatmap
 * (`hourlyHeat`); the writers then add those counts into each grain: day, month, the agency's month and the mall's own month. Every
 * grain is kept per channel.
 */
import { sql, type SQL } from 'drizzle-orm';
import { SKM_CODES } from '../../domain/instruments';

/**
 * day: per mall-local day × service × counter × instrument; month: the same per calendar month; agency-month: per
 * agency and month (its services and counters together: what an agency's figures and a ranking of agencies across
 * halls read); mall-month: per mall and month only (all agencies, services and counters together).
 */
type Grain = 'day' | 'month' | 'agency-month' | 'mall-month';
const GRAINS: readonly Grain[] = ['day', 'month', 'agency-month', 'mall-month'];

/** Each grain's tables and the units it keeps apart: every unit, agencies only, or none (the mall as a whole). */
const TABLES: Record<Grain, { items: string; counts: string; month: boolean; units: 'all' | 'agency' | 'none' }> = {
	day: { items: 'rollup_items', counts: 'rollup_counts', month: false, units: 'all' },
	month: { items: 'rollup_items_month', counts: 'rollup_counts_month', month: true, units: 'all' },
	'agency-month': { items: 'rollup_items_agency_month', counts: 'rollup_counts_agency_month', month: true, units: 'agency' },
	'mall-month': { items: 'rollup_items_mall_month', counts: 'rollup_counts_mall_month', month: true, units: 'none' }
};

/** The mall-local calendar day of an instant (the mall's IANA zone, not the server's). */
const localDay = (instant: string) => sql.raw(`(${instant} at time zone m.time_zone)::date`);

/** Per mall-local day × service × counter × channel × instrument × item: how many answered 1, 2, 3, 4 and how many skipped. */
export function dailyItems(source: SQL): SQL {
	return sql`
		select src.mall_id, ${localDay('src.submitted_at')} as local_date, src.agency_id, src.service_id, src.counter_id,
			src.channel, src.instrument_id, a.position::smallint as position,
			count(*) filter (where a.value = 1)::int as n1, count(*) filter (where a.value = 2)::int as n2,
			count(*) filter (where a.value = 3)::int as n3, count(*) filter (where a.value = 4)::int as n4,
			count(*) filter (where a.value is null)::int as skipped
		from ${source} src
			join malls m on m.id = src.mall_id
			cross join lateral unnest(src.answers) with ordinality as a(value, position)
		group by 1, 2, 3, 4, 5, 6, 7, 8`;
}

/** Per mall-local day × service × counter × channel × instrument: complete, partial and quick responses. */
export function dailyCounts(source: SQL): SQL {
	return sql`
		select src.mall_id, ${localDay('src.submitted_at')} as local_date, src.agency_id, src.service_id, src.counter_id,
			src.channel, src.instrument_id, count(*) filter (where src.status = 'complete')::int as complete,
			count(*) filter (where src.status = 'partial')::int as partial, count(*) filter (where i.code = 'quick')::int as quick,
			0 as suppressed
		from ${source} src
			join malls m on m.id = src.mall_id
			join instruments i on i.id = src.instrument_id
		group by 1, 2, 3, 4, 5, 6, 7`;
}

/** Per mall-local day × counter: taps held back by the minimum interval (rows without an instrument; a tablet's, so 'kiosk'). */
export function dailySuppressed(source: SQL): SQL {
	return sql`
		select src.mall_id, ${localDay('src.at')} as local_date, c.agency_id, c.service_id, src.counter_id,
			'kiosk'::text as channel, null::int as instrument_id, 0 as complete, 0 as partial, 0 as quick, count(*)::int as suppressed
		from ${source} src
			join malls m on m.id = src.mall_id
			join counters c on c.mall_id = src.mall_id and c.id = src.counter_id
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
	switch (TABLES[grain].units) {
		case 'all':
			return {
				insert: 'mall_id, local_date, service_id, counter_id, channel, agency_id',
				select: `d.mall_id, ${period}, d.service_id, d.counter_id, d.channel, d.agency_id`
			};
		case 'agency':
			return { insert: 'mall_id, local_date, agency_id, channel', select: `d.mall_id, ${period}, d.agency_id, d.channel` };
		case 'none':
			return { insert: 'mall_id, local_date, channel', select: `d.mall_id, ${period}, d.channel` };
	}
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

/**
 * Per mall-local day × hour × service × counter × channel: the responses to instruments that feed the IKM, the sum of
 * their answered unsur and how many unsur were answered (the heatmap's mean answer is the one over the other).
 */
export function hourlyHeat(source: SQL): SQL {
	// The unsur are positions 1–9 of every instrument that feeds the IKM (what follows them is on another scale).
	const unsur = sql.raw(`src.answers[1:${SKM_CODES.length}]`);
	return sql`
		select src.mall_id, ${localDay('src.submitted_at')} as local_date,
			extract(hour from src.submitted_at at time zone m.time_zone)::smallint as hour,
			src.agency_id, src.service_id, src.counter_id, src.channel, count(*)::int as responses,
			coalesce(sum((select sum(v) from unnest(${unsur}) v)), 0)::int as answered_sum,
			sum(cardinality(array_remove(${unsur}, null)))::int as answered
		from ${source} src
			join malls m on m.id = src.mall_id
			join instruments i on i.id = src.instrument_id and i.feeds_ikm
		group by 1, 2, 3, 4, 5, 6, 7`;
}

/** The heatmap's grains (an agency's heatmap reads its units' months: it has no grain of its own). */
type HeatGrain = Exclude<Grain, 'agency-month'>;
const HEAT_TABLES: Record<HeatGrain, string> = { day: 'rollup_heat', month: 'rollup_heat_month', 'mall-month': 'rollup_heat_mall_month' };
const hasHeat = (grain: Grain): grain is HeatGrain => grain in HEAT_TABLES;

/** Key columns of a heatmap grain (from hourly rows `d`), in the order of its unique key; months keep the ISO weekday. */
function heatKeyColumns(grain: HeatGrain): { insert: string; select: string } {
	const month = `date_trunc('month', d.local_date::timestamp)::date, extract(isodow from d.local_date)::smallint`;
	switch (grain) {
		case 'day':
			return {
				insert: 'mall_id, local_date, hour, service_id, counter_id, channel, agency_id',
				select: 'd.mall_id, d.local_date, d.hour, d.service_id, d.counter_id, d.channel, d.agency_id'
			};
		case 'month':
			return {
				insert: 'mall_id, local_date, weekday, hour, service_id, counter_id, channel, agency_id',
				select: `d.mall_id, ${month}, d.hour, d.service_id, d.counter_id, d.channel, d.agency_id`
			};
		case 'mall-month':
			return { insert: 'mall_id, local_date, weekday, hour, channel', select: `d.mall_id, ${month}, d.hour, d.channel` };
	}
}

/** Add hourly heatmap rows (a relation shaped like `hourlyHeat`) into a grain's table, in key order. */
function writeHeat(hourly: SQL, grain: HeatGrain, upsert: boolean): SQL {
	const key = heatKeyColumns(grain);
	const target = HEAT_TABLES[grain];
	return sql`
		insert into ${sql.raw(target)} as rollup_target (${sql.raw(key.insert)}, responses, answered_sum, answered)
		select ${sql.raw(key.select)}, sum(d.responses), sum(d.answered_sum), sum(d.answered)
		from ${hourly} d
		group by ${sql.raw(key.select)}
		order by ${sql.raw(key.select)}
		${onConflict(upsert, `${target}_key`, ['responses', 'answered_sum', 'answered'])}`;
}

/**
 * CTEs (to follow a `with` list) that add `items`, `counts` and `heat` — relations of daily and hourly rows — into
 * every grain (no items or heat for suppressed taps).
 */
export function writeAllGrains(items: SQL | null, counts: SQL, heat: SQL | null, upsert: boolean): SQL {
	return sql.join(
		GRAINS.flatMap((grain, g) => [
			...(items ? [sql`${sql.raw(`write_items_${g}`)} as (${writeItems(items, grain, upsert)})`] : []),
			sql`${sql.raw(`write_counts_${g}`)} as (${writeCounts(counts, grain, upsert)})`,
			...(heat && hasHeat(grain) ? [sql`${sql.raw(`write_heat_${g}`)} as (${writeHeat(heat, grain, upsert)})`] : [])
		]),
		sql`, `
	);
}

/** The respondent profile fields, as columns of `responses` (the Laporan SKM's profil responden). */
const PROFILE_COLUMNS = ['sex', 'age_band', 'education', 'occupation'] as const;

/**
 * Per mall-local month × service × counter × channel × profile field × value: respondents of instruments that feed
 * the IKM (value null = not given). `source` has the columns of `responses`.
 */
export function monthlyProfile(source: SQL): SQL {
	const fields = sql.raw(PROFILE_COLUMNS.map((column) => `('${column}', src.${column})`).join(', '));
	return sql`
		select src.mall_id, date_trunc('month', ${localDay('src.submitted_at')}::timestamp)::date as local_date,
			src.agency_id, src.service_id, src.counter_id, src.channel, f.field, f.value, count(*)::int as respondents
		from ${source} src
			join malls m on m.id = src.mall_id
			join instruments i on i.id = src.instrument_id and i.feeds_ikm
			cross join lateral (values ${fields}) as f(field, value)
		group by 1, 2, 3, 4, 5, 6, 7, 8`;
}

const PROFILE_GRAINS = [
	{ table: 'rollup_profile_month', key: 'mall_id, local_date, service_id, counter_id, channel, agency_id, field, value' },
	{ table: 'rollup_profile_mall_month', key: 'mall_id, local_date, channel, field, value' }
] as const;

/** CTEs (to follow a `with` list) that add monthly profile rows (a relation shaped like `monthlyProfile`) into both grains, in key order. */
export function writeProfile(monthly: SQL, upsert: boolean): SQL {
	return sql.join(
		PROFILE_GRAINS.map(({ table, key }, g) => {
			const columns = key
				.split(', ')
				.map((c) => `d.${c}`)
				.join(', ');
			return sql`${sql.raw(`write_profile_${g}`)} as (
				insert into ${sql.raw(table)} as rollup_target (${sql.raw(key)}, respondents)
				select ${sql.raw(columns)}, sum(d.respondents) from ${monthly} d
				group by ${sql.raw(columns)}
				order by ${sql.raw(columns)}
				${onConflict(upsert, `${table}_key`, ['respondents'])})`;
		}),
		sql`, `
	);
}

/** Every rollup table (what a rebuild empties). */
export const ROLLUP_TABLES = [
	...GRAINS.flatMap((grain) => [TABLES[grain].items, TABLES[grain].counts, ...(hasHeat(grain) ? [HEAT_TABLES[grain]] : [])]),
	...PROFILE_GRAINS.map((grain) => grain.table)
] as const;
