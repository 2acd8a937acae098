/**
 * Sample size for an SKM period: Krejcie & Morgan (1970), as PermenPANRB 14/2017 prescribes.
 */

/**
 * Krejcie–Morgan target S for a population of N service users:
 * S = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P)) with X² = 3.841, P = 0.5, d = 0.05, rounded to the nearest integer.
 * With those constants S = 3841·N / (10·N + 3831) exactly, so it is computed in integers (no rounding drift).
 */
export function krejcieMorganTarget(population: number): number {
	if (!Number.isSafeInteger(population) || population < 1) {
		throw new RangeError(`population must be a whole number of at least 1 (got ${population})`);
	}
	const num = 3841n * BigInt(population);
	const den = 10n * BigInt(population) + 3831n;
	return Number((2n * num + den) / (2n * den)); // round half up
}

/** Whether n respondents meet the Krejcie–Morgan target for the population. */
export function isSampleAdequate(respondents: number, population: number): boolean {
	return respondents >= krejcieMorganTarget(population);
}

/** The Krejcie–Morgan target never exceeds 384 (N → ∞: 3841/10 rounded), so n ≥ 384 is enough for any population. */
export const KREJCIE_MORGAN_MAX = krejcieMorganTarget(Number.MAX_SAFE_INTEGER);

export interface SampleAdequacy {
	/** Citizens served in the period, when recorded (service volumes); null = unknown. */
	population: number | null;
	/**
	 * The months the population covers ('YYYY-MM', inclusive) when only part of the period has ended, and the
	 * respondents of those months, which the target is then compared with; null when it covers the whole period.
	 */
	partial?: { from: string; through: string; respondents: number } | null;
	/** Krejcie–Morgan target for that population; null when the population is unknown. */
	target: number | null;
	/** Whether n meets the target; with an unknown population only n ≥ 384 (the target's upper bound) is adequate. */
	adequate: boolean | null;
}

/** n against the Krejcie–Morgan target S(N); with N unknown (null or below 1) n ≥ 384 is adequate, else unknown (null). */
export function sampleAdequacy(respondents: number, population: number | null): SampleAdequacy {
	if (population === null || population < 1) {
		return { population: null, target: null, adequate: respondents >= KREJCIE_MORGAN_MAX ? true : null };
	}
	const target = krejcieMorganTarget(population);
	return { population, target, adequate: respondents >= target };
}
