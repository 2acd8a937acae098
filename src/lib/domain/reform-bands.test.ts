import { describe, expect, it } from 'vitest';
import { complaintResponseBand, followUpCompletionBand, followUpScore, innovationAgeBand, publicationScore, skmFrequencyScore, skmSurveysInYear, summarizeComplaints } from './reform-bands';

describe('skmFrequencyScore', () => {
	it.each([
		[0, 0],
		[1, 0.25],
		[2, 0.5],
		[3, 0.75],
		[4, 1],
		[12, 1]
	])('%i surveys a year → %d', (n, score) => expect(skmFrequencyScore(n)).toBe(score));
	it('refuses a negative or fractional count', () => {
		expect(() => skmFrequencyScore(-1)).toThrow(RangeError);
		expect(() => skmFrequencyScore(1.5)).toThrow(RangeError);
	});
});

describe('skmSurveysInYear', () => {
	const p = (kind: string, from: string, to: string) => ({ kind, from, to });
	const Q1 = p('quarter', '2026-01-01', '2026-03-31');
	const Q2 = p('quarter', '2026-04-01', '2026-06-30');
	const Q3 = p('quarter', '2026-07-01', '2026-09-30');
	const Q4 = p('quarter', '2026-10-01', '2026-12-31');
	const S1 = p('semester', '2026-01-01', '2026-06-30');
	const S2 = p('semester', '2026-07-01', '2026-12-31');
	const YEAR = p('year', '2026-01-01', '2026-12-31');
	const month = (m: string) => p('month', `2026-${m}-01`, `2026-${m}-28`);
	it.each([
		['nothing', [], 0],
		['Q1, Q2, S1', [Q1, Q2, S1], 2],
		['the year alone', [YEAR], 1],
		['S1, Q3, Q4', [S1, Q3, Q4], 3],
		['S1 and S2', [S1, S2], 2],
		['the year and S1 (overlapping)', [YEAR, S1], 1],
		['the year and four quarters', [YEAR, Q1, Q2, Q3, Q4], 4],
		['months only', [month('01'), month('02'), month('03'), month('04'), month('05')], 0],
		['a custom range', [p('custom', '2026-01-01', '2026-02-10')], 0],
		['S1 twice and a month', [S1, S1, month('12')], 1]
	])('%s → %i', (_name, periods, surveys) => expect(skmSurveysInYear(periods)).toBe(surveys));
});

describe('publicationScore', () => {
	it.each([
		[true, true, 1],
		[false, true, 0.5],
		[true, false, 0.5],
		[false, false, 0]
	])('online %s, offline %s → %d', (online, offline, score) => expect(publicationScore(online, offline)).toBe(score));
});

describe('followUpScore', () => {
	it.each([
		[10, 10, 1],
		[9, 10, 0.67],
		[6, 10, 0.67],
		[5, 10, 0.33],
		[1, 10, 0.33],
		[0, 10, 0],
		[0, 0, null]
	])('%i of %i done → %j', (done, planned, score) => expect(followUpScore(done, planned)).toBe(score));
	it('refuses more done than planned', () => expect(() => followUpScore(3, 2)).toThrow(RangeError));
});

describe('complaintResponseBand', () => {
	it.each([
		[0, 5],
		[24, 5],
		[24.01, 4],
		[72, 4],
		[72.5, 3],
		[120, 3],
		[121, 2],
		[168, 2],
		[169, 1],
		[336, 1],
		[336.01, 0],
		[1000, 0]
	])('%d hours → %i', (hours, band) => expect(complaintResponseBand(hours)).toBe(band));
	it('refuses a negative time', () => expect(() => complaintResponseBand(-1)).toThrow(RangeError));
});

describe('followUpCompletionBand', () => {
	it.each([
		[0, 10, '<30%'],
		[29, 100, '<30%'],
		[30, 100, '30-80%'],
		[3, 10, '30-80%'],
		[80, 100, '30-80%'],
		[81, 100, '>80%'],
		[99, 100, '>80%'],
		[100, 100, '100%'],
		[0, 0, null]
	])('%i of %i → %j', (done, planned, band) => expect(followUpCompletionBand(done, planned)).toBe(band));
});

describe('innovationAgeBand', () => {
	it.each([
		['2026-03-01', '2026-11-28', false, false, 2],
		['2025-11-28', '2026-11-28', false, false, 3],
		['2025-11-29', '2026-11-28', false, false, 2],
		['2022-08-01', '2026-11-28', false, false, 3],
		['2026-03-01', '2026-11-28', true, false, 4],
		['2026-03-01', '2026-11-28', true, true, 5],
		['2024-02-29', '2025-02-28', false, false, 2],
		['2024-02-29', '2025-03-01', false, false, 3],
		['2027-01-01', '2026-11-28', false, false, 0]
	])('launched %s, as of %s, entered %s, awarded %s → %i', (launch, asOf, entered, awarded, band) =>
		expect(innovationAgeBand(launch, asOf, entered, awarded)).toBe(band)
	);
});

describe('summarizeComplaints', () => {
	const c = (hours: number | null, ageHours = 1000, closed = false) => ({ hoursToFirstResponse: hours, ageHours, closed });
	it.each([
		{ name: 'no complaints', list: [], median: null, band: null, byBand: [0, 0, 0, 0, 0, 0], closed: null },
		{ name: 'one answered within a day', list: [c(23.5, 1000, true)], median: 23.5, band: 5, byBand: [1, 0, 0, 0, 0, 0], closed: 1 },
		{ name: 'odd count: the middle one', list: [c(10), c(100), c(400)], median: 100, band: 3, byBand: [1, 0, 1, 0, 0, 1], closed: 0 },
		{ name: 'even count: the mean of the middle two', list: [c(10), c(60), c(80), c(500)], median: 70, band: 4, byBand: [1, 1, 1, 0, 0, 1], closed: 0 },
		{ name: 'an overdue one counts as infinitely late', list: [c(10), c(null, 400)], median: Infinity, band: 0, byBand: [1, 0, 0, 0, 0, 1], closed: 0 },
		{ name: 'a young unanswered one waits', list: [c(10, 1000, true), c(null, 100)], median: 10, band: 5, byBand: [1, 0, 0, 0, 0, 0], closed: 0.5 },
		{ name: 'exactly 14×24 h unanswered is not yet late', list: [c(null, 336)], median: null, band: null, byBand: [0, 0, 0, 0, 0, 0], closed: 0 }
	])('$name', ({ list, median, band, byBand, closed }) => {
		const summary = summarizeComplaints(list);
		expect(summary.medianHours).toBe(median);
		expect(summary.band).toBe(band);
		expect(summary.byBand).toEqual(byBand);
		expect(summary.closedShare).toBe(closed);
		expect(summary.total).toBe(list.length);
		expect(summary.pending + summary.byBand.reduce((a, b) => a + b, 0)).toBe(list.length);
	});
});
