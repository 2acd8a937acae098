/**
 * The SQL of the indicators beyond the tallies: a scope and its ancestors, the units under it that an access may
 * read, and the hour × weekday heatmap (from its own rollups).
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { DateRange } from '../../domain/periods';
import type { Channel } from '../../domain/profile';
import { canReachMall, canReadAgency, canReadMall, type Access } from '../../domain/roles';
import type { ScopeFilter, ScopeType } from '../../domain/scope';
import { archivedChain } from '../db/archived';
import { executePrepared, type Db } from '../db/client';
import { agencies, counters, malls, services } from '../db/schema';
import { agencyCondition, readableAgencies } from '../access/agency-filter';
import { rollupRowsOf } from './rollup-tallies';

export interface FoundScope {
	name: string;
	mallId: number;
	/** The mall's kabupaten/kota code (null when not recorded). */
	regionCode: string | null;
	/** The agency the scope lies in (the agency itself for an agency); null for the mall. */
	agencyId: number | null;
	timeZone: string;
}

/** A scope's name, mall, agency and the mall's time zone; undefined when it does not exist. */
async function scopeRow(db: Db, scope: ScopeFilter): Promise<FoundScope | undefined> {
	const mall = { mallId: malls.id, regionCode: malls.regionCode, timeZone: malls.timeZone };
	switch (scope.type) {
		case 'mall': {
			const [row] = await db.select({ name: malls.name, ...mall }).from(malls).where(eq(malls.id, scope.id));
			return row && { name: row.name, mallId: row.mallId, regionCode: row.regionCode, agencyId: null, timeZone: row.timeZone };
		}
		case 'agency': {
			const [row] = await db
				.select({ name: agencies.name, agencyId: agencies.id, ...mall })
				.from(agencies)
				.innerJoin(malls, eq(malls.id, agencies.mallId))
				.where(eq(agencies.id, scope.id));
			return row;
		}
		case 'service': {
			const [row] = await db
				.select({ name: services.name, agencyId: services.agencyId, ...mall })
				.from(services)
				.innerJoin(malls, eq(malls.id, services.mallId))
				.where(eq(services.id, scope.id));
			return row;
		}
		case 'counter': {
			const [row] = await db
				.select({ name: counters.name, agencyId: counters.agencyId, ...mall })
				.from(counters)
				.innerJoin(malls, eq(malls.id, counters.mallId))
				.where(eq(counters.id, scope.id));
			return row;
		}
	}
}

/**
 * The scope's name, mall and time zone, or null when it does not exist or lies outside what `access` may read
 * (another mall, or an agency that is not the manager's) — the two are indistinguishable to the caller.
 */
export async function findScope(db: Db, scope: ScopeFilter, access: Access): Promise<FoundScope | null> {
	const row = await scopeRow(db, scope);
	if (!row || !canReachMall(access, { id: row.mallId, regionCode: row.regionCode })) return null;
	if (row.agencyId === null ? !canReadMall(access) : !canReadAgency(access, row.agencyId)) return null;
	return { name: row.name, mallId: row.mallId, regionCode: row.regionCode, agencyId: row.agencyId, timeZone: row.timeZone };
}

export interface ScopeNode {
	type: ScopeType;
	id: number;
	name: string;
}

type Unit = { id: number; name: string };
/** A unit below a scope; `archived` when it (or a unit above it) is archived: shown only for periods it served. */
type ChildUnit = Unit & { archived: boolean };

/** The units from the mall down to a scope, as far as the scope goes; undefined when it does not exist. */
async function chainRow(db: Db, scope: ScopeFilter): Promise<Partial<Record<ScopeType, Unit>> | undefined> {
	const mall = { id: malls.id, name: malls.name };
	const agency = { id: agencies.id, name: agencies.name };
	const service = { id: services.id, name: services.name };
	switch (scope.type) {
		case 'mall':
			return (await db.select({ mall }).from(malls).where(eq(malls.id, scope.id)))[0];
		case 'agency':
			return (await db.select({ mall, agency }).from(agencies).innerJoin(malls, eq(malls.id, agencies.mallId)).where(eq(agencies.id, scope.id)))[0];
		case 'service':
			return (
				await db
					.select({ mall, agency, service })
					.from(services)
					.innerJoin(agencies, eq(agencies.id, services.agencyId))
					.innerJoin(malls, eq(malls.id, services.mallId))
					.where(eq(services.id, scope.id))
			)[0];
		case 'counter':
			return (
				await db
					.select({ mall, agency, service, counter: { id: counters.id, name: counters.name } })
					.from(counters)
					.innerJoin(services, eq(services.id, counters.serviceId))
					.innerJoin(agencies, eq(agencies.id, counters.agencyId))
					.innerJoin(malls, eq(malls.id, counters.mallId))
					.where(eq(counters.id, scope.id))
			)[0];
	}
}

