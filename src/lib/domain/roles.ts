/**
 * Who may do what. admin: the whole mall (settings, users, devices). manager: only their agencies' data, and may act
 * on it (complaints, follow-up, alerts). evaluator: reads everything in the mall, changes nothing.
 */
export const ROLES = ['admin', 'manager', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

export interface Access {
	/** The signed-in user; null for an API token. */
	userId: number | null;
	role: Role;
	/** The mall; null only for an installation-wide API token (every mall). */
	mallId: number | null;
	/** The agencies this access may read; null = every agency of the mall. */
	agencyIds: readonly number[] | null;
}

/** Whether the access reaches a mall at all. */
export function canReachMall(access: Access, mallId: number): boolean {
	return access.mallId === null || access.mallId === mallId;
}

/** Whether the access may read data of an agency (of a mall it reaches). */
export function canReadAgency(access: Access, agencyId: number): boolean {
	return access.agencyIds === null || access.agencyIds.includes(agencyId);
}

/** Whether the access may read figures of the whole mall (every agency pooled). */
export function canReadMall(access: Access): boolean {
	return access.agencyIds === null;
}

/** Whether the access may change data of an agency (complaints, follow-up, alert rules, acknowledgements). */
export function canActOnAgency(access: Access, agencyId: number): boolean {
	return access.role !== 'evaluator' && canReadAgency(access, agencyId);
}

/** Whether the access may change the mall's settings (agencies, services, counters, devices, users). */
export function canAdminister(access: Access): boolean {
	return access.role === 'admin';
}

/** Whether the access may read a unit's data: an agency's (agencyId), or the whole mall's (null). */
export function canReadUnit(access: Access, agencyId: number | null): boolean {
	return agencyId === null ? canReadMall(access) : canReadAgency(access, agencyId);
}

/**
 * Whether the access may change what belongs to a unit (its reports, innovations, publications): an agency's by
 * whoever may act on the agency; the whole mall's (agencyId null) by an admin.
 */
export function canActOnUnit(access: Access, agencyId: number | null): boolean {
	return agencyId === null ? canAdminister(access) : canActOnAgency(access, agencyId);
}

/** Whether the access may finalize and publish a report of a scope (an agency's, its services', or the mall's). */
export function canPublishReport(access: Access, agencyId: number | null): boolean {
	return canActOnUnit(access, agencyId);
}
