/**
 * Reading the mall and what it houses.
 */
import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { unarchived, type UnitListing } from '../db/archived';
import type { Db } from '../db/client';
import { logoDigest } from '../db/mall-logo';
import { agencies, malls } from '../db/schema';

/** A hall as pages read it, without its logo's bytes (they are the logo route's). */
export type Mall = Omit<typeof malls.$inferSelect, 'logo'>;
export type Agency = typeof agencies.$inferSelect;

/** The mall this installation shows by default: the first one created, its logo by its digest; null on an empty database. */
export async function findDefaultMall(db: Db): Promise<(Mall & { logoVersion: string | null }) | null> {
	const { logo: _, ...columns } = getTableColumns(malls);
	const [mall] = await db
		.select({ ...columns, logoVersion: logoDigest })
		.from(malls)
		.orderBy(asc(malls.id))
		.limit(1);
	return mall ?? null;
}

/** The mall's IANA time zone (dates are shown and periods cut in it). */
export async function mallTimeZone(db: Db, mallId: number): Promise<string> {
	const [row] = await db.select({ timeZone: malls.timeZone }).from(malls).where(eq(malls.id, mallId));
	return row?.timeZone ?? 'UTC';
}

/** The mall's name ('' when there is no such mall). */
export async function mallName(db: Db, mallId: number): Promise<string> {
	const [row] = await db.select({ name: malls.name }).from(malls).where(eq(malls.id, mallId));
	return row?.name ?? '';
}

/** A mall's agencies in use by name; with `includeArchived` the archived ones too (their `archivedAt` is set). */
export async function listAgencies(db: Db, mallId: number, listing: UnitListing = {}): Promise<Agency[]> {
	return db
		.select()
		.from(agencies)
		.where(and(eq(agencies.mallId, mallId), listing.includeArchived ? undefined : unarchived(agencies)))
		.orderBy(asc(agencies.name));
}
