import { describe, expect, it } from 'vitest';
import { isSampleAdequate, krejcieMorganTarget } from './sampling';

describe('krejcieMorganTarget', () => {
	it.each([
		[10, 10],
		[50, 44],
		[100, 80],
		[200, 132],
		[500, 217],
		[1000, 278],
		[5000, 357],
		[10000, 370],
		[50000, 381],
		[1000000, 384]
	])('N = %i → S = %i', (population, target) => {
		expect(krejcieMorganTarget(population)).toBe(target);
	});

	it('matches the textbook formula with X² = 3.841, P = 0.5, d = 0.05 for every N up to 20 000', () => {
		for (let n = 1; n <= 20000; n++) {
			const s = (3.841 * n * 0.25) / (0.0025 * (n - 1) + 3.841 * 0.25);
			expect(krejcieMorganTarget(n)).toBe(Math.round(s));
		}
	});

	it.each([0, -5, 2.5, Number.NaN])('rejects the population %d', (population) => {
		expect(() => krejcieMorganTarget(population)).toThrow(RangeError);
	});

	it('judges adequacy against the target', () => {
		expect(isSampleAdequate(278, 1000)).toBe(true);
		expect(isSampleAdequate(277, 1000)).toBe(false);
	});
});
