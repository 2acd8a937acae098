/**
 * Exact rational arithmetic for the published figures.
 *
 * A figure like IKM = 25/9 × Σ(sum_i / n_i) is a ratio of integers; computing it in floating point and then
 * rounding can put 88.305 on the wrong side of 88.31 (and flip the mutu letter). Every rounded figure Puas
 * publishes is rounded from the exact ratio instead.
 */

/** A non-negative fraction num/den with den > 0. */
export interface Ratio {
	num: bigint;
	den: bigint;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Greatest common divisor of two safe non-negative integers (plain numbers: far cheaper than BigInt). */
function gcdOfNumbers(a: number, b: number): number {
	while (b !== 0) [a, b] = [b, a % b];
	return a;
}

function gcd(a: bigint, b: bigint): bigint {
	if (a < 0n) a = -a;
	if (b < 0n) b = -b;
	// Once both fit in a double's integers, the rest of Euclid's steps run on numbers.
	while (b !== 0n && (a > SAFE || b > SAFE)) [a, b] = [b, a % b];
	return b === 0n ? a : BigInt(gcdOfNumbers(Number(a), Number(b)));
}

/** a/b + c/d, reduced. */
export function addRatio(a: Ratio, b: Ratio): Ratio {
	const num = a.num * b.den + b.num * a.den;
	const den = a.den * b.den;
	const g = gcd(num, den) || 1n;
	return { num: num / g, den: den / g };
}

/**
 * Σ numᵢ/denᵢ of non-negative integer fractions (numbers), reduced: over the least common denominator with one
 * reduction at the end, the same ratio as adding them one by one with addRatio.
 */
export function sumOfRatios(terms: readonly { num: number; den: number }[]): Ratio {
	let den = 1n;
	for (const term of terms) {
		const d = BigInt(term.den);
		den = (den / gcd(den, d)) * d; // lcm: a Σ of k NRRs keeps its denominator near the largest n, not their product
	}
	let num = 0n;
	for (const term of terms) num += BigInt(term.num) * (den / BigInt(term.den));
	const g = gcd(num, den) || 1n;
	return { num: num / g, den: den / g };
}

/** The ratio times an integer-over-integer factor p/q, reduced. */
export function scaleRatio(r: Ratio, p: bigint, q: bigint = 1n): Ratio {
	const num = r.num * p;
	const den = r.den * q;
	const g = gcd(num, den) || 1n;
	return { num: num / g, den: den / g };
}

/** Round a non-negative ratio half up to `decimals` places; returns the value as a number (e.g. 88.31). */
export function roundHalfUp(r: Ratio, decimals = 2): number {
	const scale = 10n ** BigInt(decimals);
	// floor(x·scale + 1/2) = floor((2·num·scale + den) / (2·den)) for x ≥ 0
	const units = (2n * r.num * scale + r.den) / (2n * r.den);
	return Number(units) / Number(scale);
}

/** The ratio as the nearest double, for charts and for `ikmExact`. */
export function toNumber(r: Ratio): number {
	return Number(r.num) / Number(r.den);
}
