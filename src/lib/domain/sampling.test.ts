import { describe, expect, it } from 'vitest';
import { isSampleAdequate, KREJCIE_MORGAN_MAX, krejcieMorganTarget, sampleAdequacy } from './sampling';

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

describe('sampleAdequacy', () => {
	it('has 384 as the largest target of any population', () => {
		expect(KREJCIE_MORGAN_MAX).toBe(384);
	});

	it.each([
		[285, 1100, { population: 1100, target: 285, adequate: true }],
		[284, 1100, { population: 1100, target: 285, adequate: false }],
		[10, 10, { population: 10, target: 10, adequate: true }],
		[0, 1, { population: 1, target: 1, adequate: false }],
		// An unknown population: only the target's upper bound settles it.
		[384, null, { population: null, target: null, adequate: true }],
		[383, null, { population: null, target: null, adequate: null }],
		[500, 0, { population: null, target: null, adequate: true }],
		[5, 0, { population: null, target: null, adequate: null }]
	])('n = %i of N = %s → %j', (respondents, population, adequacy) => {
		expect(sampleAdequacy(respondents, population)).toEqual(adequacy);
	});
});
