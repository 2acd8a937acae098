import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { bootstrapImpact, isSignificant, normalQuantile, NORMAL_APPROXIMATION_FROM, packAnswers, type AnswerSample } from './impact';
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

	it('tallies identical answer rows as one weighted pattern with the same draws: the result of the row-by-row bootstrap, exactly', () => {
		// Answers 3 or 4 only: at most 2⁹ patterns in 3 000 rows, so the pattern tally is used; the mood data is not.
		const rng = xoroshiro128plus(77);
		const fewPatterns = (n: number) => Array.from({ length: n }, () => CODES.map(() => (uniformFloat64(rng) < 0.7 ? 4 : 3)));
		const cases: [AnswerSample, AnswerSample, { before: AnswerSample; after: AnswerSample } | undefined][] = [
			[packAnswers(fewPatterns(3000), 9), packAnswers(fewPatterns(2500), 9), undefined],
			[packAnswers(respondents(31, 400, 3.0), 9), packAnswers(respondents(32, 350, 3.2, 0.4), 9), undefined],
			[packAnswers(fewPatterns(2000), 9), packAnswers(respondents(33, 300, 3.1), 9), { before: packAnswers(fewPatterns(1200), 9), after: packAnswers(respondents(34, 250, 3.0), 9) }]
		];
		for (const [before, after, comparison] of cases) {
			const options = { seed: 2026, resamples: 300 };
			expect(bootstrapImpact(CODES, before, after, options, comparison)).toEqual(rowByRowBootstrap(before, after, options, comparison));
		}
	});

	it('uses the normal approximation of the same bootstrap from NORMAL_APPROXIMATION_FROM respondents per window, within its resampling noise', () => {
		const before = packAnswers(respondents(41, 60_000, 3.0), 9);
		const after = packAnswers(respondents(42, 60_000, 3.02, 0.03), 9);
		const normal = bootstrapImpact(CODES, before, after, { seed: 3, resamples: 400 });
		const resampled = bootstrapImpact(CODES, before, after, { seed: 3, resamples: 400, normalFrom: Infinity });
		expect(normal).toMatchObject({ method: 'normal-approximation', resamples: 0, usableResamples: 0, nBefore: 60_000 });
		expect(resampled).toMatchObject({ method: 'bootstrap-percentile', resamples: 400, usableResamples: 400 });
		for (const [m, metric] of normal.metrics.entries()) {
			const other = resampled.metrics[m]!;
			expect([metric.before, metric.after, metric.difference]).toEqual([other.before, other.after, other.difference]);
			// A 2.5 % or 97.5 % percentile of 400 resamples has a standard error of √(0.025 · 0.975 / 400) / φ(1.96) ≈ 0.13
			// standard errors of the difference: 0.5 of them is ~3.7 times that noise. A wrong variance (e.g. one window
			// left out, ×0.71, or the comparison counted twice) moves the endpoints by ≥ 0.57 of them.
			const se = (metric.high! - metric.low!) / (2 * 1.959964);
			expect(Math.abs(metric.low! - other.low!)).toBeLessThan(0.5 * se);
			expect(Math.abs(metric.high! - other.high!)).toBeLessThan(0.5 * se);
		}
	}, 30_000);

	it('answers 200 000 respondents per window with the normal approximation', () => {
		const result = bootstrapImpact(CODES, packAnswers(respondents(51, 200_000, 3.0), 9), packAnswers(respondents(52, 200_000, 3.1), 9), { seed: 1, resamples: 400 });
		expect(200_000).toBeGreaterThanOrEqual(NORMAL_APPROXIMATION_FROM);
		expect(result.method).toBe('normal-approximation');
		const ikm = result.metrics[0]!;
		// IKM ≈ 25 × mean answer: a shift of 0.1 in the mood is ≈ 2.5 points, measured to about ±0.1 at this size.
		expect(ikm.difference!).toBeGreaterThan(2);
		expect(ikm.high! - ikm.low!).toBeGreaterThan(0.05);
		expect(ikm.high! - ikm.low!).toBeLessThan(0.5);
		expect(isSignificant(ikm)).toBe(true);
	});

	it.each([
		[0.975, 1.959963985],
		[0.5, 0],
		[0.995, 2.575829304],
		[0.01, -2.326347874]
	])('normalQuantile(%d) = %d', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 8));
});

/** The bootstrap as it was before pattern tallies: every draw listed, every listed row tallied (the reference). */
function rowByRowBootstrap(before: AnswerSample, after: AnswerSample, options: { seed: number; resamples: number }, comparison?: { before: AnswerSample; after: AnswerSample }) {
	const k = CODES.length;
	const groups = comparison ? [before, after, comparison.before, comparison.after] : [before, after];
	const statsOf = (group: AnswerSample, pick: Uint32Array | null) => {
		const sums = new Float64Array(k);
		const counts = new Float64Array(k);
		for (let i = 0; i < (pick ? pick.length : group.n); i++) {
			const base = (pick ? pick[i]! : i) * k;
			for (let u = 0; u < k; u++) {
				const value = group.values[base + u]!;
				if (value === 0) continue;
				sums[u] = sums[u]! + value;
				counts[u] = counts[u]! + 1;
			}
		}
		const nrr = Array.from(sums, (sum, u) => (counts[u]! > 0 ? sum / counts[u]! : NaN));
		return [(nrr.reduce((a, b) => a + b, 0) / k) * 25, ...nrr];
	};
	const change = (stats: number[][], m: number) => stats[1]![m]! - stats[0]![m]! - (comparison ? stats[3]![m]! - stats[2]![m]! : 0);
	const point = groups.map((group) => statsOf(group, null));
	const rng = xoroshiro128plus(options.seed);
	const replicates: number[][] = Array.from({ length: k + 1 }, () => []);
	for (let b = 0; b < options.resamples; b++) {
		const stats = groups.map((group) => statsOf(group, Uint32Array.from({ length: group.n }, () => Math.floor(((rng.next() >>> 0) / 4294967296) * group.n))));
		if (Number.isNaN(change(stats, 0))) continue;
		for (let m = 0; m <= k; m++) replicates[m]!.push(change(stats, m));
	}
	const percentile = (sorted: Float64Array, p: number) => {
		const position = (sorted.length - 1) * p;
		const lower = Math.floor(position);
		const upper = Math.min(lower + 1, sorted.length - 1);
		return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
	};
	const finite = (value: number) => (Number.isFinite(value) ? value : null);
	return {
		method: 'bootstrap-percentile',
		resamples: options.resamples,
		usableResamples: replicates[0]!.length,
		seed: options.seed,
		level: 0.95,
		nBefore: before.n,
		nAfter: after.n,
		nComparisonBefore: comparison?.before.n ?? null,
		nComparisonAfter: comparison?.after.n ?? null,
		metrics: ['IKM', ...CODES].map((metric, m) => {
			const sorted = Float64Array.from(replicates[m]!).sort();
			return {
				metric,
				before: finite(point[0]![m]!),
				after: finite(point[1]![m]!),
				difference: finite(change(point, m)),
				low: percentile(sorted, (1 - 0.95) / 2),
				high: percentile(sorted, 1 - (1 - 0.95) / 2),
				comparisonDifference: comparison ? finite(point[3]![m]! - point[2]![m]!) : null
			};
		})
	};
}
