/**
 * The periods a dashboard or report is asked for — a month, quarter, semester, year, or a custom range — as local
 * calendar dates (both inclusive), with the period before it of the same kind and the series granularity to show.
 */
import type { Granularity } from './granularity';
import { isCalendarDate } from './values';

export const PERIOD_KINDS = ['month', 'quarter', 'semester', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface ReportPeriod {
	kind: PeriodKind;
	/** e.g. "2026-03", "2026-Q1", "2026-S1", "2026", "2026-01-05..2026-02-10" */
	value: string;
	from: string;
	to: string;
	/** Buckets of the trend series. */
	granularity: Granularity;
	previous: { from: string; to: string };
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const day = (date: string) => Date.parse(`${date}T00:00:00Z`);

function monthsPeriod(kind: PeriodKind, value: string, year: number, firstMonth: number, months: number): ReportPeriod {
	const from = iso(new Date(Date.UTC(year, firstMonth - 1, 1)));
	const to = iso(new Date(Date.UTC(year, firstMonth - 1 + months, 0)));
	const previousFrom = iso(new Date(Date.UTC(year, firstMonth - 1 - months, 1)));
	const previousTo = iso(new Date(Date.UTC(year, firstMonth - 1, 0)));
	const granularity: Granularity = months === 1 ? 'day' : months <= 3 ? 'week' : 'month';
	return { kind, value, from, to, granularity, previous: { from: previousFrom, to: previousTo } };
}

/** Parse a period; null when the value does not fit the kind (the caller answers with a clear 400 or a default). */
export function parsePeriod(kind: string, value: string): ReportPeriod | null {
	let match: RegExpMatchArray | null;
	switch (kind) {
		case 'month':
			match = value.match(/^(\d{4})-(0[1-9]|1[0-2])$/);
			return match ? monthsPeriod('month', value, Number(match[1]), Number(match[2]), 1) : null;
		case 'quarter':
			match = value.match(/^(\d{4})-Q([1-4])$/);
			return match ? monthsPeriod('quarter', value, Number(match[1]), (Number(match[2]) - 1) * 3 + 1, 3) : null;
		case 'semester':
			match = value.match(/^(\d{4})-S([12])$/);
			return match ? monthsPeriod('semester', value, Number(match[1]), Number(match[2]) === 1 ? 1 : 7, 6) : null;
		case 'year':
			match = value.match(/^(\d{4})$/);
			return match ? monthsPeriod('year', value, Number(match[1]), 1, 12) : null;
		case 'custom': {
			const [from, to] = value.split('..');
			if (!from || !to || !isCalendarDate(from) || !isCalendarDate(to) || from > to) return null;
			const days = (day(to) - day(from)) / 86_400_000 + 1;
			if (days > 3660) return null;
			const previousTo = iso(new Date(day(from) - 86_400_000));
			const previousFrom = iso(new Date(day(from) - days * 86_400_000));
			const granularity: Granularity = days <= 62 ? 'day' : days <= 200 ? 'week' : 'month';
			return { kind: 'custom', value, from, to, granularity, previous: { from: previousFrom, to: previousTo } };
		}
		default:
			return null;
	}
}

/** The current year (by the mall's local date today). */
export function defaultPeriod(today: string): ReportPeriod {
	return parsePeriod('year', today.slice(0, 4))!;
}

/** The value of a kind that contains `date` (to switch kinds sensibly: year 2026 → quarter 2026-Q4 …). */
export function periodValueContaining(kind: Exclude<PeriodKind, 'custom'>, date: string): string {
	const [y, m] = [date.slice(0, 4), Number(date.slice(5, 7))];
	switch (kind) {
		case 'month':
			return date.slice(0, 7);
		case 'quarter':
			return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
		case 'semester':
			return `${y}-S${m <= 6 ? 1 : 2}`;
		case 'year':
			return y;
	}
}

/** The `count` periods before `period`, nearest first: same kind (a quarter's are quarters), or equal lengths for custom. */
export function earlierPeriods(period: ReportPeriod, count: number): { value: string; from: string; to: string }[] {
	const out: { value: string; from: string; to: string }[] = [];
	let current = period;
	for (let i = 0; i < count; i++) {
		const { from, to } = current.previous;
		const next =
			current.kind === 'custom' ? parsePeriod('custom', `${from}..${to}`) : parsePeriod(current.kind, periodValueContaining(current.kind, from));
		if (!next) break;
		out.push({ value: next.value, from: next.from, to: next.to });
		current = next;
	}
	return out;
}

/** Whether a period is over on the local date `today` (its last day is behind it): only then may its report be final. */
export function periodEnded(period: Pick<ReportPeriod, 'to'>, today: string): boolean {
	return period.to < today;
}
