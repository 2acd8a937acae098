import { describe, expect, it } from 'vitest';
import { addWorkingDays, daysOff, isWorkingDay, laporDeadlines, laporOverdue, OFFICIAL_CALENDAR_2026 } from './working-days';

const off = daysOff(OFFICIAL_CALENDAR_2026);

describe('the 2026 calendar', () => {
	it('holds the decree’s 17 national holidays and 8 collective leave days, each date once', () => {
		expect(OFFICIAL_CALENDAR_2026.filter((d) => d.kind === 'holiday')).toHaveLength(17);
		expect(OFFICIAL_CALENDAR_2026.filter((d) => d.kind === 'collective_leave')).toHaveLength(8);
		expect(off.size).toBe(25);
		for (const day of OFFICIAL_CALENDAR_2026) expect(day.date.startsWith('2026-')).toBe(true);
	});
});

describe('working days', () => {
	it('skips weekends, national holidays and collective leave', () => {
		expect(isWorkingDay('2026-07-03', off)).toBe(true); // a Friday
		expect(isWorkingDay('2026-07-04', off)).toBe(false); // Saturday
		expect(isWorkingDay('2026-01-16', off)).toBe(false); // Isra Mikraj, a Friday
		expect(isWorkingDay('2026-03-23', off)).toBe(false); // cuti bersama Idul Fitri, a Monday
		expect(isWorkingDay('2026-03-23', new Set())).toBe(true);
	});

	it.each([
		['across a weekend', '2026-07-03', { forwardBy: '2026-07-08', actBy: '2026-07-15' }],
		// Thursday 8 January: Fri 9, Mon 12, Tue 13; then 14, 15, (16 Isra Mikraj), 19, 20, 21.
		['across a national holiday', '2026-01-08', { forwardBy: '2026-01-13', actBy: '2026-01-21' }],
		// Friday 13 March: Mon 16, Tue 17, (18 cuti Nyepi, 19 Nyepi, 20 cuti, 21–22 Idul Fitri, 23–24 cuti), Wed 25; then 26, 27, 30, 31, 1 April.
		['across collective leave days', '2026-03-13', { forwardBy: '2026-03-25', actBy: '2026-04-01' }],
		// Received on a day off: the count starts on the next working day.
		['received on a Sunday', '2026-07-05', { forwardBy: '2026-07-08', actBy: '2026-07-15' }]
	])('LAPOR! deadlines %s (3 working days to forward, 5 more to act)', (_name, receivedOn, expected) => {
		expect(laporDeadlines(receivedOn, off)).toEqual(expected);
	});

	it('differs without the calendar (the holiday counts as a working day then)', () => {
		expect(laporDeadlines('2026-01-08', new Set())).toEqual({ forwardBy: '2026-01-13', actBy: '2026-01-20' });
	});

	it('refuses dates that do not exist and counts out of range', () => {
		expect(() => addWorkingDays('2026-02-30', 3, off)).toThrow(RangeError);
		expect(() => addWorkingDays('2026-1-5', 3, off)).toThrow(RangeError);
		expect(() => addWorkingDays('2026-01-05', 0, off)).toThrow(RangeError);
		expect(() => addWorkingDays('2026-01-05', 1.5, off)).toThrow(RangeError);
	});
});

describe('overdue', () => {
	const complaint = { receivedOn: '2026-01-08', forwardedOn: null, actedOn: null };

	it('marks a step overdue once its deadline has passed undone, not on the deadline itself', () => {
		expect(laporOverdue(complaint, '2026-01-13', off)).toMatchObject({ forwardOverdue: false, actOverdue: false });
		expect(laporOverdue(complaint, '2026-01-14', off)).toMatchObject({ forwardOverdue: true, actOverdue: false });
		expect(laporOverdue(complaint, '2026-01-22', off)).toMatchObject({ forwardOverdue: true, actOverdue: true });
	});

	it('judges a step done by the day it was done', () => {
		expect(laporOverdue({ ...complaint, forwardedOn: '2026-01-13', actedOn: '2026-01-21' }, '2026-02-01', off)).toMatchObject({ forwardOverdue: false, actOverdue: false });
		expect(laporOverdue({ ...complaint, forwardedOn: '2026-01-14', actedOn: '2026-01-22' }, '2026-02-01', off)).toMatchObject({ forwardOverdue: true, actOverdue: true });
	});
});
