/**
 * A hall's opening hours (jam layanan) per ISO weekday, in the hall's own time zone: each day a list of intervals
 * { open: "08:00", close: "15:00" }, none when the hall is closed that day. What the admin page stores
 * (malls.opening_hours), what the kiosk's attract screen and the integrity checks ask "open now?" of.
 */

/** ISO weekdays: 1 = Senin (Monday) … 7 = Minggu (Sunday). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type IsoWeekday = (typeof WEEKDAYS)[number];

interface OpeningInterval {
	/** Local time "HH:MM", inclusive. */
	open: string;
	/** Local time "HH:MM", exclusive, later than `open` on the same day. */
	close: string;
}

/** Keyed by the weekday as text ("1" … "7"), as the jsonb column keeps it. */
export type OpeningHours = Record<`${IsoWeekday}`, OpeningInterval[]>;

/** Minutes after midnight of a local time "HH:MM" (00:00–23:59), or null when it is not one. */
export function minutesOf(time: string): number | null {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Why a day's hours are refused: a time that is no "HH:MM", one of a pair left out, a close not after its open, or intervals that overlap. */
export type HoursProblem = { day: IsoWeekday; field: 'open' | 'close'; problem: 'format' | 'required' | 'order' | 'overlap' };

/** The problems of one day's intervals (each well-formed, close after open, in order without overlap). */
function dayProblems(day: IsoWeekday, intervals: readonly OpeningInterval[]): HoursProblem[] {
	let previousClose = -1;
	for (const { open, close } of intervals) {
		const from = minutesOf(open);
		const to = minutesOf(close);
		if (from === null) return [{ day, field: 'open', problem: 'format' }];
		if (to === null) return [{ day, field: 'close', problem: 'format' }];
		if (to <= from) return [{ day, field: 'close', problem: 'order' }];
		if (from < previousClose) return [{ day, field: 'open', problem: 'overlap' }];
		previousClose = to;
	}
	return [];
}

/**
 * Stored or sent hours checked: every weekday present as a list of { open, close } intervals (close after open,
 * ascending, not overlapping). Null value = the hall never set its hours.
 */
export function parseOpeningHours(value: unknown): { hours: OpeningHours | null } | { problems: HoursProblem[] } {
	if (value === null || value === undefined) return { hours: null };
	if (typeof value !== 'object' || Array.isArray(value)) return { problems: WEEKDAYS.map((day) => ({ day, field: 'open', problem: 'format' })) };
	const record = value as Record<string, unknown>;
	const hours = {} as OpeningHours;
	const problems: HoursProblem[] = [];
	for (const day of WEEKDAYS) {
		const intervals = record[String(day)];
		const wellShaped =
			Array.isArray(intervals) &&
			intervals.every((i) => i && typeof i === 'object' && typeof (i as OpeningInterval).open === 'string' && typeof (i as OpeningInterval).close === 'string');
		if (!wellShaped) {
			problems.push({ day, field: 'open', problem: 'format' });
			continue;
		}
		const clean = (intervals as OpeningInterval[]).map(({ open, close }) => ({ open, close }));
		problems.push(...dayProblems(day, clean));
		hours[`${day}`] = clean;
	}
	return problems.length > 0 ? { problems } : { hours };
}

/**
 * The hours a form sends, one interval a day: `open` and `close` both blank = closed that day, one of them blank is
 * refused ("required"), and so is a close not after its open.
 */
export function openingHoursFromForm(days: Record<IsoWeekday, { open: string; close: string }>): { hours: OpeningHours } | { problems: HoursProblem[] } {
	const hours = {} as OpeningHours;
	const problems: HoursProblem[] = [];
	for (const day of WEEKDAYS) {
		const open = days[day].open.trim();
		const close = days[day].close.trim();
		if (!open && !close) hours[`${day}`] = [];
		else if (!open) problems.push({ day, field: 'open', problem: 'required' });
		else if (!close) problems.push({ day, field: 'close', problem: 'required' });
		else {
			hours[`${day}`] = [{ open, close }];
			problems.push(...dayProblems(day, hours[`${day}`]));
		}
	}
	return problems.length > 0 ? { problems } : { hours };
}

/** Whether the hall is open on local ISO weekday `weekday` at local time `time` ("HH:MM"): open ≤ time < close of some interval. */
export function isOpenAt(hours: OpeningHours, weekday: IsoWeekday, time: string): boolean {
	const at = minutesOf(time);
	if (at === null) throw new RangeError(`not a time of day: ${time}`);
	return hours[`${weekday}`].some(({ open, close }) => minutesOf(open)! <= at && at < minutesOf(close)!);
}
