/**
 * Everything the dashboard shows for a scope and period, from the indicators layer: the headline and trend, the
 * previous period, the units one level down with their sparklines, and the hour × weekday heatmap. Pages only
 * format these numbers; they never compute them.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { bucketStarts } from '../../domain/granularity';
import { SKM_CODES } from '../../domain/instruments';
import { addDays, localDate, startOfLocalDay } from '../../domain/periods';
import { addMonths, servedBetween } from '../../domain/volume';
import type { ReportPeriod } from '../../domain/report-period';
import { canReadMall, type Access } from '../../domain/roles';
import { krejcieMorganTarget } from '../../domain/sampling';
import { calculationTrail, computeIkm, type CalculationTrail, type IkmResult } from '../../domain/skm';
import { executePrepared, type Db } from '../db/client';
import { counters, services } from '../db/schema';
import { readableAgencies } from '../follow-up/scope';
import { computeIndicators, findScope, type Indicators } from './indicators';
import { groupFigures, type ScopeFilter, type ScopeType, type TallyRow } from './rollup-tallies';
import { complete, scopeVolumes } from '../innovation/volumes';
import { unsurAnswers } from './unsur-answers';

const CHILD: Record<ScopeType, 'agency' | 'service' | 'counter' | null> = { mall: 'agency', agency: 'service', service: 'counter', counter: null };

export interface ChildFigures {
	type: 'agency' | 'service' | 'counter';
	id: number;
	name: string;
	respondents: number;
	result: IkmResult;
	trail: CalculationTrail;
	/** IKM per series bucket (null where a bucket has no complete set of unsur). */
	spark: (number | null)[];
}

export interface HeatCell {
	/** ISO weekday 1 (Monday) … 7, in the mall's time zone. */
	weekday: number;
	hour: number;
	responses: number;
	/** Mean answer (1–4) of the cell's answered items. */
	mean: number | null;
}

export interface SampleAdequacy {
	/** Citizens served in the period, when recorded (service volumes); null = unknown. */
	population: number | null;
	/**
	 * The months the population covers ('YYYY-MM', inclusive) when only part of the period has ended, and the
	 * respondents of those months, which the target is then compared with; null when it covers the whole period.
	 */
	partial?: { from: string; through: string; respondents: number } | null;
	/** Krejcie–Morgan target for that population; null when the population is unknown. */
	target: number | null;
	/** Whether n meets the target; with an unknown population only n ≥ 384 (the target's upper bound) is adequate. */
	adequate: boolean | null;
}

export interface Dashboard {
	current: Indicators;
	/** The period before, of the same length; change = current IKM − previous IKM (null when either is undefined). */
	previous: { from: string; to: string; respondents: number; ikm: number | null; change: number | null };
	/** The unsur with the lowest NRR (null when no unsur has answers). */
	weakest: string | null;
	sample: SampleAdequacy;
	children: ChildFigures[];
	heatmap: HeatCell[];
}

/** The Krejcie–Morgan target never exceeds 384 (N → ∞: 3841/10 rounded), so n ≥ 384 is enough for any population. */
export const KREJCIE_MORGAN_MAX = krejcieMorganTarget(Number.MAX_SAFE_INTEGER);

export function sampleAdequacy(respondents: number, population: number | null): SampleAdequacy {
	if (population === null || population < 1) {
		return { population: null, target: null, adequate: respondents >= KREJCIE_MORGAN_MAX ? true : null };
	}
	const target = krejcieMorganTarget(population);
	return { population, target, adequate: respondents >= target };
}

const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
const lastDayOf = (month: string) => addDays(addMonths(month, 1), -1);

/**
 * Krejcie–Morgan adequacy with the population from service volumes: the whole months of the period that have ended
 * by `today`, when every service of the scope reported each of them. When the period is still running, the target
 * for those months is compared with their respondents (from the monthly series), and the months are named.
 */
