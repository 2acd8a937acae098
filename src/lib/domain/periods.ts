/**
 * Reporting periods in a mall's time zone: a "year" is 1 January 00:00 to 1 January 00:00 local time, whatever
 * the server's zone (Kupang is UTC+8: 2025-12-31T16:30Z is already 2026 there).
 */
import { TZDate } from '@date-fns/tz';

/** A half-open interval [from, to) of instants. */
export interface Period {
	from: Date;
	to: Date;
}

/** Local dates, both inclusive (YYYY-MM-DD). */
export interface DateRange {
	from: string;
	to: string;
}

/** The calendar year (local to `timeZone`) that contains `at`. */
export function yearContaining(at: Date, timeZone: string): number {
	return new TZDate(at.getTime(), timeZone).getFullYear();
}

/** [1 Jan `year` 00:00, 1 Jan `year+1` 00:00) in `timeZone`. */
export function yearPeriod(year: number, timeZone: string): Period {
	return {
		from: new Date(new TZDate(year, 0, 1, timeZone).getTime()),
		to: new Date(new TZDate(year + 1, 0, 1, timeZone).getTime())
	};
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
	const local = new TZDate(at.getTime(), timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** A calendar date (YYYY-MM-DD) `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant a local calendar date (YYYY-MM-DD) begins in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}
