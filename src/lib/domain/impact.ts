/**
 * Before/after impact of an innovation (skm.md §4: IKM and per-unsur NRR in equal windows before and after the
 * launch, n shown). The interval is a seeded percentile bootstrap over respondents: each resample draws the
 * window's respondents with replacement and recomputes the IKM exactly as PermenPANRB 14/2017 defines it
 * (NRR per unsur over the answers given, mean of the k NRRs with weight 1/k, × 25), so skipped answers are
 * handled as the index handles them, which a t-interval on per-respondent means would not do.
 * Respondents with the same answers are tallied as one pattern with a weight (the draws are the same, so is the
 * result). When every window holds at least NORMAL_APPROXIMATION_FROM respondents, the interval is the normal
 * approximation of that same bootstrap (its delta-method variance, computed exactly from the data), labelled so.
 * Pure functions, no I/O.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Answers of a window's respondents, packed: row r, unsur u at r × k + u; 0 = not answered, else 1–4. */
export interface AnswerSample {
	k: number;
	n: number;
	values: Uint8Array;
}

/** Pack answer rows (one value or null per unsur, in a fixed unsur order) for the bootstrap. */
export function packAnswers(rows: readonly (readonly (number | null)[])[], k: number): AnswerSample {
	const values = new Uint8Array(rows.length * k);
	rows.forEach((row, r) => {
		if (row.length !== k) throw new RangeError(`row ${r + 1} has ${row.length} answers, expected ${k}`);
		row.forEach((value, u) => {
			if (value === null) return;
			if (!Number.isInteger(value) || value < 1 || value > 4) throw new RangeError(`row ${r + 1}: answer ${value} is not 1–4`);
			values[r * k + u] = value;
		});
	});
	return { k, n: rows.length, values };
}

/** Per-unsur sums and counts of the respondents listed in `pick` (all when null). */
function tally(sample: AnswerSample, pick: Uint32Array | null, sums: Float64Array, counts: Float64Array): void {
	sums.fill(0);
	counts.fill(0);
	const { k, values } = sample;
	const rows = pick ? pick.length : sample.n;
	for (let i = 0; i < rows; i++) {
		const base = (pick ? pick[i]! : i) * k;
		for (let u = 0; u < k; u++) {
			const value = values[base + u]!;
			if (value !== 0) {
				sums[u] = sums[u]! + value;
				counts[u] = counts[u]! + 1;
			}
		}
	}
}

/** A sample's distinct answer rows: `patternOf[r]` is respondent r's row in `values` (d rows of k). */
interface Patterns {
	d: number;
	values: Uint8Array;
	patternOf: Uint32Array;
}

/** Group identical answer rows (answers are 0–4, so a row is a base-5 number; exact up to k = 22). */
function patternsOf(sample: AnswerSample): Patterns {
	const { k, n, values } = sample;
	const index = new Map<number, number>();
	const patternOf = new Uint32Array(n);
	const rows: number[] = [];
	for (let r = 0; r < n; r++) {
		let key = 0;
		for (let u = 0; u < k; u++) key = key * 5 + values[r * k + u]!;
		let p = index.get(key);
		if (p === undefined) {
			p = index.size;
			index.set(key, p);
			rows.push(r);
		}
		patternOf[r] = p;
	}
	const distinct = new Uint8Array(rows.length * k);
	rows.forEach((r, p) => distinct.set(values.subarray(r * k, r * k + k), p * k));
	return { d: rows.length, values: distinct, patternOf };
}

/** Per-unsur sums and counts of patterns drawn `weights[p]` times each (the same tally as listing every draw). */
function weightedTally(patterns: Patterns, k: number, weights: Uint32Array, sums: Float64Array, counts: Float64Array): void {
	sums.fill(0);
	counts.fill(0);
	const { d, values } = patterns;
	for (let p = 0; p < d; p++) {
		const w = weights[p]!;
		if (w === 0) continue;
		const base = p * k;
		for (let u = 0; u < k; u++) {
			const value = values[base + u]!;
			if (value !== 0) {
				sums[u] = sums[u]! + w * value;
				counts[u] = counts[u]! + w;
			}
		}
	}
}

/** IKM (×25) and each unsur's NRR (1–4) from sums and counts; NaN where an unsur has no answer. */
function statistics(sums: Float64Array, counts: Float64Array, out: Float64Array): void {
	const k = sums.length;
	let total = 0;
	for (let u = 0; u < k; u++) {
		const nrr = counts[u]! > 0 ? sums[u]! / counts[u]! : NaN;
		out[u + 1] = nrr;
		total += nrr;
	}
	out[0] = (total / k) * 25; // IKM = Σ NRR_i × 1/k × 25 (PermenPANRB 14/2017); NaN if an unsur is missing
}

