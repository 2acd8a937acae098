/**
 * The one agency filter: what every query of a mall's data starts from — the access's mall, and for a manager only
 * their agencies — applied in SQL, so a row outside them is never read (comments, complaints, follow-up, alerts,
 * innovations, volumes, devices, the dashboard's and the reports' units) — and the units a form may offer.
 */
import { and, asc, eq, inArray, sql, type Column, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Access } from '../../domain/roles';
import { archivedChain, unarchived, type UnitListing } from '../db/archived';
import type { Db } from '../db/client';
import { agencies, counters, services } from '../db/schema';
import type { MallAccess } from './page-access';

/** `<column> in (…the access's agencies…)` for a query builder's where, or undefined when the access reads every agency. */
export function agencyFilter(column: Column | SQLWrapper, access: Access): SQL | undefined {
	if (access.agencyIds === null) return undefined;
	return inArray(column, access.agencyIds.length > 0 ? [...access.agencyIds] : [-1]);
}

/** The same filter for raw SQL: `and <column> in (…)`, or nothing when the access reads every agency of the mall. */
export function agencyCondition(column: SQL, access: Access): SQL {
	const filter = agencyFilter(column, access);
	return filter ? sql` and ${filter}` : sql``;
}

export interface AgencyOption {
	id: number;
	code: string;
	name: string;
	/** It, or the agency above it, is archived (only listed with `includeArchived`). */
	archived: boolean;
}

export interface ServiceOption extends AgencyOption {
	agencyId: number;
}

export type CounterOption = ServiceOption;

/** The agencies of the mall that `access` may read, by name. */
export async function readableAgencies(db: Db, access: MallAccess, listing: UnitListing = {}): Promise<AgencyOption[]> {
	return db
		.select({ id: agencies.id, code: agencies.code, name: agencies.name, archived: archivedChain(agencies) })
		.from(agencies)
		.where(and(eq(agencies.mallId, access.mallId), agencyFilter(agencies.id, access), listing.includeArchived ? undefined : unarchived(agencies)))
		.orderBy(asc(agencies.name));
}

/** The counters of the agencies that `access` may read, by code. */
export async function readableCounters(db: Db, access: MallAccess, listing: UnitListing = {}): Promise<CounterOption[]> {
	return db
		.select({ id: counters.id, agencyId: counters.agencyId, code: counters.code, name: counters.name, archived: archivedChain(counters, services, agencies) })
		.from(counters)
		.innerJoin(services, eq(services.id, counters.serviceId))
		.innerJoin(agencies, eq(agencies.id, counters.agencyId))
		.where(
			and(eq(counters.mallId, access.mallId), agencyFilter(counters.agencyId, access), listing.includeArchived ? undefined : unarchived(counters, services, agencies))
		)
		.orderBy(asc(counters.code));
}

/** The services of the agencies `access` may read, by agency and name. */
export async function readableServices(db: Db, access: MallAccess, listing: UnitListing = {}): Promise<ServiceOption[]> {
	return db
		.select({ id: services.id, agencyId: services.agencyId, code: services.code, name: services.name, archived: archivedChain(services, agencies) })
		.from(services)
		.innerJoin(agencies, eq(agencies.id, services.agencyId))
		.where(and(eq(services.mallId, access.mallId), agencyFilter(services.agencyId, access), listing.includeArchived ? undefined : unarchived(services, agencies)))
		.orderBy(asc(agencies.name), asc(services.name));
}
