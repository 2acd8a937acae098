/**
 * The one rule of an archived unit: an agency, service or counter is out of use when it or a unit above it is
 * archived (`archived_at` set). Archiving an agency changes nothing below it; its services and counters are out of use
 * because these checks follow the chain, and restoring the agency brings them back as they were.
 */
import { and, isNotNull, isNull, or, sql, type Column, type SQL } from 'drizzle-orm';

type Archivable = { archivedAt: Column };

/**
 * What a list of units is for: a picker (the default) offers only units in use; history (the admin's own lists, past
 * volumes, the dashboard's units of a past period) passes `includeArchived` and gets the archived ones too.
 */
export interface UnitListing {
	includeArchived?: boolean;
}

/** None of `units` is archived (pass the joined agency, service and counter tables of a typed query). */
export function unarchived(...units: Archivable[]): SQL {
	return and(...units.map((unit) => isNull(unit.archivedAt)))!;
}

/** Some of `units` is archived: the row is out of use (a typed query's column, true or false). */
export function archivedChain(...units: Archivable[]): SQL<boolean> {
	return sql<boolean>`coalesce(${or(...units.map((unit) => isNotNull(unit.archivedAt)))}, false)`;
}

/**
 * Since when a counter is out of service (raw SQL): the earliest archive time of the counter, its service, its agency
 * and its hall, or null while all are in use. Ratings made before it still belong to the periods it served.
 */
export function counterArchivedAt(mallId: SQL, counterId: SQL): SQL {
	return sql`(select least(oc.archived_at, os.archived_at, oa.archived_at, om.archived_at) from counters oc
		join services os on os.mall_id = oc.mall_id and os.id = oc.service_id join agencies oa on oa.mall_id = oc.mall_id and oa.id = oc.agency_id
		join malls om on om.id = oc.mall_id where oc.mall_id = ${mallId} and oc.id = ${counterId})`;
}

/** Whether the hall of a user (the users row's mall_id, raw SQL) is archived: its accounts no longer sign in. */
export function hallArchived(mallId: SQL | Column): SQL<boolean> {
	return sql<boolean>`exists (select 1 from malls am where am.id = ${mallId} and am.archived_at is not null)`;
}