export interface ImpactOptions {
	/** Bootstrap resamples (default 2 000). */
	resamples?: number;
	/** Seed of the resampling: the same data and seed give the same interval. */
	seed: number;
	/** Confidence level (default 0.95). */
	level?: number;
	/** Smallest window (respondents) from which the normal approximation replaces the resampling (default NORMAL_APPROXIMATION_FROM). */
	normalFrom?: number;
}

/**
 * From this many respondents in every window the bootstrap's normal approximation is used: there the percentile
 * intervals of 400 resamples and the normal ones agree within the resampling noise (impact.test.ts), and drawing
 * 400 × 2 × 200 000 respondents would take over 10 s.
 */
export const NORMAL_APPROXIMATION_FROM = 50_000;

export interface MetricImpact {
	/** 'IKM' or an unsur code. */
	metric: string;
	before: number | null;
	after: number | null;
	/** after − before; with a comparison group, (after − before) − (comparison after − comparison before). */
	difference: number | null;
	low: number | null;
	high: number | null;
	/** The comparison group's own change, when one was given. */
	comparisonDifference: number | null;
}

export interface ImpactResult {
	/** normal-approximation: difference ± z × the delta-method standard error (no resampling; resamples are 0). */
	method: 'bootstrap-percentile' | 'normal-approximation';
	resamples: number;
	/** Resamples in which every unsur had an answer in every group (the interval is over these); 0 for the normal approximation. */
	usableResamples: number;
	seed: number;
	level: number;
	nBefore: number;
	nAfter: number;
	nComparisonBefore: number | null;
	nComparisonAfter: number | null;
	metrics: MetricImpact[];
}

