/**
 * Per-unsur tallies (Σ and n) read from the rollups, grouped by a key (a date bucket, an agency …). Positions are
 * mapped to unsur codes through each instrument version's items, and every version that feeds the IKM is pooled.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Granularity } from '../../domain/granularity';
import { addDays, type DateRange } from '../../domain/periods';
import type { ScopeFilter } from '../../domain/scope';
import type { Channel } from '../../domain/profile';
import { executePrepared, type Db } from '../db/client';
import { SCOPE_COLUMN } from '../db/scope-columns';

const TRUNC_UNITS: Record<Exclude<Granularity, 'day' | 'semester'>, string> = { week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

/** SQL for the bucket start of a local date (the same buckets as domain/granularity.ts). */
function bucketSql(column: SQL, granularity: Granularity): SQL {
	switch (granularity) {
		case 'day':
			return sql`${column}`;
		case 'semester':
			return sql`make_date(extract(year from ${column})::int, case when extract(month from ${column}) <= 6 then 1 else 7 end, 1)`;
		default:
			// On a timestamp without time zone: a date is a calendar date here, and no zone conversion is wanted. The unit
			// is written into the statement (from a fixed list), so the select list and the group by name the same expression.
			return sql`date_trunc(${sql.raw(`'${TRUNC_UNITS[granularity]}'`)}, ${column}::timestamp)::date`;
	}
}

/**
 * How rows are grouped: by date bucket, by agency/service/counter (optionally also by date bucket: key
 * "<id>|<bucket start>"), by channel (key: the channel), or not at all.
 */
export type Grouping =
	| { by: 'bucket'; granularity: Granularity }
	| { by: 'mall' | 'agency' | 'service' | 'counter'; granularity?: Granularity }
	| { by: 'channel' }
	| { by: 'mall-channel' }
	| { by: 'none' };

/**
 * What rollup rows are read for: one unit (a mall, agency, service or counter), or — across halls — a set of halls or a
 * set of agencies (the agencies of one kind in a region's halls).
 */
export type RollupScope = ScopeFilter | { type: 'malls' | 'agencies'; ids: readonly number[] };

/** The condition that places a rollup row in `scope`. */
function scopeCondition(scope: RollupScope): SQL {
	if ('ids' in scope) return sql`${sql.raw(scope.type === 'malls' ? 'mall_id' : 'agency_id')} = any(${`{${scope.ids.join(',')}}`}::int[])`;
	return sql`${sql.raw(SCOPE_COLUMN[scope.type])} = ${scope.id}`;
}

/** Whether the scope is read from a mall's own totals (a mall or a set of halls), not from the units' rows. */
const isMallScope = (scope: RollupScope) => scope.type === 'mall' || scope.type === 'malls';

/** The columns rows are grouped by (grouping on them, not on a text key built per row, keeps the grouping cheap). */
function groupColumns(grouping: Grouping, alias: string): SQL[] {
	if (grouping.by === 'bucket') return [bucketSql(sql.raw(`${alias}.local_date`), grouping.granularity)];
	if (grouping.by === 'none') return [];
	if (grouping.by === 'channel') return [sql.raw(`${alias}.channel`)];
	if (grouping.by === 'mall-channel') return [sql.raw(`${alias}.mall_id`), sql.raw(`${alias}.channel`)];
	const unit = sql.raw(`${alias}.${grouping.by}_id`);
	return grouping.granularity ? [unit, bucketSql(sql.raw(`${alias}.local_date`), grouping.granularity)] : [unit];
}

/** The group key as text ("<id>|<bucket start>", a bucket start, a channel, or '' ungrouped), from the grouped columns. */
function groupKey(grouping: Grouping, alias: string): SQL {
	const columns = groupColumns(grouping, alias);
	if (columns.length === 0) return sql`''`;
	return sql.join(
		columns.map((column) => sql`(${column})::text`),
		sql` || '|' || `
	);
}

/** `group by` of the grouping's columns followed by `more`. */
function groupBy(grouping: Grouping, alias: string, more: SQL[] = []): SQL {
	const columns = [...groupColumns(grouping, alias), ...more];
	// Ungrouped: by the constant key (the first column), so no rows give no group, as with any other grouping.
	return columns.length === 0 ? sql`group by 1` : sql`group by ${sql.join(columns, sql`, `)}`;
}

/** Whether the grouping needs daily rows (day and week buckets cannot be read from months). */
const needsDays = (grouping: Grouping) =>
	'granularity' in grouping && (grouping.granularity === 'day' || grouping.granularity === 'week');

const pad = (n: number) => String(n).padStart(2, '0');