/** The scope and its ancestors, from the mall down (for breadcrumbs and the picker); empty when it does not exist. */
export async function scopeChain(db: Db, scope: ScopeFilter): Promise<ScopeNode[]> {
	const row = await chainRow(db, scope);
	if (!row) return [];
	return (['mall', 'agency', 'service', 'counter'] as const).flatMap((type) => {
		const unit = row[type];
		return unit ? [{ type, id: unit.id, name: unit.name }] : [];
	});
}

/** Units one level down that `access` may read (a manager sees only their agencies), archived ones included and marked. */
export async function childUnits(db: Db, access: Access, type: ScopeType, id: number): Promise<ChildUnit[]> {
	switch (type) {
		case 'mall':
			return readableAgencies(db, { ...access, mallId: id }, { includeArchived: true });
		case 'agency':
			return db
				.select({ id: services.id, name: services.name, archived: archivedChain(services, agencies) })
				.from(services)
				.innerJoin(agencies, eq(agencies.id, services.agencyId))
				.where(eq(services.agencyId, id))
				.orderBy(asc(services.name));
		case 'service':
			return db
				.select({ id: counters.id, name: counters.name, archived: archivedChain(counters, services, agencies) })
				.from(counters)
				.innerJoin(services, eq(services.id, counters.serviceId))
				.innerJoin(agencies, eq(agencies.id, counters.agencyId))
				.where(eq(counters.serviceId, id))
				.orderBy(asc(counters.code));
		case 'counter':
			return [];
	}
}

export interface ScopeUnit {
	type: 'agency' | 'service' | 'counter';
	id: number;
	name: string;
	/** The counter's code (null for agencies and services). */
	code: string | null;
	/** It, or a unit above it, is archived. */
	archived: boolean;
}

/**
 * Every agency, service and counter of the mall that `access` may read and that is in use, in tree order (each agency
 * with its services and their counters) — and `current`, the unit picked now, even when it is archived.
 */
export async function scopeUnits(db: Db, access: Access & { mallId: number }, current?: ScopeFilter): Promise<ScopeUnit[]> {
	const keep = current ? sql` or (type = ${current.type} and id = ${current.id})` : sql``;
	return executePrepared<ScopeUnit>(
		db,
		sql`
			select type, id, name, code, archived from (
				select 'agency' as type, a.id, a.name, a.id as agency_id, a.name as agency, null as service, 0 as service_id, null as code,
						a.archived_at is not null as archived
					from agencies a where a.mall_id = ${access.mallId}${agencyCondition(sql`a.id`, access)}
				union all
				select 'service', s.id, s.name, a.id, a.name, s.name, s.id, null, coalesce(s.archived_at, a.archived_at) is not null
					from services s join agencies a on a.id = s.agency_id where s.mall_id = ${access.mallId}${agencyCondition(sql`a.id`, access)}
				union all
				select 'counter', c.id, c.name, a.id, a.name, s.name, s.id, c.code, coalesce(c.archived_at, s.archived_at, a.archived_at) is not null
					from counters c join services s on s.id = c.service_id join agencies a on a.id = c.agency_id
					where c.mall_id = ${access.mallId}${agencyCondition(sql`a.id`, access)}
			) units
			where not archived${keep}
			order by agency, agency_id, service nulls first, service_id, code nulls first`
	);
}

export interface HeatCell {
	/** ISO weekday 1 (Monday) … 7, in the mall's time zone. */
	weekday: number;
	hour: number;
	responses: number;
	/** Mean answer (1–4) of the cell's answered items. */
	mean: number | null;
}

/**
 * Responses and mean answer per local weekday × hour (responses of the IKM instruments, in the mall's zone), from the
 * heatmap's rollups: whole months from the monthly grain, the days at either end from the hourly one.
 */
export async function heatmapCells(db: Db, scope: ScopeFilter, period: DateRange, channel?: Channel): Promise<HeatCell[]> {
	const source = { scope, range: period, units: 'none' as const, needsDays: false, channel };
	const rows = await executePrepared<{ weekday: number; hour: number; responses: string | number; sum: string | number; answered: string | number }>(
		db,
		sql`
			select weekday, hour, sum(responses) as responses, sum(answered_sum) as sum, sum(answered) as answered
			from ${rollupRowsOf('rollup_heat', 'weekday, hour, responses, answered_sum, answered', source, 'extract(isodow from local_date)::smallint as weekday, hour, responses, answered_sum, answered')} h
			group by 1, 2
			order by 1, 2`
	);
	return rows.map((r) => ({
		weekday: Number(r.weekday),
		hour: Number(r.hour),
		responses: Number(r.responses),
		mean: Number(r.answered) > 0 ? Number(r.sum) / Number(r.answered) : null
	}));
}
