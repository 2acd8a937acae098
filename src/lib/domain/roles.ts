/**
 * Who may do what. operator: the installation (creates and archives halls, extends the agency-kind catalogue) and
 * reads every hall's figures, never a citizen's comment. admin: the whole mall (settings, users, devices). manager:
 * only their agencies' data, and may act on it (complaints, follow-up, alerts). evaluator: reads everything in its
 * reach — one hall, a kabupaten/kota, a province or the nation — and changes nothing.
 */
import { hallInRegion } from './regions';

export const ROLES = ['operator', 'admin', 'manager', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that belong to one hall (an evaluator may also reach a region or the nation; an operator never one hall). */
export const HALL_ROLES = ['admin', 'manager', 'evaluator'] as const satisfies readonly Role[];

export interface Access {
	/** The signed-in user; null for an API token. */
	userId: number | null;
	role: Role;
	/** The mall; null for an access across halls (an operator, a region or nation evaluator, an installation token). */
	mallId: number | null;
	/**
	 * With `mallId` null: the region the access is limited to, a province ("53") or kabupaten/kota ("53.71") code;
	 * absent for the nation (every hall).
	 */
	region?: string;
	/** The agencies this access may read; null = every agency of the mall. */
	agencyIds: readonly number[] | null;
}

/** A hall as access checks see it: its id and its kabupaten/kota code (null when not recorded: the nation only). */
export interface HallPlace {
	id: number;
	regionCode: string | null;
}

/** Whether the access reaches a mall at all: its own, or one in its region, or any for the nation. */
export function canReachMall(access: Access, mall: HallPlace): boolean {
	if (access.mallId !== null) return access.mallId === mall.id;
	return access.region === undefined || hallInRegion(mall.regionCode, access.region);
}

/**
 * Whether the access may run the installation (create and archive halls, accounts across halls, the agency-kind
 * catalogue): an operator, or an installation-wide admin token (the environment's or the token file's).
 */
export function canOperate(access: Access): boolean {
	return access.role === 'operator' || (access.role === 'admin' && access.mallId === null && access.region === undefined);
}

/** Whether the access reads across halls (an operator, a region or nation evaluator, an installation-wide token). */
export function readsAcrossHalls(access: Access): boolean {
	return access.mallId === null;
}

/** Whether the access may read citizens' comments: everyone who reads a unit's figures, except an operator. */
export function canReadComments(access: Access): boolean {
	return access.role !== 'operator';
}

/** Whether the access only reads (evaluators and operators change nothing of a hall's data). */
export function readsOnly(access: Access): boolean {
	return access.role === 'evaluator' || access.role === 'operator';
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
	return !readsOnly(access) && canReadAgency(access, agencyId);
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