/** The whole calendar months inside [from, to], as [first day of the first, last day of the last], or null. */
export function wholeMonths(range: DateRange): DateRange | null {
	const [fy, fm, fd] = range.from.split('-').map(Number) as [number, number, number];
	const [ty, tm, td] = range.to.split('-').map(Number) as [number, number, number];
	const start = fd === 1 ? new Date(Date.UTC(fy, fm - 1, 1)) : new Date(Date.UTC(fy, fm, 1));
	const lastOfTo = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
	const end = td === lastOfTo ? new Date(Date.UTC(ty, tm, 0)) : new Date(Date.UTC(ty, tm - 1, 0));
	if (start > end) return null;
	const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
	return { from: iso(start), to: iso(end) };
}

/** The days of `range` before its first whole month and after its last (`months`, from wholeMonths), as ranges. */
export function edgeDays<R extends DateRange>(range: R, months: DateRange): R[] {
	const edges: R[] = [];
	if (range.from < months.from) edges.push({ ...range, to: addDays(months.from, -1) });
	if (months.to < range.to) edges.push({ ...range, from: addDays(months.to, 1) });
	return edges;
}

const ITEM_COLUMNS = 'local_date, instrument_id, position, n1, n2, n3, n4';
const COUNT_COLUMNS = 'local_date, instrument_id, complete, partial, quick, suppressed';

/** `and channel = …` when one channel is asked for: every grain is kept per channel. */
const channelCondition = (channel?: Channel): SQL => (channel ? sql` and channel = ${channel}` : sql``);

/** The rollup tables read for a scope, range and grouping (`base` names the daily grain's table). */
export interface RollupSource {
	scope: RollupScope;
	range: DateRange;
	/** Grouped by agency, service or counter (the mall's own totals cannot serve). */
	byUnit: boolean;
	/** The grouping needs daily rows (day and week series). */
	needsDays: boolean;
	channel?: Channel;
}

/**
 * Rows of a rollup family for a scope and range: monthly rows for the whole months inside it and daily rows for the
 * days at either end, unless days are needed (day and week series). A mall's whole months come from its own monthly
 * totals unless the rows are grouped by unit. `base` is the daily table; `<base>_month` and `<base>_mall_month` exist.
 * `dailyColumns` selects the same columns from the daily table when they are named differently there.
 */
export function rollupRowsOf(base: string, columns: string, source: RollupSource, dailyColumns = columns): SQL {
	const { scope, range, channel } = source;
	const inScope = scopeCondition(scope);
	const daily = (days: DateRange) =>
		sql`select ${sql.raw(dailyColumns)} from ${sql.raw(base)} where ${inScope} and local_date between ${days.from}::date and ${days.to}::date${channelCondition(channel)}`;
	const months = source.needsDays ? null : wholeMonths(range);
	if (!months) return sql`(${daily(range)})`;
	const monthly = isMallScope(scope) && !source.byUnit ? `${base}_mall_month` : `${base}_month`;
	// The days before the first whole month and after the last, each read as its own range: a year of whole months reads
	// no daily row at all (a `not between` filter would still walk every daily row of the year through the index).
	const edges = edgeDays(range, months);
	return sql`(
		${sql.join(
			edges.map((days) => sql`${daily(days)} union all `),
			sql``
		)}select ${sql.raw(columns)} from ${sql.raw(monthly)} where ${inScope} and local_date between ${months.from}::date and ${months.to}::date${channelCondition(channel)}
	)`;
}

/** The tally or count rollup rows of a scope and range, with the columns the grouping needs. */
function rollupRows(base: 'rollup_items' | 'rollup_counts', scope: RollupScope, range: DateRange, grouping: Grouping, channel?: Channel): SQL {
	const byUnit = grouping.by === 'agency' || grouping.by === 'service' || grouping.by === 'counter';
	const extra = (
		{ agency: ', agency_id', service: ', service_id', counter: ', counter_id', channel: ', channel', mall: ', mall_id', 'mall-channel': ', mall_id, channel', bucket: '', none: '' } as const
	)[grouping.by];
	const columns = `${base === 'rollup_items' ? ITEM_COLUMNS : COUNT_COLUMNS}${extra}`;
	return rollupRowsOf(base, columns, { scope, range, byUnit, needsDays: needsDays(grouping), channel });
}

interface TallyRow {
	key: string;
	code: string;
	sum: number;
	n: number;
}

let itemCodes: { db: Db; codes: Map<string, string> } | undefined;

/** "instrument_id:position" → unsur code for the instruments that feed the IKM (published, so cached per process). */
async function ikmItemCodes(db: Db, needed: readonly string[]): Promise<Map<string, string>> {
	if (!itemCodes || itemCodes.db !== db || needed.some((key) => !itemCodes!.codes.has(key))) {
		const rows = await executePrepared<{ key: string; code: string }>(
			db,
			sql`select ii.instrument_id || ':' || ii.position as key, ii.code
				from instrument_items ii join instruments i on i.id = ii.instrument_id and i.feeds_ikm`
		);
		itemCodes = { db, codes: new Map(rows.map((r) => [r.key, r.code])) };
	}
	return itemCodes.codes;
}

