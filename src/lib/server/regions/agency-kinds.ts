/**
 * The national catalogue of agency kinds (reference data shared by every hall): listed, looked up, and the agencies of
 * a kind in a set of halls.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { agencies, agencyKinds } from '../db/schema';

export interface AgencyKindItem {
	code: string;
	nameId: string;
	nameEn: string;
	standard: boolean;
}

/** Every kind of the catalogue, by code. */
export function listAgencyKinds(db: Db): Promise<AgencyKindItem[]> {
	return db
		.select({ code: agencyKinds.code, nameId: agencyKinds.nameId, nameEn: agencyKinds.nameEn, standard: agencyKinds.standard })
		.from(agencyKinds)
		.orderBy(asc(agencyKinds.code));
}

/** One kind by code, or null. */
export async function findAgencyKind(db: Db, code: string): Promise<AgencyKindItem | null> {
	const [row] = await db
		.select({ code: agencyKinds.code, nameId: agencyKinds.nameId, nameEn: agencyKinds.nameEn, standard: agencyKinds.standard })
		.from(agencyKinds)
		.where(eq(agencyKinds.code, code));
	return row ?? null;
}

/** The agencies of kind `code` in the halls `mallIds` (archived ones too: they served in past periods), with their hall. */
export async function agenciesOfKind(db: Db, code: string, mallIds: readonly number[]): Promise<{ id: number; mallId: number; name: string }[]> {
	if (mallIds.length === 0) return [];
	return db
		.select({ id: agencies.id, mallId: agencies.mallId, name: agencies.name })
		.from(agencies)
		.where(and(eq(agencies.kindCode, code), inArray(agencies.mallId, [...mallIds])))
		.orderBy(asc(agencies.mallId), asc(agencies.id));
}
