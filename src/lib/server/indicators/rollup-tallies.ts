/**
 * Per-unsur tallies (Σ and n) read from the rollups, grouped by a key (a date bucket, an agency …). Positions are
 * mapped to unsur codes through each instrument version's items, and every version that feeds the IKM is pooled.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Granularity } from '../../domain/granularity';
import { rowsOf, type Db } from '../db/client';

export type ScopeType = 'mall' | 'agency' | 'service' | 'counter';

export interface ScopeFilter {
	type: ScopeType;
	id: number;
}

/** Local dates, both inclusive (YYYY-MM-DD). */
export interface DateRange {
	from: string;
	to: string;
}

const SCOPE_COLUMN: Record<ScopeType, string> = { mall: 'mall_id', agency: 'agency_id', service: 'service_id', counter: 'counter_id' };

/** SQL for the bucket start of a local date (the same buckets as domain/granularity.ts). */
export function bucketSql(column: SQL, granularity: Granularity): SQL {
	switch (granularity) {
		case 'day':
			return sql`${column}`;
		case 'semester':
			return sql`make_date(extract(year from ${column})::int, case when extract(month from ${column}) <= 6 then 1 else 7 end, 1)`;
		default:
			return sql`date_trunc(${granularity}, ${column})::date`;
	}
}

/** How rows are grouped: by date bucket, by agency/service/counter, or not at all. */
export type Grouping = { by: 'bucket'; granularity: Granularity } | { by: 'agency' | 'service' | 'counter' } | { by: 'none' };

function groupKey(grouping: Grouping, alias: string): SQL {
	if (grouping.by === 'bucket') return sql`${bucketSql(sql.raw(`${alias}.local_date`), grouping.granularity)}::text`;
	if (grouping.by === 'none') return sql`''`;
	return sql.raw(`${alias}.${grouping.by}_id::text`);
}

function where(alias: string, scope: ScopeFilter, range: DateRange): SQL {
	return sql`${sql.raw(`${alias}.${SCOPE_COLUMN[scope.type]}`)} = ${scope.id} and ${sql.raw(`${alias}.local_date`)} between ${range.from}::date and ${range.to}::date`;
}

export interface TallyRow {
	key: string;
	code: string;
	sum: number;
	n: number;
}

/** Σ and n per unsur code (IKM instruments only), per group key. */
export async function ikmTallies(db: Db, scope: ScopeFilter, range: DateRange, grouping: Grouping): Promise<TallyRow[]> {
	const rows = rowsOf<{ key: string; code: string; sum: string | number; n: string | number }>(
		await db.execute(sql`
			select ${groupKey(grouping, 'r')} as key, ii.code,
				sum(r.n1 + 2 * r.n2 + 3 * r.n3 + 4 * r.n4) as sum, sum(r.n1 + r.n2 + r.n3 + r.n4) as n
			from rollup_items r
				join instruments i on i.id = r.instrument_id and i.feeds_ikm
				join instrument_items ii on ii.instrument_id = r.instrument_id and ii.position = r.position
			where ${where('r', scope, range)}
			group by 1, 2`)
	);
	return rows.map((r) => ({ key: r.key, code: r.code, sum: Number(r.sum), n: Number(r.n) }));
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

/** Response counts per group key, and the quick question's value counts. */
export async function responseCounts(db: Db, scope: ScopeFilter, range: DateRange, grouping: Grouping): Promise<CountRow[]> {
	const rows = rowsOf<Record<string, string | number>>(
		await db.execute(sql`
			with counts as (
				select ${groupKey(grouping, 'c')} as key,
					sum(case when i.feeds_ikm then c.complete + c.partial else 0 end) as respondents,
					sum(case when i.feeds_ikm then c.complete else 0 end) as complete,
					sum(case when i.feeds_ikm then c.partial else 0 end) as partial,
					sum(c.quick) as quick, sum(c.suppressed) as suppressed
				from rollup_counts c left join instruments i on i.id = c.instrument_id
				where ${where('c', scope, range)}
				group by 1
			), quick as (
				select ${groupKey(grouping, 'r')} as key, sum(r.n1) as q1, sum(r.n2) as q2, sum(r.n3) as q3, sum(r.n4) as q4
				from rollup_items r join instruments i on i.id = r.instrument_id and i.code = 'quick'
				where ${where('r', scope, range)} and r.position = 1
				group by 1
			)
			select coalesce(counts.key, quick.key) as key, counts.respondents, counts.complete, counts.partial, counts.quick,
				counts.suppressed, quick.q1, quick.q2, quick.q3, quick.q4
			from counts full join quick on quick.key = counts.key`)
	);
	const num = (value: string | number | null | undefined) => Number(value ?? 0);
	return rows.map((r) => ({
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
	}));
}