export async function volumeSampleAdequacy(
	db: Db,
	mallId: number,
	scope: ScopeFilter,
	period: { from: string; to: string },
	today: string,
	respondents: number,
	series: readonly { from: string; to: string; respondents: number }[]
): Promise<SampleAdequacy> {
	const first = period.from.endsWith('-01') ? period.from : addMonths(monthStart(period.from), 1);
	const periodEnd = period.to === lastDayOf(monthStart(period.to)) ? addMonths(monthStart(period.to), 1) : monthStart(period.to);
	const ended = today === lastDayOf(monthStart(today)) ? addMonths(monthStart(today), 1) : monthStart(today);
	const end = periodEnd < ended ? periodEnd : ended; // exclusive month bound
	// Volumes are per service: a counter's share of its service's citizens is not recorded.
	if (end <= first || scope.type === 'counter') return sampleAdequacy(respondents, null);
	const volumes = await scopeVolumes(db, mallId, scope, first, end);
	if (!complete(volumes, first, end)) return sampleAdequacy(respondents, null);
	const population = servedBetween(volumes.months, first, end).served;
	if (first === period.from && end === periodEnd) return { ...sampleAdequacy(respondents, population), partial: null };
	// Part of the period: its months' respondents, when the series is by month (weeks and days do not split by month).
	const buckets = series.filter((b) => b.from >= first && b.from < end);
	if (buckets.some((b) => b.from.slice(0, 7) !== b.to.slice(0, 7) || !b.from.endsWith('-01'))) return sampleAdequacy(respondents, null);
	const inMonths = buckets.reduce((sum, b) => sum + b.respondents, 0);
	return { ...sampleAdequacy(inMonths, population), partial: { from: first.slice(0, 7), through: addMonths(end, -1).slice(0, 7), respondents: inMonths } };
}

/** The weakest unsur: lowest NRR among those answered (ties: the first in instrument order). */
export function weakestUnsur(unsur: readonly { code: string; nrr: number | null }[]): string | null {
	let weakest: { code: string; nrr: number } | null = null;
	for (const u of unsur) if (u.nrr !== null && (weakest === null || u.nrr < weakest.nrr)) weakest = { code: u.code, nrr: u.nrr };
	return weakest?.code ?? null;
}

const ikmFromRows = (rows: TallyRow[]) =>
	computeIkm(
		SKM_CODES.map((code) => {
			const matching = rows.filter((r) => r.code === code);
			return { code, sum: matching.reduce((a, r) => a + r.sum, 0), n: matching.reduce((a, r) => a + r.n, 0) };
		})
	);

/** The units one level below a scope that `access` may read, with their figures and sparklines. */
async function childFigures(db: Db, access: Access, scope: ScopeFilter, period: ReportPeriod): Promise<ChildFigures[]> {
	const child = CHILD[scope.type];
	if (!child) return [];
	const range = { from: period.from, to: period.to };
	const units = await listChildren(db, access, scope.type, scope.id);
	if (units.length === 0) return [];
	const { tallies, counts } = await groupFigures(db, scope, range, { by: child, granularity: period.granularity });
	const buckets = bucketStarts(period.from, period.to, period.granularity);
	return units.map((unit) => {
		const mine = tallies.filter((t) => t.key.startsWith(`${unit.id}|`));
		const result = ikmFromRows(mine);
		return {
			type: child,
			id: unit.id,
			name: unit.name,
			respondents: counts.filter((c) => c.key.startsWith(`${unit.id}|`)).reduce((a, c) => a + c.respondents, 0),
			result,
			trail: calculationTrail(result),
			spark: buckets.map((start) => ikmFromRows(mine.filter((t) => t.key === `${unit.id}|${start}`)).ikm)
		};
	});
}

/** Units one level down that `access` may read (a manager sees only their agencies). */
export async function listChildren(db: Db, access: Access, type: ScopeType, id: number): Promise<{ id: number; name: string }[]> {
	switch (type) {
		case 'mall':
			return readableAgencies(db, { ...access, mallId: id });
		case 'agency':
			return db.select({ id: services.id, name: services.name }).from(services).where(eq(services.agencyId, id)).orderBy(asc(services.name));
		case 'service':
			return db.select({ id: counters.id, name: counters.name }).from(counters).where(eq(counters.serviceId, id)).orderBy(asc(counters.code));
		case 'counter':
			return [];
	}
}

