import { describe, expect, it } from 'vitest';
import { earlierPeriods, parsePeriod, periodEnded, periodValueContaining } from './report-period';

describe('parsePeriod', () => {
	it.each([
		['month', '2026-02', '2026-02-01', '2026-02-28', 'day', '2026-01-01', '2026-01-31'],
		['month', '2024-02', '2024-02-01', '2024-02-29', 'day', '2024-01-01', '2024-01-31'],
		['month', '2026-01', '2026-01-01', '2026-01-31', 'day', '2025-12-01', '2025-12-31'],
		['quarter', '2026-Q1', '2026-01-01', '2026-03-31', 'week', '2025-10-01', '2025-12-31'],
		['semester', '2026-S2', '2026-07-01', '2026-12-31', 'month', '2026-01-01', '2026-06-30'],
		['year', '2025', '2025-01-01', '2025-12-31', 'month', '2024-01-01', '2024-12-31'],
		['custom', '2026-03-10..2026-03-19', '2026-03-10', '2026-03-19', 'day', '2026-02-28', '2026-03-09']
	] as const)('%s %s → %s..%s by %s, previous %s..%s', (kind, value, from, to, granularity, pFrom, pTo) => {
		expect(parsePeriod(kind, value)).toEqual({ kind, value, from, to, granularity, previous: { from: pFrom, to: pTo } });
	});

	it.each([
		['month', '2026-13'],
		['quarter', '2026-Q5'],
		['semester', '2026-S3'],
		['year', '26'],
		['custom', '2026-03-20..2026-03-10'],
		['custom', '2026-02-30..2026-03-10'],
		['week', '2026-W01']
	])('refuses %s %s', (kind, value) => {
		expect(parsePeriod(kind, value)).toBeNull();
	});

	it('finds the period of a kind that contains a date', () => {
		expect(['month', 'quarter', 'semester', 'year'].map((k) => periodValueContaining(k as 'month', '2026-11-28'))).toEqual([
			'2026-11',
			'2026-Q4',
			'2026-S2',
			'2026'
		]);
	});
});

describe('earlierPeriods', () => {
	it.each([
		['quarter', '2026-Q1', ['2025-Q4', '2025-Q3', '2025-Q2']],
		['semester', '2026-S1', ['2025-S2', '2025-S1', '2024-S2']],
		['year', '2026', ['2025', '2024', '2023']],
		['month', '2026-03', ['2026-02', '2026-01', '2025-12']],
		['custom', '2026-01-11..2026-01-20', ['2026-01-01..2026-01-10', '2025-12-22..2025-12-31', '2025-12-12..2025-12-21']]
	])('%s %s → %j', (kind, value, expected) => {
		expect(earlierPeriods(parsePeriod(kind, value)!, 3).map((p) => p.value)).toEqual(expected);
	});
});

describe('periodEnded', () => {
	it.each([
		['year', '2027', '2026-12-02', false],
		['month', '2026-12', '2026-12-02', false],
		['month', '2026-12', '2026-12-31', false],
		['month', '2026-11', '2026-12-01', true],
		['semester', '2026-S2', '2026-12-02', false],
		['semester', '2026-S1', '2026-12-02', true],
		['quarter', '2026-Q3', '2026-10-01', true],
		['custom', '2026-11-01..2026-12-01', '2026-12-02', true],
		['custom', '2026-11-01..2026-12-02', '2026-12-02', false]
	])('%s %s on %s → %s', (kind, value, today, ended) => expect(periodEnded(parsePeriod(kind, value)!, today)).toBe(ended));
});
