/**
 * CSAT of quick-mode ratings (one overall 4-face question): the share of satisfied answers. It is reported beside
 * the IKM, never mixed into it — the IKM needs the nine unsur of PermenPANRB 14/2017.
 */
import { roundHalfUp } from './exact';

export interface CsatResult {
	n: number;
	satisfied: number;
	/** Share of 3 ("Puas") and 4 ("Sangat puas") answers in percent, rounded half up to 2 decimals; null without answers. */
	csat: number | null;
}

/** CSAT = (count of 3 + count of 4) / all answers × 100, from the counts of each value 1..4. */
export function computeCsat(counts: { 1: number; 2: number; 3: number; 4: number }): CsatResult {
	const n = counts[1] + counts[2] + counts[3] + counts[4];
	const satisfied = counts[3] + counts[4];
	if (n === 0) return { n, satisfied, csat: null };
	return { n, satisfied, csat: roundHalfUp({ num: BigInt(satisfied) * 100n, den: BigInt(n) }) };
}
