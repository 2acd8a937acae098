import { describe, expect, it } from 'vitest';
import { bucketEnd, bucketLabel, bucketStart, bucketStarts } from './granularity';

describe('buckets', () => {
	it.each([
		['2026-03-05', 'day', '2026-03-05', '2026-03-05', '2026-03-05'],
		['2026-03-05', 'week', '2026-03-02', '2026-03-08', '2026-W10'],
		['2026-01-01', 'week', '2025-12-29', '2026-01-04', '2026-W01'],
		['2027-01-01', 'week', '2026-12-28', '2027-01-03', '2026-W53'],
		['2026-03-05', 'month', '2026-03-01', '2026-03-31', '2026-03'],
		['2024-02-10', 'month', '2024-02-01', '2024-02-29', '2024-02'],
		['2026-05-20', 'quarter', '2026-04-01', '2026-06-30', '2026-Q2'],
		['2026-06-30', 'semester', '2026-01-01', '2026-06-30', '2026-S1'],
		['2026-07-01', 'semester', '2026-07-01', '2026-12-31', '2026-S2'],
		['2026-11-28', 'year', '2026-01-01', '2026-12-31', '2026']
	] as const)('%s by %s → %s..%s (%s)', (date, granularity, start, end, label) => {
		expect(bucketStart(date, granularity)).toBe(start);
		expect(bucketEnd(start, granularity)).toBe(end);
		expect(bucketLabel(start, granularity)).toBe(label);
	});

	it('lists every bucket in a range, empty ones included', () => {
		expect(bucketStarts('2025-11-15', '2026-02-01', 'month')).toEqual(['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']);
		expect(bucketStarts('2024-01-01', '2026-12-31', 'semester')).toHaveLength(6);
		expect(bucketStarts('2026-01-01', '2026-01-07', 'day')).toHaveLength(7);
	});
});
