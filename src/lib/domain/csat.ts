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

/** A low-score reason's place in the ranking: how many low scores chose it, and their share. */
export interface ReasonShare {
	code: string;
	/** The SKM unsur the reason points at (U1..U9). */
	unsur: string;
	count: number;
	/** count ÷ low scores × 100, rounded half up to 2 decimals; null without low scores. A response may choose several. */
	share: number | null;
}

/** The quick rating's low scores: the answers 1 ("Tidak puas") and 2 ("Kurang puas"), after which reasons are asked. */
export function lowScores(counts: { 1: number; 2: number }): number {
	return counts[1] + counts[2];
}

/**
 * The reasons ranked by how many low scores chose them (most first, ties in the instrument's order), every defined
 * reason listed (count 0 when none chose it); a chosen code no longer defined is ranked too, under its code, after
 * the defined ones of the same count.
 */
export function rankReasons(
	low: number,
	chosen: ReadonlyMap<string, number>,
	defined: readonly { code: string; unsur: string }[]
): ReasonShare[] {
	if (!Number.isInteger(low) || low < 0) throw new RangeError('low scores must be an integer ≥ 0');
	const known = new Set(defined.map((reason) => reason.code));
	const rows = [
		...defined.map((reason) => ({ code: reason.code, unsur: reason.unsur, count: chosen.get(reason.code) ?? 0 })),
		...[...chosen].filter(([code]) => !known.has(code)).map(([code, count]) => ({ code, unsur: '', count }))
	];
	const order = new Map(rows.map((row, i) => [row.code, i]));
	return rows
		.sort((a, b) => b.count - a.count || order.get(a.code)! - order.get(b.code)!)
		.map((row) => ({ ...row, share: low === 0 ? null : roundHalfUp({ num: BigInt(row.count) * 100n, den: BigInt(low) }) }));
}
