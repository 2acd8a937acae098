import { describe, expect, it } from 'vitest';
import { addMonths, digitalShare, endedMonths, growth, responseRate, semesterOf, servedBetween, servedInWindow, type MonthVolume } from './volume';

describe('growth', () => {
	it.each([
		[24_000, 20_000, 0.2],
		[20_000, 24_000, -1 / 6],
		[5, 5, 0],
		[0, 10, -1],
		[10, 0, null],
		[0, 0, null]
	])('%i against %i → %s', (current, previous, rate) => {
		const result = growth(current, previous);
		if (rate === null) expect(result.rate).toBeNull();
		else expect(result.rate).toBeCloseTo(rate, 12);
		expect(result).toMatchObject({ current, previous });
	});
	it('refuses negative volumes', () => {
		expect(() => growth(-1, 3)).toThrow(/current/);
		expect(() => growth(1, Number.NaN)).toThrow(/previous/);
	});
});

describe('responseRate', () => {
	it.each([
		[60, 100, 0.6],
		[0, 100, 0],
		[120, 100, 1.2],
		[5, 0, null]
	])('%i responses of %i served → %s', (responses, served, expected) => {
		expect(responseRate(responses, served)).toBe(expected);
	});
	it('refuses negative counts', () => expect(() => responseRate(-1, 5)).toThrow());
});

const months = (entries: [string, number, number | null][]): MonthVolume[] =>
	entries.map(([month, served, servedOnline]) => ({ month, served, servedOnline }));

describe('servedBetween and semesterOf', () => {
	const volumes = months([
		['2024-01-01', 2000, null],
		['2024-06-01', 2000, null],
		['2024-07-01', 1000, null],
		['2025-01-01', 3000, null],
		['2025-06-01', 3500, null]
	]);
	it('sums the months in [from, to)', () => {
		expect(servedBetween(volumes, '2024-01-01', '2024-07-01')).toEqual({ served: 4000, months: 2 });
		expect(servedBetween(volumes, '2024-01-01', '2025-01-01')).toEqual({ served: 5000, months: 3 });
	});
	it.each([
		['2025-03-01', { from: '2025-01-01', to: '2025-07-01', previousFrom: '2024-01-01', previousTo: '2024-07-01' }],
		['2025-06-01', { from: '2025-01-01', to: '2025-07-01', previousFrom: '2024-01-01', previousTo: '2024-07-01' }],
		['2025-07-01', { from: '2025-07-01', to: '2026-01-01', previousFrom: '2024-07-01', previousTo: '2025-01-01' }],
		['2025-12-01', { from: '2025-07-01', to: '2026-01-01', previousFrom: '2024-07-01', previousTo: '2025-01-01' }]
	])('the semester of %s and the same semester a year before', (month, expected) => {
		expect(semesterOf(month)).toEqual(expected);
	});
	it('semester growth compares the same halves', () => {
		const s = semesterOf('2025-06-01');
		const rate = growth(servedBetween(volumes, s.from, s.to).served, servedBetween(volumes, s.previousFrom, s.previousTo).served).rate;
		expect(rate).toBeCloseTo(6500 / 4000 - 1, 12);
	});
});

describe('servedInWindow', () => {
	const volumes = months([
		['2025-01-01', 3100, null], // 31 days: 100 a day
		['2025-02-01', 2800, null], // 28 days: 100 a day
		['2025-03-01', 6200, null] // 31 days: 200 a day
	]);
	it.each([
		['2025-01-01', '2025-02-01', 3100],
		['2025-01-17', '2025-02-15', 15 * 100 + 14 * 100],
		['2025-02-20', '2025-03-03', 9 * 100 + 2 * 200],
		['2025-03-31', '2025-04-01', 200]
	])('%s → %s counts each month by its days in the window', (from, to, served) => {
		expect(servedInWindow(volumes, from, to).served).toBeCloseTo(served, 9);
	});
	it('names the months without a volume', () => {
		expect(servedInWindow(volumes, '2025-03-15', '2025-05-02')).toMatchObject({ months: ['2025-03-01'], missing: ['2025-04-01', '2025-05-01'] });
	});
	it('refuses an empty window', () => expect(() => servedInWindow(volumes, '2025-03-01', '2025-03-01')).toThrow(/end after/));
});

describe('digitalShare', () => {
	it('uses only the months that report online service', () => {
		expect(digitalShare(months([['2025-01-01', 100, 40], ['2025-02-01', 300, 60], ['2025-03-01', 1000, null]]))).toEqual({
			share: 0.25,
			servedOnline: 100,
			served: 400
		});
	});
	it('is null when no month reports it', () => expect(digitalShare(months([['2025-01-01', 100, null]])).share).toBeNull());
});

describe('addMonths', () => {
	it.each([
		['2025-01-01', 1, '2025-02-01'],
		['2025-12-01', 1, '2026-01-01'],
		['2025-01-01', -1, '2024-12-01'],
		['2025-03-01', -14, '2024-01-01'],
		['2025-06-01', 0, '2025-06-01']
	])('%s + %i → %s', (month, n, expected) => expect(addMonths(month, n)).toBe(expected));
});

describe('endedMonths', () => {
	it.each([
		// A past quarter: all of its months.
		[{ from: '2026-01-01', to: '2026-03-31' }, '2026-05-10', { from: '2026-01-01', to: '2026-04-01', periodTo: '2026-04-01' }],
		// The quarter's last day: March has ended.
		[{ from: '2026-01-01', to: '2026-03-31' }, '2026-03-31', { from: '2026-01-01', to: '2026-04-01', periodTo: '2026-04-01' }],
		// Mid-quarter: only January has ended.
		[{ from: '2026-01-01', to: '2026-03-31' }, '2026-02-15', { from: '2026-01-01', to: '2026-02-01', periodTo: '2026-04-01' }],
		// A custom period cut inside months: only the whole months between.
		[{ from: '2026-01-15', to: '2026-03-20' }, '2027-01-01', { from: '2026-02-01', to: '2026-03-01', periodTo: '2026-03-01' }],
		// February of a leap year ends on the 29th.
		[{ from: '2024-02-01', to: '2024-02-29' }, '2024-02-29', { from: '2024-02-01', to: '2024-03-01', periodTo: '2024-03-01' }],
		[{ from: '2025-02-01', to: '2025-02-28' }, '2025-02-28', { from: '2025-02-01', to: '2025-03-01', periodTo: '2025-03-01' }],
		// A year over its turn.
		[{ from: '2025-01-01', to: '2025-12-31' }, '2026-01-02', { from: '2025-01-01', to: '2026-01-01', periodTo: '2026-01-01' }],
		// A period that has not begun: no month (to before from).
		[{ from: '2026-04-01', to: '2026-06-30' }, '2026-03-10', { from: '2026-04-01', to: '2026-03-01', periodTo: '2026-07-01' }]
	])('%j by %s → %j', (period, today, months) => {
		expect(endedMonths(period, today)).toEqual(months);
	});
});