/** Σ and n per IKM item (instrument:position), per group key. */
function talliesSql(scope: RollupScope, range: DateRange, grouping: Grouping, channel?: Channel): SQL {
	return sql`
		select ${groupKey(grouping, 'r')} as key, r.instrument_id || ':' || r.position as item,
			sum(r.n1 + 2 * r.n2 + 3 * r.n3 + 4 * r.n4) as sum, sum(r.n1 + r.n2 + r.n3 + r.n4) as n
		from ${rollupRows('rollup_items', scope, range, grouping, channel)} r
		where r.instrument_id in (select id from instruments where feeds_ikm)
		${groupBy(grouping, 'r', [sql`r.instrument_id`, sql`r.position`])}`;
}

/** Response counts and the quick question's value counts, per group key. */
function countsSql(scope: RollupScope, range: DateRange, grouping: Grouping, channel?: Channel): SQL {
	return sql`
		with counts as (
			select ${groupKey(grouping, 'c')} as key,
				sum(case when i.feeds_ikm then c.complete + c.partial else 0 end) as respondents,
				sum(case when i.feeds_ikm then c.complete else 0 end) as complete,
				sum(case when i.feeds_ikm then c.partial else 0 end) as partial,
				sum(c.quick) as quick, sum(c.suppressed) as suppressed
			from ${rollupRows('rollup_counts', scope, range, grouping, channel)} c left join instruments i on i.id = c.instrument_id
			${groupBy(grouping, 'c')}
		), quick as (
			select ${groupKey(grouping, 'r')} as key, sum(r.n1) as q1, sum(r.n2) as q2, sum(r.n3) as q3, sum(r.n4) as q4
			from ${rollupRows('rollup_items', scope, range, grouping, channel)} r join instruments i on i.id = r.instrument_id and i.code = 'quick'
			where r.position = 1
			${groupBy(grouping, 'r')}
		)
		select coalesce(counts.key, quick.key)::text as key, counts.respondents, counts.complete, counts.partial, counts.quick,
			counts.suppressed, quick.q1, quick.q2, quick.q3, quick.q4
		from counts full join quick on quick.key = counts.key`;
}

export interface CountRow {
	key: string;
	/** Responses to IKM instruments (complete + partial). */
	respondents: number;
	complete: number;
	partial: number;
	quick: number;
	suppressed: number;
	/** Quick-mode answers per value. */
	quick1: number;
	quick2: number;
	quick3: number;
	quick4: number;
}

export interface GroupFigures {
	/** Σ and n per unsur code (IKM instruments only), per group key. */
	tallies: TallyRow[];
	counts: CountRow[];
}

/** Tallies and counts of a scope and range per group key — one round trip; of one channel's responses when `channel` is given. */
export async function groupFigures(db: Db, scope: RollupScope, range: DateRange, grouping: Grouping, channel?: Channel): Promise<GroupFigures> {
	type Raw = Record<string, string | number | null>;
	const [row] = await executePrepared<{ tallies: Raw[]; counts: Raw[] }>(
		db,
		sql`
			with tallies as (${talliesSql(scope, range, grouping, channel)}), counts as (${countsSql(scope, range, grouping, channel)})
			select (select coalesce(json_agg(tallies), '[]'::json) from tallies) as tallies,
				(select coalesce(json_agg(counts), '[]'::json) from counts) as counts`
	);
	const num = (value: string | number | null | undefined) => Number(value ?? 0);
	const rawTallies = row?.tallies ?? [];
	const codes = await ikmItemCodes(db, rawTallies.map((r) => String(r.item)));
	// Versions that ask the same unsur pool by its code.
	const pooled = new Map<string, TallyRow>();
	for (const r of rawTallies) {
		const code = codes.get(String(r.item))!;
		const id = `${r.key}\u0000${code}`;
		const into = pooled.get(id) ?? { key: String(r.key), code, sum: 0, n: 0 };
		into.sum += num(r.sum);
		into.n += num(r.n);
		pooled.set(id, into);
	}
	return {
		tallies: [...pooled.values()],
		counts: (row?.counts ?? []).map((r) => ({
			key: String(r.key),
			respondents: num(r.respondents),
			complete: num(r.complete),
			partial: num(r.partial),
			quick: num(r.quick),
			suppressed: num(r.suppressed),
			quick1: num(r.q1),
			quick2: num(r.q2),
			quick3: num(r.q3),
			quick4: num(r.q4)
		}))
	};
}
