import { describe, expect, it } from 'vitest';
import { isOpenAt, minutesOf, openingHoursFromForm, parseOpeningHours, type IsoWeekday, type OpeningHours } from './opening-hours';

const WEEKDAY = [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '15:30' }];
const HOURS: OpeningHours = { '1': WEEKDAY, '2': WEEKDAY, '3': WEEKDAY, '4': WEEKDAY, '5': [{ open: '08:00', close: '11:00' }], '6': [{ open: '09:00', close: '12:00' }], '7': [] };

describe('minutesOf', () => {
	it.each([
		['00:00', 0],
		['08:30', 510],
		['23:59', 1439],
		['24:00', null],
		['8:30', null],
		['08:60', null],
		['08.30', null],
		['', null]
	])('%j → %s', (time, minutes) => {
		expect(minutesOf(time)).toBe(minutes);
	});
});

describe('isOpenAt', () => {
	it.each<[IsoWeekday, string, boolean]>([
		[1, '07:59', false],
		[1, '08:00', true], // open is inclusive
		[1, '11:59', true],
		[1, '12:00', false], // close is exclusive: the break
		[1, '12:30', false],
		[1, '13:00', true],
		[1, '15:29', true],
		[1, '15:30', false],
		[5, '10:59', true],
		[5, '11:00', false], // Friday closes early
		[6, '09:00', true],
		[7, '10:00', false], // closed on Sunday
		[7, '00:00', false]
	])('weekday %i at %s → %s', (weekday, time, open) => {
		expect(isOpenAt(HOURS, weekday, time)).toBe(open);
	});

	it('refuses a time that is none', () => {
		expect(() => isOpenAt(HOURS, 1, '25:00')).toThrow(RangeError);
	});
});

describe('parseOpeningHours', () => {
	it('takes well-formed hours and an unset value', () => {
		expect(parseOpeningHours(HOURS)).toEqual({ hours: HOURS });
		expect(parseOpeningHours(null)).toEqual({ hours: null });
	});

	it.each([
		['a close before its open', { ...HOURS, '2': [{ open: '15:00', close: '08:00' }] }, { day: 2, field: 'close', problem: 'order' }],
		['a close equal to its open', { ...HOURS, '2': [{ open: '08:00', close: '08:00' }] }, { day: 2, field: 'close', problem: 'order' }],
		['overlapping intervals', { ...HOURS, '3': [{ open: '08:00', close: '12:00' }, { open: '11:00', close: '14:00' }] }, { day: 3, field: 'open', problem: 'overlap' }],
		['a time that is none', { ...HOURS, '4': [{ open: '8', close: '12:00' }] }, { day: 4, field: 'open', problem: 'format' }],
		['a missing day', { ...HOURS, '7': undefined }, { day: 7, field: 'open', problem: 'format' }],
		['a day that is no list', { ...HOURS, '6': 'closed' }, { day: 6, field: 'open', problem: 'format' }]
	])('refuses %s', (_, value, problem) => {
		expect(parseOpeningHours(value)).toEqual({ problems: [problem] });
	});

	it('refuses what is no record at all', () => {
		expect(parseOpeningHours([])).toMatchObject({ problems: expect.arrayContaining([{ day: 1, field: 'open', problem: 'format' }]) });
	});
});

describe('openingHoursFromForm', () => {
	const closed = { open: '', close: '' };
	const form = (overrides: Partial<Record<IsoWeekday, { open: string; close: string }>>) => ({
		1: { open: '08:00', close: '15:00' },
		2: closed,
		3: closed,
		4: closed,
		5: closed,
		6: closed,
		7: closed,
		...overrides
	});

	it('reads both blank as closed and a pair as the day’s interval', () => {
		expect(openingHoursFromForm(form({}))).toEqual({ hours: { '1': [{ open: '08:00', close: '15:00' }], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] } });
	});

	it.each([
		['an open without its close', { 2: { open: '08:00', close: '' } }, { day: 2, field: 'close', problem: 'required' }],
		['a close without its open', { 3: { open: '', close: '12:00' } }, { day: 3, field: 'open', problem: 'required' }],
		['a close not after its open', { 1: { open: '15:00', close: '08:00' } }, { day: 1, field: 'close', problem: 'order' }]
	])('refuses %s', (_, overrides, problem) => {
		expect(openingHoursFromForm(form(overrides))).toEqual({ problems: [problem] });
	});
});