/** Percentile of sorted values, linear between neighbours (type 7). */
function percentile(sorted: Float64Array, p: number): number {
	const position = (sorted.length - 1) * p;
	const lower = Math.floor(position);
	const upper = Math.min(lower + 1, sorted.length - 1);
	return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/**
 * IKM and per-unsur NRR before and after, their difference and a bootstrap interval; with `comparison` (scopes
 * that did not launch the innovation, same windows) the difference in differences and its interval.
 */
export function bootstrapImpact(
	codes: readonly string[],
	before: AnswerSample,
	after: AnswerSample,
	options: ImpactOptions,
	comparison?: { before: AnswerSample; after: AnswerSample }
): ImpactResult {
	const k = codes.length;
	const groups = comparison ? [before, after, comparison.before, comparison.after] : [before, after];
	for (const group of groups) if (group.k !== k) throw new RangeError(`a sample has ${group.k} unsur, expected ${k}`);
	const resamples = options.resamples ?? 2000;
	const level = options.level ?? 0.95;
	if (!Number.isInteger(resamples) || resamples < 100) throw new RangeError('at least 100 resamples are needed');
	if (!(level > 0 && level < 1)) throw new RangeError('the level must lie between 0 and 1');

	const sums = new Float64Array(k);
	const counts = new Float64Array(k);
	const point = groups.map((group) => {
		const out = new Float64Array(k + 1);
		tally(group, null, sums, counts);
		statistics(sums, counts, out);
		return out;
	});
	const change = (stats: Float64Array[], m: number) => {
		const own = stats[1]![m]! - stats[0]![m]!;
		return comparison ? own - (stats[3]![m]! - stats[2]![m]!) : own;
	};

	const finite = (value: number) => (Number.isFinite(value) ? value : null);
	const normalFrom = options.normalFrom ?? NORMAL_APPROXIMATION_FROM;
	if (groups.every((group) => group.n >= normalFrom)) {
		const z = normalQuantile(1 - (1 - level) / 2);
		const variances = groups.map((group, g) => deltaVariances(group, point[g]!));
		const metrics = ['IKM', ...codes].map((metric, m): MetricImpact => {
			const difference = finite(change(point, m));
			const se = Math.sqrt(variances.reduce((total, v) => total + v[m]!, 0));
			const ok = difference !== null && Number.isFinite(se);
			return {
				metric,
				before: finite(point[0]![m]!),
				after: finite(point[1]![m]!),
				difference,
				low: ok ? difference - z * se : null,
				high: ok ? difference + z * se : null,
				comparisonDifference: comparison ? finite(point[3]![m]! - point[2]![m]!) : null
			};
		});
		return { method: 'normal-approximation', resamples: 0, usableResamples: 0, ...summary(metrics) };
	}

	const rng = xoroshiro128plus(options.seed);
	const replicates = Array.from({ length: k + 1 }, () => new Float64Array(resamples));
	// Tally by pattern where that saves work (identical rows are common); both give the same sums from the same draws.
	const grouped = groups.map((group) => {
		const patterns = patternsOf(group);
		return patterns.d * 2 <= group.n ? { patterns, weights: new Uint32Array(patterns.d) } : null;
	});
	const picks = groups.map((group, g) => (grouped[g] ? null : new Uint32Array(group.n)));
	const stats = groups.map(() => new Float64Array(k + 1));
	let usable = 0;
	const canResample = groups.every((group) => group.n > 0);
	for (let b = 0; canResample && b < resamples; b++) {
		groups.forEach((group, g) => {
			const n = group.n;
			// next() is uniform over 32 bits; scaling to n (≪ 2³²) keeps the draw uniform to within n / 2³².
			const byPattern = grouped[g];
			if (byPattern) {
				const { patterns, weights } = byPattern;
				const patternOf = patterns.patternOf;
				weights.fill(0);
				for (let i = 0; i < n; i++) weights[patternOf[Math.floor(((rng.next() >>> 0) / 4294967296) * n)]!]! += 1;
				weightedTally(patterns, k, weights, sums, counts);
			} else {
				const pick = picks[g]!;
				for (let i = 0; i < n; i++) pick[i] = Math.floor(((rng.next() >>> 0) / 4294967296) * n);
				tally(group, pick, sums, counts);
			}
			statistics(sums, counts, stats[g]!);
		});
		const ikmChange = change(stats, 0);
		if (Number.isNaN(ikmChange)) continue;
		for (let m = 0; m <= k; m++) replicates[m]![usable] = change(stats, m);
		usable += 1;
	}

	const metrics = ['IKM', ...codes].map((metric, m): MetricImpact => {
		const difference = finite(change(point, m));
		let low: number | null = null;
		let high: number | null = null;
		if (difference !== null && usable >= resamples / 2) {
			const sorted = replicates[m]!.slice(0, usable).sort();
			low = percentile(sorted, (1 - level) / 2);
			high = percentile(sorted, 1 - (1 - level) / 2);
		}
		return {
			metric,
			before: finite(point[0]![m]!),
			after: finite(point[1]![m]!),
			difference,
			low,
			high,
			comparisonDifference: comparison ? finite(point[3]![m]! - point[2]![m]!) : null
		};
	});
	return { method: 'bootstrap-percentile', resamples, usableResamples: usable, ...summary(metrics) };

	function summary(metrics: MetricImpact[]) {
		return {
			seed: options.seed,
			level,
			nBefore: before.n,
			nAfter: after.n,
			nComparisonBefore: comparison?.before.n ?? null,
			nComparisonAfter: comparison?.after.n ?? null,
			metrics
		};
	}
}

/**
 * Delta-method variances of one window's IKM and NRRs (index 0 = IKM, then each unsur): Σᵢ ψᵢ² / n², with
 * ψᵢᵤ = (sᵢᵤ − NRRᵤ·cᵢᵤ) / (Cᵤ / n) respondent i's influence on NRRᵤ (s its answer or 0, c 1 if answered) and
 * 25/k · Σᵤ ψᵢᵤ its influence on the IKM. This is the variance the bootstrap of that window converges to.
 */
function deltaVariances(sample: AnswerSample, stats: Float64Array): Float64Array {
	const { k, n, values } = sample;
	const counts = new Float64Array(k);
	for (let i = 0; i < n * k; i++) if (values[i] !== 0) counts[i % k] = counts[i % k]! + 1;
	const squares = new Float64Array(k + 1);
	const psi = new Float64Array(k);
	for (let r = 0; r < n; r++) {
		let ikm = 0;
		for (let u = 0; u < k; u++) {
			const value = values[r * k + u]!;
			const influence = value === 0 ? 0 : ((value - stats[u + 1]!) * n) / counts[u]!;
			psi[u] = influence;
			ikm += influence;
		}
		ikm *= 25 / k;
		squares[0] = squares[0]! + ikm * ikm;
		for (let u = 0; u < k; u++) squares[u + 1] = squares[u + 1]! + psi[u]! * psi[u]!;
	}
	return squares.map((square) => square / (n * n));
}

/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error < 1.2 × 10⁻⁹). */
export function normalQuantile(p: number): number {
	if (!(p > 0 && p < 1)) throw new RangeError('p must lie between 0 and 1');
	const a = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
	const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
	const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
	const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
	const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
	if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
	if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
	const q = p - 0.5;
	const r = q * q;
	return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Whether an interval excludes zero: the change is distinguishable from none at the interval's level. */
export function isSignificant(metric: MetricImpact): boolean {
	return metric.low !== null && metric.high !== null && (metric.low > 0 || metric.high < 0);
}
