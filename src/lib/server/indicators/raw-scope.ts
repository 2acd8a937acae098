/**
 * What the few raw reads of a dashboard share (waiting times, quick-mode reasons): a scope as a condition on a
 * responses alias that keeps the (mall_id, …, submitted_at) indexes usable, and a zone's local dates as instants.
 */
import { sql, type SQL } from 'drizzle-orm';
import { startOfLocalDay, type DateRange } from '../../domain/periods';
import type { ScopeFilter } from '../../domain/scope';
import { SCOPE_COLUMN } from '../db/scope-columns';

const UNIT_TABLE = { agency: 'agencies', service: 'services', counter: 'counters' } as const;

/** `<alias>.mall_id = … and <alias>.<scope column> = id`: the mall first, so the (mall_id, submitted_at) indexes serve. */
export function rawScopeCondition(alias: string, scope: ScopeFilter): SQL {
	const column = sql.raw(`${alias}.${SCOPE_COLUMN[scope.type]}`);
	if (scope.type === 'mall') return sql`${column} = ${scope.id}`;
	return sql`${sql.raw(alias)}.mall_id = (select mall_id from ${sql.raw(UNIT_TABLE[scope.type])} where id = ${scope.id}) and ${column} = ${scope.id}`;
}

/** The instants bounding the local dates [from, to] of a zone: [start of from, start of the day after to). */
export function localInstants(range: DateRange, timeZone: string): { start: string; end: string } {
	const dayAfter = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	return { start: startOfLocalDay(range.from, timeZone).toISOString(), end: startOfLocalDay(dayAfter, timeZone).toISOString() };
}
