/**
 * Reporting buckets for series: day, ISO week, month, quarter, semester (Jan–Jun, Jul–Dec), year — on local
 * calendar dates (YYYY-MM-DD), so they follow the mall's time zone.
 */

export const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'semester', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const parse = (date: string) => new Date(`${date}T00:00:00Z`);

/** The first day of the bucket that contains `date`. */
export function bucketStart(date: string, granularity: Granularity): string {
	const d = parse(date);
	const y = d.getUTCFullYear();
	const m = d.getUTCMonth();
	switch (granularity) {
		case 'day':
			return date;
		case 'week': {
			const back = (d.getUTCDay() + 6) % 7; // Monday = 0
			return iso(new Date(d.getTime() - back * 86_400_000));
		}
		case 'month':
			return iso(new Date(Date.UTC(y, m, 1)));
		case 'quarter':
			return iso(new Date(Date.UTC(y, m - (m % 3), 1)));
		case 'semester':
			return iso(new Date(Date.UTC(y, m < 6 ? 0 : 6, 1)));
		case 'year':
			return iso(new Date(Date.UTC(y, 0, 1)));
	}
}

/** The last day of the bucket that starts on `start`. */
export function bucketEnd(start: string, granularity: Granularity): string {
	const d = parse(start);
	const y = d.getUTCFullYear();
	const m = d.getUTCMonth();
	const lastOfMonthAfter = (months: number) => iso(new Date(Date.UTC(y, m + months, 0)));
	switch (granularity) {
		case 'day':
			return start;
		case 'week':
			return iso(new Date(d.getTime() + 6 * 86_400_000));
		case 'month':
			return lastOfMonthAfter(1);
		case 'quarter':
			return lastOfMonthAfter(3);
		case 'semester':
			return lastOfMonthAfter(6);
		case 'year':
			return `${y}-12-31`;
	}
}

/** ISO 8601 week-numbering year and week of a date. */
function isoWeek(date: string): { year: number; week: number } {
	const d = parse(date);
	const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
	const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
	return { year: thursday.getUTCFullYear(), week: Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1 };
}

/** A bucket's label: 2026-03-05, 2026-W10, 2026-03, 2026-Q1, 2026-S1, 2026. */
export function bucketLabel(start: string, granularity: Granularity): string {
	const [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
	switch (granularity) {
		case 'day':
			return start;
		case 'week': {
			const { year, week } = isoWeek(start);
			return `${year}-W${pad(week)}`;
		}
		case 'month':
			return start.slice(0, 7);
		case 'quarter':
			return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
		case 'semester':
			return `${y}-S${m <= 6 ? 1 : 2}`;
		case 'year':
			return String(y);
	}
}

/** Every bucket start from the bucket of `from` to the bucket of `to` (inclusive), so empty buckets show too. */
export function bucketStarts(from: string, to: string, granularity: Granularity): string[] {
	const starts: string[] = [];
	let current = bucketStart(from, granularity);
	while (current <= to) {
		starts.push(current);
		current = iso(new Date(parse(bucketEnd(current, granularity)).getTime() + 86_400_000));
	}
	return starts;
}
