/**
 * Service volumes in the database: storing a batch of months (a form, a CSV upload, or a queue system posting to
 * POST /api/v1/volumes — the same upsert, all rows or none), and reading a scope's monthly volumes.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { VolumeSource } from '../../domain/innovation';
import { localDate } from '../../domain/periods';
import { canActOnAgency } from '../../domain/roles';
import type { ScopeFilter } from '../../domain/scope';
import { addMonths, type MonthVolume } from '../../domain/volume';
import { checkVolumeRows, type RawVolume, type VolumeProblem } from '../../domain/volume-rows';
import { executePrepared, type Db } from '../db/client';
import { agencyCondition, readableServices } from '../access/agency-filter';
import type { MallAccess } from '../access/page-access';
import { mallTimeZone } from '../organization/queries';

export interface StoredVolume {
	service: string;
	month: string;
	served: number;
	servedOnline: number | null;
}

/**
 * Check volume rows (a form, a CSV upload, an API body) and store them, all or none; a month already stored is
 * replaced (a queue system posts running totals). Every problem of every row is named at once (checkVolumeRows): a
 * service the mall does not have, or one of an agency `access` may not act on, and a month that has not begun in the
 * mall's time zone at `now`, among them.
 */
export async function storeVolumes(
	db: Db,
	access: MallAccess,
	raw: readonly RawVolume[],
	source: VolumeSource,
	now = new Date()
): Promise<{ stored: StoredVolume[] } | { problems: VolumeProblem[] }> {
	// An archived service's months may still be recorded or corrected: volumes are its history.
	const [services, timeZone] = await Promise.all([readableServices(db, access, { includeArchived: true }), mallTimeZone(db, access.mallId)]);
	// A service of an agency the access may not act on looks like an unknown one (no probing of other agencies).
	const byCode = new Map(services.filter((s) => canActOnAgency(access, s.agencyId)).map((s) => [s.code, s.id]));
	const latestMonth = `${localDate(now, timeZone).slice(0, 7)}-01`;
	const { rows, problems } = checkVolumeRows(raw, { latestMonth, services: new Set(byCode.keys()) });
	if (problems.length > 0) return { problems };
	await executePrepared(
		db,
		sql`insert into service_volumes as v (mall_id, service_id, month, served, served_online, source, updated_by)
			select ${access.mallId}, s.service_id, s.month, s.served, s.served_online, ${source}, ${access.userId}
			from json_to_recordset(${JSON.stringify(
				rows.map((r) => ({ service_id: byCode.get(r.service)!, month: r.month, served: r.served, served_online: r.servedOnline }))
			)}::json) as s(service_id int, month date, served int, served_online int)
			on conflict (mall_id, service_id, month) do update set served = excluded.served, served_online = excluded.served_online,
				source = excluded.source, updated_by = excluded.updated_by, updated_at = now()`
	);
	return { stored: rows.map((r) => ({ service: r.service, month: r.month.slice(0, 7), served: r.served, servedOnline: r.servedOnline })) };
}

/** The column of `services` that places a service in a scope. */
const SERVICE_COLUMN = { mall: 'mall_id', agency: 'agency_id', service: 'id' } as const;

/** `s` services of a scope (a counter's scope is its service: volumes are recorded per service). */
function servicesOf(scope: ScopeFilter): SQL {
	if (scope.type === 'counter') return sql`s.id = (select service_id from counters where id = ${scope.id})`;
	return sql`s.${sql.raw(SERVICE_COLUMN[scope.type])} = ${scope.id}`;
}

export interface ScopeVolumes {
	/** Month totals of the scope's services that recorded a volume. */
	months: MonthVolume[];
	/** Services in the scope, and per month how many of them recorded a volume (a month is complete when all did). */
	services: number;
	reporting: Map<string, number>;
	/**
	 * Per month, the services that should report it: those in use during it — begun by its end and not archived
	 * before it began (a service added later, or archived earlier, does not make a month incomplete).
	 */
	expected: Map<string, number>;
}

/** Monthly volumes of a scope over months [fromMonth, toMonth) ('YYYY-MM-01'). */
export async function scopeVolumes(db: Db, mallId: number, scope: ScopeFilter, fromMonth: string, toMonth: string): Promise<ScopeVolumes> {
	const byHall = await readVolumes(db, sql`s.mall_id = ${mallId} and ${servicesOf(scope)}`, fromMonth, toMonth);
	return byHall.get(mallId) ?? { months: [], services: 0, reporting: new Map(), expected: new Map() };
}

/** Halls as a whole, or the agencies of a kind in them: what a region's ranking reads, per hall. */
export interface HallsOrAgencies {
	type: 'malls' | 'agencies';
	ids: readonly number[];
}

/**
 * Monthly volumes per hall over months [fromMonth, toMonth) — of each hall of `units` as a whole, or of its agencies
 * among `units` — the same two reads as a single scope's, for many halls at once (a region's ranking).
 */