/** Responses and mean answer per local weekday × hour (raw responses of the IKM instruments, in the mall's zone). */
async function heatmap(db: Db, scope: ScopeFilter, mallId: number, timeZone: string, period: ReportPeriod): Promise<HeatCell[]> {
	const column = sql.raw({ mall: 'mall_id', agency: 'agency_id', service: 'service_id', counter: 'counter_id' }[scope.type]);
	const dayAfter = new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	const rows = await executePrepared<{ weekday: number; hour: number; responses: string | number; sum: string | number | null; answered: string | number | null }>(
		db,
		sql`
			select extract(isodow from local)::int as weekday, extract(hour from local)::int as hour, count(*) as responses,
				sum(answered_sum) as sum, sum(answered) as answered
			from (
				select r.submitted_at at time zone ${timeZone} as local,
					(select sum(v) from unnest(${unsurAnswers(sql`r.answers`)}) v) as answered_sum, cardinality(array_remove(${unsurAnswers(sql`r.answers`)}, null)) as answered
				from responses r
				where r.mall_id = ${mallId} and r.${column} = ${scope.id}
					and r.submitted_at >= ${startOfLocalDay(period.from, timeZone).toISOString()}::timestamptz
					and r.submitted_at < ${startOfLocalDay(dayAfter, timeZone).toISOString()}::timestamptz
					and r.instrument_id in (select id from instruments where feeds_ikm)
			) t
			group by 1, 2
			order by 1, 2`
	);
	return rows.map((r) => ({
		weekday: r.weekday,
		hour: r.hour,
		responses: Number(r.responses),
		mean: r.answered && Number(r.answered) > 0 ? Number(r.sum) / Number(r.answered) : null
	}));
}

/** The dashboard of a scope and period, or null when the scope does not exist or `access` may not read it. */
export async function loadDashboard(db: Db, access: Access, scope: ScopeFilter, period: ReportPeriod): Promise<Dashboard | null> {
	const found = await findScope(db, scope, access);
	if (!found) return null;
	const [current, previous, children, cells] = await Promise.all([
		computeIndicators(db, { scope: scope.type, id: scope.id, from: period.from, to: period.to, granularity: period.granularity }, access),
		computeIndicators(db, { scope: scope.type, id: scope.id, from: period.previous.from, to: period.previous.to, granularity: 'year' }, access),
		childFigures(db, access, scope, period),
		heatmap(db, scope, found.mallId, found.timeZone, period)
	]);
	if (!current) return null;
	const previousIkm = previous?.ikm ?? null;
	return {
		current,
		previous: {
			...period.previous,
			respondents: previous?.respondents ?? 0,
			ikm: previousIkm,
			// Both figures are already rounded to 2 decimals; their difference is exact in hundredths.
			change: current.ikm !== null && previousIkm !== null ? Math.round((current.ikm - previousIkm) * 100) / 100 : null
		},
		weakest: weakestUnsur(current.unsur),
		sample: await volumeSampleAdequacy(db, found.mallId, scope, period, localDate(new Date(), found.timeZone), current.respondents, current.series),
		children,
		heatmap: cells
	};
}

/** The scope a user lands on: the mall, or a manager's first agency. */
export async function homeScope(db: Db, access: Access & { mallId: number }): Promise<ScopeFilter> {
	if (canReadMall(access)) return { type: 'mall', id: access.mallId };
	const [first] = await listChildren(db, access, 'mall', access.mallId);
	return first ? { type: 'agency', id: first.id } : { type: 'mall', id: access.mallId };
}

export interface ScopeNode {
	type: ScopeType;
	id: number;
	name: string;
}

