/**
 * Before/after impact of an innovation (skm.md §4: IKM and per-unsur NRR in equal windows before and after the
 * launch, n shown). The interval is a seeded percentile bootstrap over respondents: each resample draws the
 * window's respondents with replacement and recomputes the IKM exactly as PermenPANRB 14/2017 defines it
 * (NRR per unsur over the answers given, mean of the k NRRs with weight 1/k, × 25), so skipped answers are
 * handled as the index handles them, which a t-interval on per-respondent means would not do.
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
}

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
	method: 'bootstrap-percentile';
	resamples: number;
	/** Resamples in which every unsur had an answer in every group (the interval is over these). */
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

	const rng = xoroshiro128plus(options.seed);
	const replicates = Array.from({ length: k + 1 }, () => new Float64Array(resamples));
	const picks = groups.map((group) => new Uint32Array(group.n));
	const stats = groups.map(() => new Float64Array(k + 1));
	let usable = 0;
	const canResample = groups.every((group) => group.n > 0);
	for (let b = 0; canResample && b < resamples; b++) {
		groups.forEach((group, g) => {
			const pick = picks[g]!;
			// next() is uniform over 32 bits; scaling to n (≪ 2³²) keeps the draw uniform to within n / 2³².
			for (let i = 0; i < group.n; i++) pick[i] = Math.floor(((rng.next() >>> 0) / 4294967296) * group.n);
			tally(group, pick, sums, counts);
			statistics(sums, counts, stats[g]!);
		});
		const ikmChange = change(stats, 0);
		if (Number.isNaN(ikmChange)) continue;
		for (let m = 0; m <= k; m++) replicates[m]![usable] = change(stats, m);
		usable += 1;
	}

	const finite = (value: number) => (Number.isFinite(value) ? value : null);
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
	return {
		method: 'bootstrap-percentile',
		resamples,
		usableResamples: usable,
		seed: options.seed,
		level,
		nBefore: before.n,
		nAfter: after.n,
		nComparisonBefore: comparison?.before.n ?? null,
		nComparisonAfter: comparison?.after.n ?? null,
		metrics
	};
}

/** Whether an interval excludes zero: the change is distinguishable from none at the interval's level. */
export function isSignificant(metric: MetricImpact): boolean {
	return metric.low !== null && metric.high !== null && (metric.low > 0 || metric.high < 0);
}
