/**
 * The SKM engine: PermenPANRB No. 14 Tahun 2017 (Survei Kepuasan Masyarakat).
 *
 * Input is pooled per-unsur tallies (Σ of answered values and how many answered), so the same code serves a
 * raw matrix, a day's rollup or a year's. Every published figure is rounded half up from the exact ratio.
 */
import { roundHalfUp, scaleRatio, sumOfRatios, toNumber, type Ratio } from './exact';

/** The lowest and highest value of an SKM answer (the 2017 scale is 1–4, never 1–5). */
export const MIN_VALUE = 1;
export const MAX_VALUE = 4;

/** One unsur's answers: Σ of the answered values and the number who answered it (a skip is not a zero). */
export interface UnsurTally {
	code: string;
	sum: number;
	n: number;
}

export type Mutu = 'A' | 'B' | 'C' | 'D';

/** Kinerja unit pelayanan, as the regulation's interval table words it. */
export type Kinerja = 'Sangat baik' | 'Baik' | 'Kurang baik' | 'Tidak baik';

interface UnsurResult extends UnsurTally {
	/** NRR = Σ / n, unrounded; null when nobody answered. */
	nrr: number | null;
	/** NRR tertimbang = NRR × 1/k (k = number of unsur), unrounded. */
	nrrWeighted: number | null;
	/** Per-unsur index = NRR × 25, unrounded. */
	indexExact: number | null;
	/** Per-unsur index rounded half up to 2 decimals. */
	index: number | null;
	mutu: Mutu | null;
}

export interface IkmResult {
	unsur: UnsurResult[];
	/** SKM = Σ NRR_i × 1/k, on 1–4, unrounded; null unless every unsur has at least one answer. */
	skmExact: number | null;
	/** IKM = SKM × 25 on 25–100, unrounded. */
	ikmExact: number | null;
	/** IKM rounded half up to 2 decimals: the figure that is published and classified. */
	ikm: number | null;
	mutu: Mutu | null;
	kinerja: Kinerja | null;
}

/** The 2017 interval table on the IKM rounded to 2 decimals, as hundredths: ≥ 88.31 A, ≥ 76.61 B, ≥ 65.00 C, else D. */
const INTERVALS: readonly { minHundredths: number; mutu: Mutu; kinerja: Kinerja }[] = [
	{ minHundredths: 8831, mutu: 'A', kinerja: 'Sangat baik' },
	{ minHundredths: 7661, mutu: 'B', kinerja: 'Baik' },
	{ minHundredths: 6500, mutu: 'C', kinerja: 'Kurang baik' },
	{ minHundredths: 0, mutu: 'D', kinerja: 'Tidak baik' }
];

function interval(rounded: number) {
	const hundredths = Math.round(rounded * 100);
	return INTERVALS.find((row) => hundredths >= row.minHundredths) ?? INTERVALS[INTERVALS.length - 1]!;
}

/** Mutu letter for an IKM (or per-unsur index) already rounded to 2 decimals (PermenPANRB 14/2017 table). */
export function mutuOf(rounded: number): Mutu {
	return interval(rounded).mutu;
}

/** Kinerja label for an IKM already rounded to 2 decimals (PermenPANRB 14/2017 table). */
export function kinerjaOf(rounded: number): Kinerja {
	return interval(rounded).kinerja;
}

/** The table row an IKM falls in, for the calculation trail: its bounds and labels. */
export function intervalRowOf(rounded: number): { min: number; max: number; mutu: Mutu; kinerja: Kinerja } {
	const row = interval(rounded);
	const index = INTERVALS.indexOf(row);
	const max = index === 0 ? 100 : INTERVALS[index - 1]!.minHundredths / 100 - 0.01;
	return { min: Math.max(row.minHundredths / 100, 25), max: Number(max.toFixed(2)), mutu: row.mutu, kinerja: row.kinerja };
}

function checkTally(t: UnsurTally) {
	if (!Number.isSafeInteger(t.sum) || !Number.isSafeInteger(t.n) || t.n < 0 || t.sum < 0) {
		throw new RangeError(`${t.code}: sum and n must be non-negative integers (got sum ${t.sum}, n ${t.n})`);
	}
	if (t.sum < t.n * MIN_VALUE || t.sum > t.n * MAX_VALUE) {
		throw new RangeError(`${t.code}: sum ${t.sum} is impossible for ${t.n} answers on a ${MIN_VALUE}–${MAX_VALUE} scale`);
	}
}

