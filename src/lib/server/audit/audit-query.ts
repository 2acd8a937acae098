/**
 * The audit log's filters as the page and its CSV download read them from the query: an area or action, a piece of
 * the actor, a date range in the hall's zone, a page. A bad value is named, and the filter falls back without it.
 */
import * as v from 'valibot';
import { startOfLocalDay } from '../../domain/periods';
import { calendarDate } from '../values';
import type { AuditFilter } from './audit';

/** The areas whose changes the log holds (an action is "<area>.<verb>"). */
export const AUDIT_AREAS = ['mall', 'agency', 'service', 'counter', 'device', 'user', 'token'] as const;

const QUERY = {
	action: v.pipe(v.string(), v.regex(/^[a-z_]{1,30}(\.[a-z_]{1,30})?$/)),
	actor: v.pipe(v.string(), v.trim(), v.maxLength(254)),
	from: calendarDate(),
	to: calendarDate(),
	page: v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/), v.transform(Number))
};

export interface AuditQuery {
	filter: AuditFilter;
	/** The values as given, to fill the filter form again. */
	values: { action: string; actor: string; from: string; to: string };
	page: number;
	invalid: string[];
}

/** Read the filters of `params`; dates are whole local days of `timeZone` (to inclusive). */
export function readAuditQuery(params: URLSearchParams, timeZone: string): AuditQuery {
	const invalid: string[] = [];
	const read = <K extends keyof typeof QUERY>(name: K): v.InferOutput<(typeof QUERY)[K]> | undefined => {
		const raw = params.get(name);
		if (raw === null || raw.trim() === '') return undefined;
		const parsed = v.safeParse(QUERY[name], raw);
		if (parsed.success) return parsed.output as v.InferOutput<(typeof QUERY)[K]>;
		invalid.push(name);
		return undefined;
	};
	const action = read('action');
	const actor = read('actor');
	const from = read('from');
	const to = read('to');
	const page = read('page') ?? 1;
	if (from && to && to < from) invalid.push('to');
	const dayAfter = (day: string) => new Date(startOfLocalDay(day, timeZone).getTime() + 86_400_000);
	return {
		filter: {
			...(action ? { action } : {}),
			...(actor ? { actor } : {}),
			...(from ? { from: startOfLocalDay(from, timeZone) } : {}),
			...(to && !(from && to < from) ? { to: dayAfter(to) } : {})
		},
		values: { action: action ?? '', actor: actor ?? '', from: from ?? '', to: to ?? '' },
		page,
		invalid
	};
}
