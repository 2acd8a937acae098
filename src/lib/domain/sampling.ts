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