/** Whether a tally's figures stay within a double's exact integers (5 000 × Σ + n for the rounding, n × k). */
function safeForNumbers(t: UnsurTally, k: number): boolean {
	return 5000 * t.sum + t.n <= Number.MAX_SAFE_INTEGER && t.n * k <= Number.MAX_SAFE_INTEGER;
}

/** num/den (non-negative integers) rounded half up to 2 decimals: floor((200·num + den) / (2·den)) / 100, in integers. */
function halfUpHundredths(num: number, den: number): number {
	const a = 200 * num + den;
	const b = 2 * den;
	let q = Math.floor(a / b);
	// The division of doubles can land one off near an integer; step to the true floor.
	if (q * b > a) q -= 1;
	else if ((q + 1) * b <= a) q += 1;
	return q / 100;
}

/** IKM from per-unsur tallies: NRR_i = Σ_i / n_i; SKM = Σ NRR_i × 1/k (exact, not 0.11); IKM = SKM × 25. */
export function computeIkm(tallies: readonly UnsurTally[]): IkmResult {
	if (tallies.length === 0) throw new RangeError('at least one unsur is needed');
	tallies.forEach(checkTally);
	const k = BigInt(tallies.length);

	// Each result is built field by field: spreading the tally (`...t`) cost 40 µs of the 60 per call on a dashboard.
	const unsur = tallies.map((t): UnsurResult => {
		if (t.n === 0) return { code: t.code, sum: t.sum, n: t.n, nrr: null, nrrWeighted: null, indexExact: null, index: null, mutu: null };
		if (safeForNumbers(t, tallies.length)) {
			// Each of these is one division of two integers a double holds exactly, so it is the correctly rounded value
			// of the exact ratio, bit for bit what the BigInt path below gives; the rounding is done in integers.
			const rounded = halfUpHundredths(25 * t.sum, t.n); // per-unsur index = NRR × 25 (PermenPANRB 14/2017)
			return { code: t.code, sum: t.sum, n: t.n, nrr: t.sum / t.n, nrrWeighted: t.sum / (t.n * tallies.length), indexExact: (25 * t.sum) / t.n, index: rounded, mutu: mutuOf(rounded) };
		}
		const nrr: Ratio = { num: BigInt(t.sum), den: BigInt(t.n) };
		const index = scaleRatio(nrr, 25n); // per-unsur index = NRR × 25 (PermenPANRB 14/2017)
		const rounded = roundHalfUp(index);
		return {
			code: t.code,
			sum: t.sum,
			n: t.n,
			nrr: toNumber(nrr),
			nrrWeighted: toNumber(scaleRatio(nrr, 1n, k)),
			indexExact: toNumber(index),
			index: rounded,
			mutu: mutuOf(rounded)
		};
	});

	// A missing unsur cannot be weighted in: the index is defined over all k unsur.
	if (tallies.some((t) => t.n === 0)) {
		return { unsur, skmExact: null, ikmExact: null, ikm: null, mutu: null, kinerja: null };
	}

	// SKM = Σ (NRR_i × 1/k) with the exact weight 1/k (1/9 for SKM), kept as an exact ratio.
	const sumNrr = sumOfRatios(tallies.map((t) => ({ num: t.sum, den: t.n })));
	const skm = scaleRatio(sumNrr, 1n, k);
	const ikmRatio = scaleRatio(skm, 25n); // IKM = SKM × 25, rounded only at the end
	const ikm = roundHalfUp(ikmRatio);
	return {
		unsur,
		skmExact: toNumber(skm),
		ikmExact: toNumber(ikmRatio),
		ikm,
		mutu: mutuOf(ikm),
		kinerja: kinerjaOf(ikm)
	};
}

/** Pool several groups' tallies into one (Σ of sums and of counts per code): pooled answers, never a mean of means. */
export function poolTallies(groups: readonly (readonly UnsurTally[])[], codes: readonly string[]): UnsurTally[] {
	const byCode = new Map(codes.map((code) => [code, { code, sum: 0, n: 0 }]));
	for (const group of groups) {
		for (const t of group) {
			const into = byCode.get(t.code);
			if (!into) throw new RangeError(`unknown unsur ${t.code}`);
			into.sum += t.sum;
			into.n += t.n;
		}
	}
	return [...byCode.values()];
}

