/**
 * The QR channel: a citizen scans the poster at a counter and rates on their own phone, without logging in.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { malls } from '../db/schema';
import { findCounterByCode, type CounterRef } from './pairing';

/** A counter from a QR path: "DKP-01" (unique code) or "mall-slug/DKP-01". */
export async function counterFromQrPath(db: Db, path: string): Promise<CounterRef | null> {
	const parts = path.split('/').filter(Boolean);
	if (parts.length === 0 || parts.length > 2) return null;
	let mallId: number | undefined;
	if (parts.length === 2) {
		const [mall] = await db.select({ id: malls.id }).from(malls).where(eq(malls.slug, parts[0]!));
		if (!mall) return null;
		mallId = mall.id;
	}
	const found = await findCounterByCode(db, parts.at(-1)!, mallId);
	return 'counter' in found ? found.counter : null;
}

/** The path a poster prints for a counter: the bare code when it is unique, else with the mall's slug. */
export async function qrPathOf(db: Db, counter: CounterRef): Promise<string> {
	const unique = await findCounterByCode(db, counter.code);
	if ('counter' in unique) return `/s/${encodeURIComponent(counter.code)}`;
	const [mall] = await db.select({ slug: malls.slug }).from(malls).where(eq(malls.id, counter.mallId));
	return `/s/${encodeURIComponent(mall!.slug)}/${encodeURIComponent(counter.code)}`;
}