export function hallVolumes(db: Db, units: HallsOrAgencies, fromMonth: string, toMonth: string): Promise<Map<number, ScopeVolumes>> {
	if (units.ids.length === 0 || toMonth <= fromMonth) return Promise.resolve(new Map());
	const ids = sql`${`{${units.ids.join(',')}}`}::int[]`;
	return readVolumes(db, units.type === 'malls' ? sql`s.mall_id = any(${ids})` : sql`s.agency_id = any(${ids})`, fromMonth, toMonth);
}

/** The volumes of the services `services` (a condition on `s`), by hall: recorded months and the services expected. */
async function readVolumes(db: Db, services: SQL, fromMonth: string, toMonth: string): Promise<Map<number, ScopeVolumes>> {
	const [rows, expected] = await Promise.all([
		executePrepared<{ mall_id: number; month: string; served: number | string; online: number | string | null; online_known: number | string; reporting: number | string }>(
			db,
			sql`select v.mall_id, to_char(v.month, 'YYYY-MM-DD') as month, sum(v.served) as served, sum(v.served_online) as online,
					count(v.served_online) as online_known, count(*) as reporting
				from service_volumes v join services s on s.mall_id = v.mall_id and s.id = v.service_id
				where ${services} and v.month >= ${fromMonth}::date and v.month < ${toMonth}::date
				group by v.mall_id, v.month order by v.mall_id, v.month`
		),
		executePrepared<{ mall_id: number; month: string; n: number | string }>(
			db,
			sql`select s.mall_id, to_char(m.month, 'YYYY-MM-DD') as month, count(*) as n
				from services s join agencies a on a.mall_id = s.mall_id and a.id = s.agency_id join malls ml on ml.id = s.mall_id
					cross join lateral (
						-- In use from its first month: created then, or earlier if volumes or ratings of earlier months were recorded.
						select date_trunc('month', least((s.created_at at time zone ml.time_zone)::date,
							(select min(v2.month) from service_volumes v2 where v2.mall_id = s.mall_id and v2.service_id = s.id),
							(select min(r.local_date) from rollup_counts_month r where r.mall_id = s.mall_id and r.service_id = s.id)))::date as since
					) st
					join generate_series(${fromMonth}::date, ${toMonth}::date - 1, interval '1 month') as m(month)
						on st.since <= m.month::date
						and (least(s.archived_at, a.archived_at) is null or (least(s.archived_at, a.archived_at) at time zone ml.time_zone)::date >= m.month::date)
				where ${services}
				group by s.mall_id, m.month order by s.mall_id, m.month`
		)
	]);
	const byHall = new Map<number, ScopeVolumes>();
	const of = (mallId: number) => {
		let volumes = byHall.get(mallId);
		if (!volumes) byHall.set(mallId, (volumes = { months: [], services: 0, reporting: new Map(), expected: new Map() }));
		return volumes;
	};
	for (const r of rows) {
		const volumes = of(Number(r.mall_id));
		// Online counts are summed only where every reporting service gave one; otherwise the month's share is unknown.
		volumes.months.push({ month: r.month, served: Number(r.served), servedOnline: Number(r.online_known) === Number(r.reporting) ? Number(r.online ?? 0) : null });
		volumes.reporting.set(r.month, Number(r.reporting));
	}
	for (const e of expected) {
		const volumes = of(Number(e.mall_id));
		volumes.expected.set(e.month, Number(e.n));
		volumes.services = Math.max(volumes.services, Number(e.n));
	}
	// A month no service was in use in expects none (the read above lists only months with some).
	for (const volumes of byHall.values()) {
		for (let month = fromMonth; month < toMonth; month = nextMonth(month)) if (!volumes.expected.has(month)) volumes.expected.set(month, 0);
	}
	return byHall;
}

/** Whether every service of the scope that should report a month in [fromMonth, toMonth) recorded its volume. */
export function complete(volumes: ScopeVolumes, fromMonth: string, toMonth: string): boolean {
	let any = false;
	for (let month = fromMonth; month < toMonth; month = nextMonth(month)) {
		const expected = volumes.expected.get(month) ?? volumes.services;
		if ((volumes.reporting.get(month) ?? 0) < expected) return false;
		any ||= expected > 0;
	}
	return any;
}

export const nextMonth = (month: string) => addMonths(month, 1);

/** The volume table of a year: one row per service the access may read, twelve months each. */
export async function volumeTable(db: Db, access: MallAccess, year: number) {
	return executePrepared<{ service_id: number; code: string; service: string; agency: string; agency_id: number; month: string | null; served: number | null; served_online: number | null; source: string | null }>(
		db,
		sql`select s.id as service_id, s.code, s.name as service, a.name as agency, a.id as agency_id,
				to_char(v.month, 'YYYY-MM-DD') as month, v.served, v.served_online, v.source
			from services s join agencies a on a.id = s.agency_id
				left join service_volumes v on v.service_id = s.id and v.mall_id = s.mall_id
					and v.month >= ${`${year}-01-01`}::date and v.month < ${`${year + 1}-01-01`}::date
			where s.mall_id = ${access.mallId}${agencyCondition(sql`s.agency_id`, access)}
			order by a.name, s.name, v.month`
	);
}
