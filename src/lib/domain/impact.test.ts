import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { bootstrapImpact, isSignificant, packAnswers } from './impact';
import { computeIkm, tallyAnswers } from './skm';

const CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];

/** n respondents whose answers are round(mood + noise), mood ~ N(mean, 0.35), U3 shifted by u3Shift; some skipped. */
function respondents(seed: number, n: number, mean: number, u3Shift = 0): (number | null)[][] {
	const rng = xoroshiro128plus(seed);
	const normal = (sd: number) => sd * Math.sqrt(-2 * Math.log(1 - uniformFloat64(rng))) * Math.cos(2 * Math.PI * uniformFloat64(rng));
	return Array.from({ length: n }, () => {
		const mood = mean + normal(0.35);
		return CODES.map((code) => {
			if (uniformFloat64(rng) < 0.03) return null;
			const value = Math.round(mood + (code === 'U3' ? u3Shift : 0) + normal(0.45));
			return Math.min(4, Math.max(1, value));
		});
	});
}

const ikmOf = (rows: (number | null)[][]) => computeIkm(tallyAnswers(rows, CODES)).ikmExact!;

describe('bootstrapImpact', () => {
	it('point estimates are the exact IKM and NRR of each window', () => {
		const before = respondents(1, 300, 3.0);
		const after = respondents(2, 280, 3.2);
		const result = bootstrapImpact(CODES, packAnswers(before, 9), packAnswers(after, 9), { seed: 7, resamples: 500 });
		const ikm = result.metrics[0]!;
		expect(ikm.metric).toBe('IKM');
		expect(ikm.before).toBeCloseTo(ikmOf(before), 9);
		expect(ikm.after).toBeCloseTo(ikmOf(after), 9);
		expect(ikm.difference).toBeCloseTo(ikmOf(after) - ikmOf(before), 9);
		const u3 = computeIkm(tallyAnswers(after, CODES)).unsur[2]!;
		expect(result.metrics[3]).toMatchObject({ metric: 'U3' });
		expect(result.metrics[3]!.after).toBeCloseTo(u3.nrr!, 12);
		expect(result).toMatchObject({ nBefore: 300, nAfter: 280, method: 'bootstrap-percentile', resamples: 500 });
	});

	it('is reproducible: the same seed gives the same interval, another seed a slightly different one', () => {
		const before = packAnswers(respondents(3, 200, 3.0), 9);
		const after = packAnswers(respondents(4, 200, 3.0), 9);
		const a = bootstrapImpact(CODES, before, after, { seed: 11, resamples: 400 });
		const b = bootstrapImpact(CODES, before, after, { seed: 11, resamples: 400 });
		const c = bootstrapImpact(CODES, before, after, { seed: 12, resamples: 400 });
		expect(a).toEqual(b);
		expect(c.metrics[0]!.low).not.toBe(a.metrics[0]!.low);
	});

	// Known effect: +0.5 on U3 only. The mood shift of +0.2 moves every unsur.
	it.each([
		{ name: 'a built-in U3 effect', before: [5, 3.0, 0], after: [6, 3.0, 0.5], ikmEffect: false, u3Effect: true },
		{ name: 'a built-in overall effect', before: [7, 3.0, 0], after: [8, 3.25, 0], ikmEffect: true, u3Effect: true },
		{ name: 'no effect', before: [9, 3.1, 0], after: [10, 3.1, 0], ikmEffect: false, u3Effect: false }
	])('finds $name and only it', ({ before, after, ikmEffect, u3Effect }) => {
		const result = bootstrapImpact(
			CODES,
			packAnswers(respondents(before[0]!, 600, before[1]!, before[2]!), 9),
			packAnswers(respondents(after[0]!, 600, after[1]!, after[2]!), 9),
			{ seed: 99 }
		);
		const u3 = result.metrics.find((m) => m.metric === 'U3')!;
		const u1 = result.metrics.find((m) => m.metric === 'U1')!;
		expect(isSignificant(u3)).toBe(u3Effect);
		expect(isSignificant(u1)).toBe(ikmEffect);
		if (u3Effect && !ikmEffect) {
			// The true U3 change is a little under 0.5 (answers are clipped at 4): the interval holds it, not 0.
			expect(u3.low!).toBeGreaterThan(0.25);
			expect(u3.high!).toBeLessThan(0.6);
		}
		if (!u3Effect) {
			expect(u3.low!).toBeLessThan(0);
			expect(u3.high!).toBeGreaterThan(0);
		}
	});

	it('covers the true difference about 95 % of the time (60 simulated pairs, same population)', () => {
		let covered = 0;
		for (let i = 0; i < 60; i++) {
			const result = bootstrapImpact(CODES, packAnswers(respondents(1000 + i, 150, 3.0), 9), packAnswers(respondents(2000 + i, 150, 3.0), 9), {
				seed: i,
				resamples: 400
			});
			const ikm = result.metrics[0]!;
			if (ikm.low! <= 0 && ikm.high! >= 0) covered += 1;
		}
		// Binomial(60, 0.95): 51 or more in > 99 % of runs; a broken interval (too narrow or shifted) falls well below.
		expect(covered).toBeGreaterThanOrEqual(51);
		expect(covered).toBeLessThanOrEqual(60);
	});

	it('difference in differences removes a change the comparison scopes saw too', () => {
		// Everybody improved by 0.2 (a mall-wide trend); the innovation's scope improved 0.5 more on U3.
		const result = bootstrapImpact(
			CODES,
			packAnswers(respondents(21, 600, 3.0, 0), 9),
			packAnswers(respondents(22, 600, 3.2, 0.5), 9),
			{ seed: 5 },
			{ before: packAnswers(respondents(23, 900, 3.0), 9), after: packAnswers(respondents(24, 900, 3.2), 9) }
		);
		const u1 = result.metrics.find((m) => m.metric === 'U1')!;
		const u3 = result.metrics.find((m) => m.metric === 'U3')!;
		expect(isSignificant(u1)).toBe(false);
		expect(u1.comparisonDifference!).toBeGreaterThan(0.1);
		expect(isSignificant(u3)).toBe(true);
		expect(u3.low!).toBeGreaterThan(0.2);
		expect(result).toMatchObject({ nComparisonBefore: 900, nComparisonAfter: 900 });
	});

	it('gives no interval when a window is empty, and refuses bad input', () => {
		const result = bootstrapImpact(CODES, packAnswers([], 9), packAnswers(respondents(1, 10, 3), 9), { seed: 1, resamples: 100 });
		expect(result.metrics[0]).toMatchObject({ before: null, difference: null, low: null, high: null });
		expect(result.usableResamples).toBe(0);
		expect(() => packAnswers([[1, 2, 3]], 9)).toThrow(/row 1 has 3 answers/);
		expect(() => packAnswers([[5, 1, 1, 1, 1, 1, 1, 1, 1]], 9)).toThrow(/not 1–4/);
		expect(() => bootstrapImpact(CODES, packAnswers([], 9), packAnswers([], 9), { seed: 1, resamples: 10 })).toThrow(/100 resamples/);
	});
});
