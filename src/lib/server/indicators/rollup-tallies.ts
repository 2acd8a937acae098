/**
 * Per-unsur tallies (Σ and n) and response counts read from the rollups, grouped by a key (a date bucket, an agency …),
 * for one grouping or several at once (GROUPING SETS over one read of the rows). Positions are mapped to unsur codes
 * through each instrument version's items, and every version that feeds the IKM is pooled.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Granularity } from '../../domain/granularity';
import { addDays, type DateRange } from '../../domain/periods';
import type { ScopeFilter } from '../../domain/scope';
import type { Channel } from '../../domain/profile';
import { executePrepared, type Db } from '../db/client';
import { SCOPE_COLUMN } from '../db/scope-columns';

const TRUNC_UNITS: Record<Exclude<Granularity, 'day' | 'semester'>, string> = { week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

/**
 * SQL for the bucket start of a local date column (the same buckets as domain/granularity.ts). A monthly rollup row's
 * date is its month's first day, so a month bucket of monthly rows is the date itself.
 */
function bucketOf(column: string, granularity: Granularity, monthlyRows: boolean): string {
	if (granularity === 'day' || (granularity === 'month' && monthlyRows)) return column;
	if (granularity === 'semester') return `make_date(extract(year from ${column})::int, case when extract(month from ${column}) <= 6 then 1 else 7 end, 1)`;
	// On a timestamp without time zone: a date is a calendar date here, and no zone conversion is wanted.
	return `date_trunc('${TRUNC_UNITS[granularity]}', ${column}::timestamp)::date`;
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

/** `and channel = …` when one channel is asked for: every grain is kept per channel. */
const channelCondition = (channel?: Channel): SQL => (channel ? sql` and channel = ${channel}` : sql``);

/** The finest units a read keeps apart: none (the scope as a whole, or by date or channel), agencies, or services and counters. */
type UnitLevel = 'none' | 'agency' | 'all';

/** The rollup tables read for a scope, range and grouping (`base` names the daily grain's table). */
export interface RollupSource {
	scope: RollupScope;
	range: DateRange;
	/** The finest units the rows are grouped by (a mall's own totals serve none; an agency's serve agencies). */
	units: UnitLevel;
	/** The grouping needs daily rows (day and week series). */
	needsDays: boolean;
	channel?: Channel;
}

/** The families with an agency-month grain (`<base>_agency_month`); the heatmap's and the profile's have none. */
const WITH_AGENCY_MONTHS = new Set(['rollup_items', 'rollup_counts']);

/**
 * The monthly table a scope's whole months are read from: the mall's own totals for a mall or halls read as a whole,
 * the agencies' totals for a mall, agency or agencies read by agency at the finest, else the units' months.
 */
function monthlyTable(base: string, scope: RollupScope, units: UnitLevel): string {
	if (isMallScope(scope) && units === 'none') return `${base}_mall_month`;
	const byAgency = scope.type !== 'service' && scope.type !== 'counter' && units !== 'all';
	return byAgency && WITH_AGENCY_MONTHS.has(base) ? `${base}_agency_month` : `${base}_month`;
}

/**
 * Rows of a rollup family for a scope and range: monthly rows for the whole months inside it and daily rows for the
 * days at either end, unless days are needed (day and week series). Whole months come from the coarsest monthly
 * grain that still holds the units asked for (monthlyTable). `base` is the daily table; `<base>_month` and
 * `<base>_mall_month` exist, and `<base>_agency_month` for the tallies and counts. `dailyColumns` selects the same
 * columns from the daily table when they are named differently there.
 */
export function rollupRowsOf(base: string, columns: string, source: RollupSource, dailyColumns = columns): SQL {
	const { scope, range, channel } = source;
	const inScope = scopeCondition(scope);
	const daily = (days: DateRange) =>
		sql`select ${sql.raw(dailyColumns)} from ${sql.raw(base)} where ${inScope} and local_date between ${days.from}::date and ${days.to}::date${channelCondition(channel)}`;
	const months = source.needsDays ? null : wholeMonths(range);
	if (!months) return sql`(${daily(range)})`;
	const monthly = monthlyTable(base, scope, source.units);
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

export interface TallyRow {
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

/** The columns of a grouping's key, as named in the rows groupingSetsSql groups (`bucket_<granularity>`: a date bucket). */
function keyColumns(grouping: Grouping): string[] {
	switch (grouping.by) {
		case 'bucket':
			return [`bucket_${grouping.granularity}`];
		case 'none':
			return [];
		case 'channel':
			return ['channel'];
		case 'mall-channel':
			return ['mall_id', 'channel'];
		default:
			return grouping.granularity ? [`${grouping.by}_id`, `bucket_${grouping.granularity}`] : [`${grouping.by}_id`];
	}
}

const BUCKET_PREFIX = 'bucket_';
/** The finest units a grouping keeps apart. */
const unitsOf = (grouping: Grouping): UnitLevel => (grouping.by === 'agency' ? 'agency' : grouping.by === 'service' || grouping.by === 'counter' ? 'all' : 'none');
const LEVELS: readonly UnitLevel[] = ['none', 'agency', 'all'];
/** The finest of several groupings' units. */
const finestUnits = (groupings: readonly Grouping[]): UnitLevel => LEVELS[Math.max(0, ...groupings.map((g) => LEVELS.indexOf(unitsOf(g))))]!;

/**
 * Rollup rows of a scope and range with the key columns of `keys` (unit ids and channel as stored, each date bucket
 * computed once per row as `bucket_<granularity>`) and `values`.
 */
function keyedRows(base: 'rollup_items' | 'rollup_counts', keys: readonly string[], values: string, source: RollupSource): SQL {
	const columns = (monthlyRows: boolean) =>
		[...keys.map((k) => (k.startsWith(BUCKET_PREFIX) ? `${bucketOf('local_date', k.slice(BUCKET_PREFIX.length) as Granularity, monthlyRows)} as ${k}` : k)), values].join(', ');
	return rollupRowsOf(base, columns(true), source, columns(false));
}

/** Which rows a grouping reads: daily rows only, or whole months from the monthly table of its units (monthlyTable). */
function rowsRead(scope: RollupScope, range: DateRange, grouping: Grouping): string {
	if (needsDays(grouping) || !wholeMonths(range)) return 'days';
	return monthlyTable('rollup_items', scope, unitsOf(grouping));
}

/**
 * Tallies and counts of a scope and range for several groupings at once, in their order. The groupings that read the
 * same rows (rowsRead) share one read of them, grouped by GROUPING SETS in one statement; reads of different rows (a
 * week series from daily rows beside each hall's totals from its months) run side by side. Of one channel's
 * responses when `channel` is given.
 */
export async function figuresByGroupings(db: Db, scope: RollupScope, range: DateRange, groupings: readonly Grouping[], channel?: Channel): Promise<GroupFigures[]> {
	const reads = new Map<string, number[]>();
	groupings.forEach((grouping, i) => {
		const rows = rowsRead(scope, range, grouping);
		reads.set(rows, [...(reads.get(rows) ?? []), i]);
	});
	const out: GroupFigures[] = [];
	await Promise.all(
		[...reads.values()].map(async (indices) => {
			const figures = await readGroupingSets(db, scope, range, indices.map((i) => groupings[i]!), channel);
			indices.forEach((i, j) => (out[i] = figures[j]!));
		})
	);
	return out;
}

/**
 * A read over this many halls or agencies or more is cut in two halves read side by side: PostgreSQL (15) runs no
 * GROUPING SETS aggregate in parallel, so a national read would otherwise wait on one core.
 */
const HALVED_FROM = 100;

/** The scope, or its two halves when it is a large set of halls or agencies (see HALVED_FROM). */
function halves(scope: RollupScope): RollupScope[] {
	if (!('ids' in scope) || scope.ids.length < HALVED_FROM) return [scope];
	const half = Math.ceil(scope.ids.length / 2);
	return [
		{ type: scope.type, ids: scope.ids.slice(0, half) },
		{ type: scope.type, ids: scope.ids.slice(half) }
	];
}

type ItemRow = [set: number, key: string, instrumentId: number, position: number, n1: number, n2: number, n3: number, n4: number, ikm: boolean, quick: boolean];
type CountsRow = [set: number, key: string, respondents: number, complete: number, partial: number, quick: number, suppressed: number];

/**
 * The statement of one read for `groupings` (GROUPING SETS): each output row names its grouping set (its index) and its
 * key, "<id>|<bucket start>" as groupFigures gives it; item rows carry n1…n4 per instrument and position, count rows
 * the responses.
 */
function groupingSetsSql(scope: RollupScope, range: DateRange, groupings: readonly Grouping[], channel?: Channel): SQL {
	const sets = groupings.map(keyColumns);
	const keys = [...new Set(sets.flat())];
	const source: RollupSource = { scope, range, units: finestUnits(groupings), needsDays: groupings.some(needsDays), channel };
	// grouping(k0, k1, …) is a bitmask, the first key the highest bit, set where a key is not in the row's set.
	const maskOf = (set: readonly string[]) => keys.reduce((mask, key, i) => (set.includes(key) ? mask : mask | (1 << (keys.length - 1 - i))), 0);
	const keyOf = (set: readonly string[]) => (set.length === 0 ? `''` : set.map((k) => `x.${k}::text`).join(` || '|' || `));
	const grouping = `grouping(${keys.map((k) => `x.${k}`).join(', ')})`;
	const setAndKey =
		keys.length === 0
			? sql.raw(`0 as s, '' as k`)
			: sql.raw(
					`case ${grouping} ${sets.map((set, i) => `when ${maskOf(set)} then ${i}`).join(' ')} end as s, ` +
						`case ${grouping} ${sets.map((set) => `when ${maskOf(set)} then ${keyOf(set)}`).join(' ')} end as k`
				);
	// An empty set (no grouping) gives a row even for no rows at all; every other group holds at least one row.
	const having = sets.some((set) => set.length === 0) ? ' having count(*) > 0' : '';
	const groupingSets = (more: string[]) =>
		sql.raw(`group by grouping sets (${sets.map((set) => `(${[...set, ...more].map((c) => `x.${c}`).join(', ')})`).join(', ')})${having}`);
	return sql`
		with items as (
			select ${setAndKey}, x.instrument_id, x.position, sum(x.n1) as n1, sum(x.n2) as n2, sum(x.n3) as n3, sum(x.n4) as n4
			from ${keyedRows('rollup_items', keys, 'instrument_id, position, n1, n2, n3, n4', source)} x
			where x.instrument_id in (select id from instruments where feeds_ikm)
				or (x.position = 1 and x.instrument_id in (select id from instruments where code = 'quick'))
			${groupingSets(['instrument_id', 'position'])}
		), counts as (
			select ${setAndKey},
				sum(case when i.feeds_ikm then x.complete + x.partial else 0 end) as respondents,
				sum(case when i.feeds_ikm then x.complete else 0 end) as complete,
				sum(case when i.feeds_ikm then x.partial else 0 end) as partial,
				sum(x.quick) as quick, sum(x.suppressed) as suppressed
			from ${keyedRows('rollup_counts', keys, 'instrument_id, complete, partial, quick, suppressed', source)} x
				left join instruments i on i.id = x.instrument_id
			${groupingSets([])}
		)
		select (select json_agg(json_build_array(s, k, instrument_id, position, n1, n2, n3, n4, i.feeds_ikm, i.code = 'quick' and position = 1))
				from items join instruments i on i.id = items.instrument_id) as items,
			(select json_agg(json_build_array(s, k, respondents, complete, partial, quick, suppressed)) from counts) as counts`;
}

/**
 * One read of a scope's rollup rows for `groupings` (the halves of a large set side by side): each grouping's tallies
 * and counts, in order, summed over the halves.
 */
async function readGroupingSets(db: Db, scope: RollupScope, range: DateRange, groupings: readonly Grouping[], channel?: Channel): Promise<GroupFigures[]> {
	const parts = await Promise.all(
		halves(scope).map(async (part) => (await executePrepared<{ items: ItemRow[] | null; counts: CountsRow[] | null }>(db, groupingSetsSql(part, range, groupings, channel)))[0])
	);
	const items = parts.flatMap((part) => part?.items ?? []);
	const asked = new Set<string>();
	for (const r of items) if (r[8]) asked.add(`${r[2]}:${r[3]}`);
	const codes = await ikmItemCodes(db, [...asked]);
	const pooled = groupings.map(() => new Map<string, TallyRow>());
	const counted = groupings.map(() => new Map<string, CountRow>());
	const countOf = (set: number, key: string) => {
		let into = counted[set]!.get(key);
		if (!into) counted[set]!.set(key, (into = { key, respondents: 0, complete: 0, partial: 0, quick: 0, suppressed: 0, quick1: 0, quick2: 0, quick3: 0, quick4: 0 }));
		return into;
	};
	for (const [set, key, respondents, complete, partial, quick, suppressed] of parts.flatMap((part) => part?.counts ?? [])) {
		const into = countOf(set, key);
		into.respondents += Number(respondents);
		into.complete += Number(complete);
		into.partial += Number(partial);
		into.quick += Number(quick);
		into.suppressed += Number(suppressed);
	}
	for (const [set, key, instrumentId, position, n1, n2, n3, n4, ikm, quick] of items) {
		if (ikm) {
			// Versions that ask the same unsur pool by its code.
			const code = codes.get(`${instrumentId}:${position}`)!;
			const id = `${key}\u0000${code}`;
			let into = pooled[set]!.get(id);
			if (!into) pooled[set]!.set(id, (into = { key, code, sum: 0, n: 0 }));
			into.sum += n1 + 2 * n2 + 3 * n3 + 4 * n4;
			into.n += n1 + n2 + n3 + n4;
		}
		if (quick) {
			const into = countOf(set, key);
			into.quick1 += n1;
			into.quick2 += n2;
			into.quick3 += n3;
			into.quick4 += n4;
		}
	}
	return groupings.map((_, i) => ({ tallies: [...pooled[i]!.values()], counts: [...counted[i]!.values()] }));
}

/** Tallies and counts of a scope and range per group key — one round trip; of one channel's responses when `channel` is given. */
export async function groupFigures(db: Db, scope: RollupScope, range: DateRange, grouping: Grouping, channel?: Channel): Promise<GroupFigures> {
	const [figures] = await figuresByGroupings(db, scope, range, [grouping], channel);
	return figures!;
}
