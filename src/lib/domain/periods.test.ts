import { describe, expect, it } from 'vitest';
import { addDays, localDate, startOfLocalDay, yearContaining, yearPeriod } from './periods';

// Indonesia's three zones: WIB (UTC+7), WITA (UTC+8, Kupang), WIT (UTC+9). Vitest pins the machine to Asia/Tokyo
// (UTC+9, like WIT), so the WIB and WITA rows fail if the machine's zone is used instead of the mall's.
const WIB = 'Asia/Jakarta';
const WITA = 'Asia/Makassar';
const WIT = 'Asia/Jayapura';

describe('addDays', () => {
	it.each([
		['2025-01-31', 1, '2025-02-01'],
		['2024-02-28', 1, '2024-02-29'],
		['2025-03-01', -1, '2025-02-28'],
		['2025-12-31', 1, '2026-01-01'],
		['2025-06-15', -90, '2025-03-17'],
		['2025-06-15', 0, '2025-06-15']
	])('%s + %i days → %s', (date, days, expected) => expect(addDays(date, days)).toBe(expected));
});

describe('localDate', () => {
	it.each([
		// Local midnight of 5 March is 17:00Z (WIB), 16:00Z (WITA), 15:00Z (WIT) on 4 March: a millisecond before, then at it.
		['2026-03-04T16:59:59.999Z', WIB, '2026-03-04'],
		['2026-03-04T17:00:00.000Z', WIB, '2026-03-05'],
		['2026-03-04T15:59:59.999Z', WITA, '2026-03-04'],
		['2026-03-04T16:00:00.000Z', WITA, '2026-03-05'],
		['2026-03-04T14:59:59.999Z', WIT, '2026-03-04'],
		['2026-03-04T15:00:00.000Z', WIT, '2026-03-05'],
		// The UTC date is the day before the local one: 23:30Z is 06:30 WIB, 07:30 WITA, 08:30 WIT the next day.
		['2026-02-10T23:30:00.000Z', WIB, '2026-02-11'],
		['2026-02-10T23:30:00.000Z', WITA, '2026-02-11'],
		['2026-02-10T23:30:00.000Z', WIT, '2026-02-11'],
		// 16:30Z is past midnight in WITA and WIT, not yet in WIB (23:30): one instant, two local dates.
		['2026-02-10T16:30:00.000Z', WIB, '2026-02-10'],
		['2026-02-10T16:30:00.000Z', WITA, '2026-02-11'],
		['2026-02-10T16:30:00.000Z', WIT, '2026-02-11'],
		// New Year and a leap day.
		['2025-12-31T15:00:00.000Z', WIT, '2026-01-01'],
		['2024-02-28T16:00:00.000Z', WITA, '2024-02-29']
	])('%s in %s is %s', (at, zone, expected) => expect(localDate(new Date(at), zone)).toBe(expected));
});

describe('startOfLocalDay', () => {
	it.each([
		['2026-03-05', WIB, '2026-03-04T17:00:00.000Z'],
		['2026-03-05', WITA, '2026-03-04T16:00:00.000Z'],
		['2026-03-05', WIT, '2026-03-04T15:00:00.000Z'],
		['2026-01-01', WIB, '2025-12-31T17:00:00.000Z'],
		['2024-02-29', WITA, '2024-02-28T16:00:00.000Z'],
		['2026-03-01', WIT, '2026-02-28T15:00:00.000Z']
	])('%s begins in %s at %s', (date, zone, expected) => expect(startOfLocalDay(date, zone).toISOString()).toBe(expected));

	it.each([WIB, WITA, WIT])('is the first instant of its local date in %s (a millisecond earlier is the day before)', (zone) => {
		for (const date of ['2026-01-01', '2026-02-28', '2024-02-29', '2026-12-31']) {
			const start = startOfLocalDay(date, zone);
			expect(localDate(start, zone)).toBe(date);
			expect(localDate(new Date(start.getTime() - 1), zone)).toBe(addDays(date, -1));
		}
	});
});

describe('yearContaining', () => {
	it.each([
		['2025-12-31T16:59:59.999Z', WIB, 2025],
		['2025-12-31T17:00:00.000Z', WIB, 2026],
		['2025-12-31T15:59:59.999Z', WITA, 2025],
		['2025-12-31T16:00:00.000Z', WITA, 2026],
		['2025-12-31T14:59:59.999Z', WIT, 2025],
		['2025-12-31T15:00:00.000Z', WIT, 2026],
		['2026-06-30T12:00:00.000Z', WITA, 2026]
	])('%s in %s is in %i', (at, zone, expected) => expect(yearContaining(new Date(at), zone)).toBe(expected));
});

describe('yearPeriod', () => {
	it.each([
		[2026, WIB, '2025-12-31T17:00:00.000Z', '2026-12-31T17:00:00.000Z'],
		[2026, WITA, '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
		[2026, WIT, '2025-12-31T15:00:00.000Z', '2026-12-31T15:00:00.000Z'],
		[2024, WITA, '2023-12-31T16:00:00.000Z', '2024-12-31T16:00:00.000Z']
	])('%i in %s is [%s, %s)', (year, zone, from, to) => {
		const period = yearPeriod(year, zone);
		expect([period.from.toISOString(), period.to.toISOString()]).toEqual([from, to]);
	});
});