/** The scope and its ancestors, from the mall down (for breadcrumbs and the picker). */
export async function scopeChain(db: Db, scope: ScopeFilter): Promise<ScopeNode[]> {
	const [row] = await executePrepared<{
		mall_id: number;
		mall: string;
		agency_id: number | null;
		agency: string | null;
		service_id: number | null;
		service: string | null;
		counter_id: number | null;
		counter: string | null;
	}>(
		db,
		scope.type === 'counter'
			? sql`select m.id as mall_id, m.name as mall, a.id as agency_id, a.name as agency, s.id as service_id, s.name as service, c.id as counter_id, c.name as counter
				from counters c join services s on s.id = c.service_id join agencies a on a.id = c.agency_id join malls m on m.id = c.mall_id where c.id = ${scope.id}`
			: scope.type === 'service'
				? sql`select m.id as mall_id, m.name as mall, a.id as agency_id, a.name as agency, s.id as service_id, s.name as service, null::int as counter_id, null as counter
					from services s join agencies a on a.id = s.agency_id join malls m on m.id = s.mall_id where s.id = ${scope.id}`
				: scope.type === 'agency'
					? sql`select m.id as mall_id, m.name as mall, a.id as agency_id, a.name as agency, null::int as service_id, null as service, null::int as counter_id, null as counter
						from agencies a join malls m on m.id = a.mall_id where a.id = ${scope.id}`
					: sql`select m.id as mall_id, m.name as mall, null::int as agency_id, null as agency, null::int as service_id, null as service, null::int as counter_id, null as counter
						from malls m where m.id = ${scope.id}`
	);
	if (!row) return [];
	const chain: ScopeNode[] = [{ type: 'mall', id: row.mall_id, name: row.mall }];
	if (row.agency_id !== null) chain.push({ type: 'agency', id: row.agency_id, name: row.agency! });
	if (row.service_id !== null) chain.push({ type: 'service', id: row.service_id, name: row.service! });
	if (row.counter_id !== null) chain.push({ type: 'counter', id: row.counter_id, name: row.counter! });
	return chain;
}

export interface ScopeOption {
	type: ScopeType;
	id: number;
	name: string;
	/** Nesting depth for the picker: 0 mall, 1 agency, 2 service, 3 counter. */
	depth: number;
}

/** Every unit `access` may pick, in tree order (mall, then each agency with its services and their counters). */
export async function scopeOptions(db: Db, access: Access & { mallId: number }): Promise<ScopeOption[]> {
	const rows = await executePrepared<{ type: 'agency' | 'service' | 'counter'; id: number; name: string; agency_id: number; code: string | null }>(
		db,
		sql`
			select type, id, name, agency_id, code from (
				select 'agency' as type, a.id, a.name, a.id as agency_id, a.name as agency, null as service, 0 as service_id, null as code
					from agencies a where a.mall_id = ${access.mallId}
				union all
				select 'service', s.id, s.name, a.id, a.name, s.name, s.id, null
					from services s join agencies a on a.id = s.agency_id where s.mall_id = ${access.mallId}
				union all
				select 'counter', c.id, c.name, a.id, a.name, s.name, s.id, c.code
					from counters c join services s on s.id = c.service_id join agencies a on a.id = c.agency_id where c.mall_id = ${access.mallId}
			) units
			order by agency, agency_id, service nulls first, service_id, code nulls first`
	);
	const options: ScopeOption[] = [];
	if (canReadMall(access)) {
		const [mall] = await executePrepared<{ name: string }>(db, sql`select name from malls where id = ${access.mallId}`);
		options.push({ type: 'mall', id: access.mallId, name: mall?.name ?? '', depth: 0 });
	}
	for (const r of rows) {
		if (access.agencyIds !== null && !access.agencyIds.includes(r.agency_id)) continue;
		options.push({ type: r.type, id: r.id, name: r.type === 'counter' && r.code ? `${r.code} · ${r.name}` : r.name, depth: { agency: 1, service: 2, counter: 3 }[r.type] });
	}
	return options;
}