/** Tallies from raw answers: row[i] is the value for codes[i], or null when skipped. */
export function tallyAnswers(rows: readonly (readonly (number | null)[])[], codes: readonly string[]): UnsurTally[] {
	const tallies = codes.map((code) => ({ code, sum: 0, n: 0 }));
	for (const row of rows) {
		row.forEach((value, i) => {
			if (value === null) return; // skipped: not counted in n (a missing answer is not a zero)
			const t = tallies[i];
			if (!t) throw new RangeError(`answer ${i + 1} has no unsur (only ${codes.length})`);
			t.sum += value;
			t.n += 1;
		});
	}
	return tallies;
}

/** Every step from the tallies to the published IKM, for an evaluator to check by hand. */
export interface CalculationTrail {
	/** Number of unsur k (the weight is exactly 1/k). */
	k: number;
	unsur: { code: string; n: number; sum: number; nrr: number | null; weighted: number | null }[];
	/** SKM = Σ (NRR_i × 1/k). */
	skm: number | null;
	/** IKM = SKM × 25, unrounded. */
	ikmExact: number | null;
	/** Rounded half up to 2 decimals. */
	ikm: number | null;
	/** The 2017 interval-table row the rounded IKM falls in. */
	row: ReturnType<typeof intervalRowOf> | null;
}

/** The calculation trail of an IKM result (no new arithmetic: the engine's own figures, step by step). */
export function calculationTrail(result: IkmResult): CalculationTrail {
	return {
		k: result.unsur.length,
		unsur: result.unsur.map((u) => ({ code: u.code, n: u.n, sum: u.sum, nrr: u.nrr, weighted: u.nrrWeighted })),
		skm: result.skmExact,
		ikmExact: result.ikmExact,
		ikm: result.ikm,
		row: result.ikm === null ? null : intervalRowOf(result.ikm)
	};
}

/**
 * IKM of tally rows pooled per unsur of `codes` (Σ of sums and of counts per code, over groups, buckets or instrument
 * versions); rows of other codes — the IPAK items of SKM + IPAK counters — are left out.
 */
export function ikmOfTallies(rows: readonly UnsurTally[], codes: readonly string[]): IkmResult {
	return computeIkm(
		codes.map((code) => {
			const mine = rows.filter((r) => r.code === code);
			return { code, sum: mine.reduce((a, r) => a + r.sum, 0), n: mine.reduce((a, r) => a + r.n, 0) };
		})
	);
}

/** The weakest unsur: lowest NRR among those answered (ties: the first in instrument order); null when none is. */
export function weakestUnsur(unsur: readonly { code: string; nrr: number | null }[]): string | null {
	let weakest: { code: string; nrr: number } | null = null;
	for (const u of unsur) if (u.nrr !== null && (weakest === null || u.nrr < weakest.nrr)) weakest = { code: u.code, nrr: u.nrr };
	return weakest?.code ?? null;
}

/** Change of the published IKM: current − previous in points (exact in hundredths); null when either is undefined. */
export function ikmChange(current: number | null, previous: number | null): number | null {
	// Both figures are already rounded to 2 decimals; their difference is exact in hundredths.
	return current !== null && previous !== null ? Math.round((current - previous) * 100) / 100 : null;
}

/** The unweighted mean of several units' published IKMs, with the count of units it averages. */
export interface MeanOfIkms {
	/** Units with a published IKM (units without one are left out). */
	units: number;
	/** Σ IKM / units, unrounded; null when no unit has an IKM. */
	ikmExact: number | null;
	/** Rounded half up to 2 decimals. */
	ikm: number | null;
	mutu: Mutu | null;
	kinerja: Kinerja | null;
}

/**
 * NOT the regulation's formula: the unweighted mean of units' published IKMs (each already rounded to 2 decimals), as
 * a comparison of halls often quotes it. PermenPANRB 14/2017 computes a region's IKM over its respondents' answers
 * (ikmOfTallies on the pooled tallies); this is shown beside that figure, labelled, never instead of it.
 */
export function meanOfPublishedIkms(ikms: readonly (number | null)[]): MeanOfIkms {
	const published = ikms.filter((ikm): ikm is number => ikm !== null);
	if (published.length === 0) return { units: 0, ikmExact: null, ikm: null, mutu: null, kinerja: null };
	// Each IKM is a whole number of hundredths: the mean is exact as Σ hundredths / (100 × units).
	const hundredths = published.reduce((a, ikm) => a + BigInt(Math.round(ikm * 100)), 0n);
	const mean: Ratio = { num: hundredths, den: 100n * BigInt(published.length) };
	const ikm = roundHalfUp(mean);
	return { units: published.length, ikmExact: toNumber(mean), ikm, mutu: mutuOf(ikm), kinerja: kinerjaOf(ikm) };
}
