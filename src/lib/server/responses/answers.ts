/**
 * Reading the stored answer arrays of responses by unsur code: an instrument version asks its items in its own
 * positions, so answers are mapped through each IKM instrument's items (the matrix export, the impact bootstrap).
 */
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';

/** For each IKM instrument, the 0-based answer position of each of `codes` (-1 where it does not ask it). */
export async function answerPositions(db: Db, codes: readonly string[]): Promise<Map<number, number[]>> {
	// Published instruments are immutable, so item positions can be read once per export and mapped in JS or SQL.
	const items = await executePrepared<{ instrument_id: number; position: number; code: string }>(
		db,
		sql`select ii.instrument_id, ii.position, ii.code from instrument_items ii join instruments i on i.id = ii.instrument_id and i.feeds_ikm`
	);
	const positions = new Map<number, number[]>();
	for (const item of items) {
		const at = codes.indexOf(item.code);
		if (at < 0) continue;
		const list = positions.get(item.instrument_id) ?? codes.map(() => -1);
		list[at] = item.position - 1;
		positions.set(item.instrument_id, list);
	}
	return positions;
}

/** A stored answer array in the order of `answerPositions`' codes (null where the instrument does not ask one). */
export function answersByCode(stored: readonly (number | null)[], positions: readonly number[] | undefined, count: number): (number | null)[] {
	return Array.from({ length: count }, (_, i) => {
		const at = positions?.[i];
		return at !== undefined && at >= 0 ? (stored[at] ?? null) : null;
	});
}

/** int[] as postgres.js (an array) or PGlite (an array) or a text literal "{1,NULL,3}" returns it. */
export function parseIntArray(value: unknown): (number | null)[] {
	if (Array.isArray(value)) return value.map((v) => (v === null ? null : Number(v)));
	return String(value)
		.replace(/^\{|\}$/g, '')
		.split(',')
		.map((v) => (v === 'NULL' ? null : Number(v)));
}
