/**
 * The national catalogue of agency kinds (reference data shared by every hall): listed, looked up, extended by an
 * installation operator, and the agencies of a kind in a set of halls.
 */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit/audit';
import type { Db } from '../db/client';
import { agencies, agencyKinds } from '../db/schema';

export interface AgencyKindItem {
	code: string;
	nameId: string;
	nameEn: string;
	standard: boolean;
}

/** The columns of a kind as listed. */
const KIND_COLUMNS = { code: agencyKinds.code, nameId: agencyKinds.nameId, nameEn: agencyKinds.nameEn, standard: agencyKinds.standard };

/** Every kind of the catalogue, by code. */
export function listAgencyKinds(db: Db): Promise<AgencyKindItem[]> {
	return db.select(KIND_COLUMNS).from(agencyKinds).orderBy(asc(agencyKinds.code));
}

/** One kind by code, or null. */
export async function findAgencyKind(db: Db, code: string): Promise<AgencyKindItem | null> {
	const [row] = await db.select(KIND_COLUMNS).from(agencyKinds).where(eq(agencyKinds.code, code));
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

/** Every kind of the catalogue with how many agencies (of every hall) name it, by code. */
export async function listAgencyKindsInUse(db: Db): Promise<(AgencyKindItem & { agencies: number })[]> {
	const rows = await db
		.select({ ...KIND_COLUMNS, agencies: count(agencies.id) })
		.from(agencyKinds)
		.leftJoin(agencies, eq(agencies.kindCode, agencyKinds.code))
		.groupBy(agencyKinds.code)
		.orderBy(asc(agencyKinds.code));
	return rows.map((row) => ({ ...row, agencies: Number(row.agencies) }));
}

/**
 * Add a kind to the catalogue (an installation operator's, audited; not one of the standard kinds). 'taken' when the
 * code is already in it: a kind's code never changes meaning, so one that exists is not overwritten.
 */
export async function addAgencyKind(db: Db, kind: { code: string; nameId: string; nameEn: string }, actor: Actor): Promise<'created' | 'taken'> {
	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(agencyKinds)
			.values({ code: kind.code, nameId: kind.nameId, nameEn: kind.nameEn, standard: false })
			.onConflictDoNothing()
			.returning({ code: agencyKinds.code });
		if (!created) return 'taken';
		await recordAudit(tx, { mallId: null, actor, action: 'agency_kind.create', entity: 'agency_kind', after: { code: kind.code, nameId: kind.nameId, nameEn: kind.nameEn } });
		return 'created';
	});
}
