/**
 * Reading the mall and what it houses.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { agencies, malls } from '../db/schema';

export type Mall = typeof malls.$inferSelect;
export type Agency = typeof agencies.$inferSelect;

/** The mall this installation shows by default: the first one created; null on an empty database. */
export async function findDefaultMall(db: Db): Promise<Mall | null> {
	const [mall] = await db.select().from(malls).orderBy(asc(malls.id)).limit(1);
	return mall ?? null;
}

/** The mall's IANA time zone (dates are shown and periods cut in it). */
export async function mallTimeZone(db: Db, mallId: number): Promise<string> {
	const [row] = await db.select({ timeZone: malls.timeZone }).from(malls).where(eq(malls.id, mallId));
	return row?.timeZone ?? 'UTC';
}

/** A mall's agencies by name. */
export async function listAgencies(db: Db, mallId: number): Promise<Agency[]> {
	return db.select().from(agencies).where(eq(agencies.mallId, mallId)).orderBy(asc(agencies.name));
}
