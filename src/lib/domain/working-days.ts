/**
 * Working days and the SP4N-LAPOR! complaint deadlines. A working day is Monday to Friday, not a national holiday
 * and not a collective leave day (cuti bersama) of the year's joint ministerial decree (SKB). The calendar is data a
 * hall's admin keeps; the current year's official list ships with Puas (OFFICIAL_CALENDAR_2026).
 */

type CalendarDayKind = 'holiday' | 'collective_leave';

/** A day off of the calendar: its date ('YYYY-MM-DD'), what it is, and its name. */
export interface CalendarDay {
	date: string;
	kind: CalendarDayKind;
	name: string;
}

/**
 * 2026, as SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025,
 * Nomor 5 Tahun 2025 sets it: 17 national holidays (Idul Fitri on two days) and 8 collective leave days.
 */
export const OFFICIAL_CALENDAR_2026: readonly CalendarDay[] = [
	{ date: '2026-01-01', kind: 'holiday', name: 'Tahun Baru 2026 Masehi' },
	{ date: '2026-01-16', kind: 'holiday', name: 'Isra Mikraj Nabi Muhammad SAW' },
	{ date: '2026-02-16', kind: 'collective_leave', name: 'Cuti bersama Tahun Baru Imlek' },
	{ date: '2026-02-17', kind: 'holiday', name: 'Tahun Baru Imlek 2577 Kongzili' },
	{ date: '2026-03-18', kind: 'collective_leave', name: 'Cuti bersama Hari Suci Nyepi' },
	{ date: '2026-03-19', kind: 'holiday', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)' },
	{ date: '2026-03-20', kind: 'collective_leave', name: 'Cuti bersama Idul Fitri 1447 Hijriah' },
	{ date: '2026-03-21', kind: 'holiday', name: 'Idul Fitri 1447 Hijriah' },
	{ date: '2026-03-22', kind: 'holiday', name: 'Idul Fitri 1447 Hijriah' },
	{ date: '2026-03-23', kind: 'collective_leave', name: 'Cuti bersama Idul Fitri 1447 Hijriah' },
	{ date: '2026-03-24', kind: 'collective_leave', name: 'Cuti bersama Idul Fitri 1447 Hijriah' },
	{ date: '2026-04-03', kind: 'holiday', name: 'Wafat Yesus Kristus' },
	{ date: '2026-04-05', kind: 'holiday', name: 'Kebangkitan Yesus Kristus (Paskah)' },
	{ date: '2026-05-01', kind: 'holiday', name: 'Hari Buruh Internasional' },
	{ date: '2026-05-14', kind: 'holiday', name: 'Kenaikan Yesus Kristus' },
	{ date: '2026-05-15', kind: 'collective_leave', name: 'Cuti bersama Kenaikan Yesus Kristus' },
	{ date: '2026-05-27', kind: 'holiday', name: 'Idul Adha 1447 Hijriah' },
	{ date: '2026-05-28', kind: 'collective_leave', name: 'Cuti bersama Idul Adha 1447 Hijriah' },
	{ date: '2026-05-31', kind: 'holiday', name: 'Hari Raya Waisak 2570 BE' },
	{ date: '2026-06-01', kind: 'holiday', name: 'Hari Lahir Pancasila' },
	{ date: '2026-06-16', kind: 'holiday', name: '1 Muharam Tahun Baru Islam 1448 Hijriah' },
	{ date: '2026-08-17', kind: 'holiday', name: 'Proklamasi Kemerdekaan' },
	{ date: '2026-08-25', kind: 'holiday', name: 'Maulid Nabi Muhammad SAW' },
	{ date: '2026-12-24', kind: 'collective_leave', name: 'Cuti bersama Kelahiran Yesus Kristus' },
	{ date: '2026-12-25', kind: 'holiday', name: 'Kelahiran Yesus Kristus' }
];

const DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date as a UTC midnight, or a RangeError for a date that does not exist. */
function parse(date: string): Date {
	const match = ISO_DATE.exec(date);
	const at = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
	if (!at || at.toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
	return at;
}

const iso = (at: Date) => at.toISOString().slice(0, 10);

/** The dates off of a calendar, for lookups. */
export function daysOff(calendar: readonly CalendarDay[]): ReadonlySet<string> {
	return new Set(calendar.map((day) => day.date));
}

/** Monday to Friday and not a day off (national holiday or collective leave). */
export function isWorkingDay(date: string, off: ReadonlySet<string>): boolean {
	const weekday = parse(date).getUTCDay();
	return weekday !== 0 && weekday !== 6 && !off.has(date);
}

/** The working day `n` (≥ 1) working days after `date` (which itself does not count, working day or not). */
export function addWorkingDays(date: string, n: number, off: ReadonlySet<string>): string {
	if (!Number.isInteger(n) || n < 1 || n > 3660) throw new RangeError('n must be an integer from 1 to 3660');
	let at = parse(date).getTime();
	for (let left = n; left > 0; ) {
		at += DAY;
		if (isWorkingDay(iso(new Date(at)), off)) left--;
	}
	return iso(new Date(at));
}

/**
 * A complaint's SP4N-LAPOR! deadlines (KepmenPANRB 680/2020): forwarded to the unit within 3 working days of being
 * received, and acted on within 5 working days after that.
 */
export function laporDeadlines(receivedOn: string, off: ReadonlySet<string>): { forwardBy: string; actBy: string } {
	const forwardBy = addWorkingDays(receivedOn, 3, off);
	return { forwardBy, actBy: addWorkingDays(forwardBy, 5, off) };
}

/** Where a complaint stands against its deadlines on `today`: a step is overdue once its deadline has passed undone. */
export function laporOverdue(
	complaint: { receivedOn: string; forwardedOn: string | null; actedOn: string | null },
	today: string,
	off: ReadonlySet<string>
): { forwardBy: string; actBy: string; forwardOverdue: boolean; actOverdue: boolean } {
	const { forwardBy, actBy } = laporDeadlines(complaint.receivedOn, off);
	const late = (doneOn: string | null, by: string) => (doneOn === null ? today > by : doneOn > by);
	return { forwardBy, actBy, forwardOverdue: late(complaint.forwardedOn, forwardBy), actOverdue: late(complaint.actedOn, actBy) };
}
