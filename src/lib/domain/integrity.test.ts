import { describe, expect, it } from 'vitest';
import { binomialUpperTail, findBursts, flagKey, isStraightLine, straightLineBaseline, straightLineTest } from './integrity';

const MIN = 60_000;

describe('binomialUpperTail', () => {
	it.each([
		[10, 0, 0.3, 1],
		[10, 11, 0.3, 0],
		[1, 1, 0.5, 0.5],
		[2, 1, 0.5, 0.75],
		[4, 4, 0.05, 0.05 ** 4],
		[3, 2, 0.1, 3 * 0.01 * 0.9 + 0.001],
		[20, 0, 0, 1],
		[20, 1, 0, 0],
		[20, 20, 1, 1]
	])('P(X ≥ %i | n = %i … ) for n=%i k=%i p=%f', (n, k, p, expected) => {
		expect(binomialUpperTail(n, k, p)).toBeCloseTo(expected, 12);
	});

	it('sums to 1 with the lower tail (n = 1000)', () => {
		const upper = binomialUpperTail(1000, 60, 0.05);
		const lower = 1 - binomialUpperTail(1000, 60, 0.05);
		expect(upper + lower).toBeCloseTo(1, 12);
		// Mean 50, sd ≈ 6.9: 60 or more is about 9 %.
		expect(upper).toBeGreaterThan(0.07);
		expect(upper).toBeLessThan(0.11);
	});

	it('refuses impossible arguments', () => {
		expect(() => binomialUpperTail(-1, 0, 0.5)).toThrow(RangeError);
		expect(() => binomialUpperTail(3, 1, 1.5)).toThrow(RangeError);
	});
});

describe('straightLineTest', () => {
	it.each([
		// n, k, p0, flagged
		[30, 25, 0.05, true],
		[3, 3, 0.05, true], // p = 1.25e-4
		[2, 2, 0.05, false], // fewer than three is never a pattern
		[40, 6, 0.05, false], // p ≈ 0.14
		[10, 3, 0.05, false] // p ≈ 0.012
	])('n=%i k=%i p0=%f → %s', (n, k, p0, flagged) => {
		expect(straightLineTest(n, k, p0).flagged).toBe(flagged);
	});

	it('floors the hall rate at 5 %', () => {
		expect(straightLineBaseline(1, 1000)).toBe(0.05);
		expect(straightLineBaseline(200, 1000)).toBe(0.2);
		expect(straightLineBaseline(0, 0)).toBe(0.05);
	});
});

describe('isStraightLine', () => {
	it.each([
		[[4, 4, 4, 4, 4, 4, 4, 4, 4], true],
		[[1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 2], true], // IPAK answers after U9 do not count
		[[4, 4, 4, 4, 4, 4, 4, 4, 3], false],
		[[4, 4, 4, 4, 4, 4, 4, null, 4], false], // a skipped unsur is no straight line
		[[4, 4, 4], false]
	])('%j → %s', (answers, expected) => {
		expect(isStraightLine(answers)).toBe(expected);
	});
});

describe('findBursts', () => {
	it('finds six responses within ten minutes, and not five', () => {
		const six = [0, 1, 2, 3, 4, 9.9].map((m) => m * MIN);
		expect(findBursts(six)).toEqual([{ from: 0, to: 9.9 * MIN, count: 6, members: [0, 1, 2, 3, 4, 5] }]);
		expect(findBursts([0, 1, 2, 3, 4, 10].map((m) => m * MIN))).toEqual([]);
		expect(findBursts([0, 1, 2, 3, 4].map((m) => m * MIN))).toEqual([]);
	});

	it('keeps the ordinary responses around a burst out of it, and splits bursts far apart', () => {
		const times = [0, 40, 41, 42, 43, 44, 45, 46, 90, 120, 121, 122, 123, 124, 125].map((m) => m * MIN);
		const bursts = findBursts(times);
		expect(bursts.map((b) => b.count)).toEqual([7, 6]);
		expect(bursts[0]!.members).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('never flags a counter serving one citizen every two minutes or slower (six span ten minutes)', () => {
		expect(findBursts(Array.from({ length: 60 }, (_, i) => i * 120_000))).toEqual([]);
	});
});

describe('flagKey', () => {
	it('names rule, subject and day', () => {
		expect(flagKey('burst', 'device', 12, '2026-11-30')).toBe('burst:device:12:2026-11-30');
	});
});
