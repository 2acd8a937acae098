/**
 * Zona Integritas perception indices on the 1–4 scale (PermenPANRB 90/2021, skm.md §2): IPKP from the nine SKM
 * unsur, IPAK from its five items (4 = it never happens). Each is the mean of the items' NRR with the exact weight
 * 1/k, computed from Σ and n per item like the IKM (never from rounded NRRs). Pure functions, no I/O.
 */
import { addRatio, roundHalfUp, scaleRatio, toNumber, type Ratio } from './exact';
import type { UnsurTally } from './skm';

export interface PerceptionIndex {
	/** Σ NRR_i × 1/k on 1–4; null when an item has no answer (the index is defined over all k items). */
	exact: number | null;
	/** Rounded half up to two decimals, as reported. */
	value: number | null;
	/** Respondents: the most answers any item received. */
	n: number;
}

/** Mean NRR over the items with weight 1/k (exact), e.g. IPKP over U1..U9 or IPAK over IPAK1..IPAK5. */
export function perceptionIndex(tallies: readonly UnsurTally[]): PerceptionIndex {
	if (tallies.length === 0) throw new RangeError('at least one item is needed');
	for (const t of tallies) {
		if (!Number.isInteger(t.n) || t.n < 0 || !Number.isInteger(t.sum) || t.sum < t.n || t.sum > 4 * t.n) {
			throw new RangeError(`${t.code}: sum ${t.sum} is impossible for ${t.n} answers on a 1–4 scale`);
		}
	}
	const n = Math.max(...tallies.map((t) => t.n));
	if (tallies.some((t) => t.n === 0)) return { exact: null, value: null, n };
	const sum = tallies.reduce<Ratio>((acc, t) => addRatio(acc, { num: BigInt(t.sum), den: BigInt(t.n) }), { num: 0n, den: 1n });
	const index = scaleRatio(sum, 1n, BigInt(tallies.length)); // Σ NRR_i × 1/k, exact (PermenPANRB 90/2021 on 1–4)
	return { exact: toNumber(index), value: roundHalfUp(index), n };
}
