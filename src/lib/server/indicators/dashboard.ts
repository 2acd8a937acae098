/**
 * Everything the dashboard shows for a scope and period, from the indicators layer: the headline and trend, the
 * previous period, the units one level down with their sparklines, and the hour × weekday heatmap. Pages only
 * format these numbers; they never compute them.
 */
import { computeCsat, type CsatResult } from '../../domain/csat';
import { bucketStarts } from '../../domain/granularity';
import { SKM_CODES } from '../../domain/instruments';
import type { Channel } from '../../domain/profile';
import type { ReportPeriod } from '../../domain/report-period';
import { canReadMall, type Access } from '../../domain/roles';
import type { SampleAdequacy } from '../../domain/sampling';
import type { ScopeFilter, ScopeType } from '../../domain/scope';
import { calculationTrail, ikmChange, ikmOfTallies, weakestUnsur, type CalculationTrail, type IkmResult } from '../../domain/skm';
import type { WaitingSummary } from '../../domain/waiting-time';
import type { Db } from '../db/client';
import { findMall } from '../organization/settings';
import { waitingTimes } from './channels';
import { computeIndicators, type Indicators } from './indicators';
import { periodSampleAdequacy } from './period-sample';
import { childUnits, findScope, heatmapCells, scopeUnits, type HeatCell } from './queries';
import { quickReasons, quickSummary, reasonCounts, type QuickReason, type QuickSummary } from './quick';
import { groupFigures } from './rollup-tallies';

const CHILD: Record<ScopeType, 'agency' | 'service' | 'counter' | null> = { mall: 'agency', agency: 'service', service: 'counter', counter: null };

interface ChildFigures {
	type: 'agency' | 'service' | 'counter';
	id: number;
	name: string;
	/** Archived (or under an archived unit): listed only when it has respondents in the period. */
	archived: boolean;
	respondents: number;
	result: IkmResult;
	trail: CalculationTrail;
	/** IKM per series bucket (null where a bucket has no complete set of unsur). */
	spark: (number | null)[];
	/** Quick mode's CSAT of the unit (n = 0 when none of its counters ran quick mode). */
	quick: CsatResult;
}

/** Quick mode on the dashboard: its own card, never mixed into the IKM. */
interface DashboardQuick extends QuickSummary {
	/** Answers per value 1–4 (the calculation trail). */
	values: { 1: number; 2: number; 3: number; 4: number };
	previous: CsatResult;
	/** CSAT points against the previous period (null when either CSAT is undefined). */
	change: number | null;
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
	/** Waiting and service time of ticket responses with queue times, IKM per waiting band; null when the period has none. */
	waiting: WaitingSummary | null;
	/** Quick mode's CSAT, trend and reasons; null when neither this period nor the previous one has a quick rating. */
	quick: DashboardQuick | null;
}

/** The units one level below a scope that `access` may read, with their figures and sparklines. */
async function childFigures(db: Db, access: Access, scope: ScopeFilter, period: ReportPeriod, channel?: Channel): Promise<ChildFigures[]> {
	const child = CHILD[scope.type];
	if (!child) return [];
	const range = { from: period.from, to: period.to };
	const units = await childUnits(db, access, scope.type, scope.id);
	if (units.length === 0) return [];
	const { tallies, counts } = await groupFigures(db, scope, range, { by: child, granularity: period.granularity }, channel);
	const buckets = bucketStarts(period.from, period.to, period.granularity);
	// Keys are "<unit id>|<bucket start>": grouped once by unit and by key, not filtered per unit and bucket.
	const unitOf = (key: string) => key.slice(0, key.indexOf('|'));
	const byUnit = new Map<string, typeof tallies>();
	const byKey = new Map<string, typeof tallies>();
	for (const t of tallies) {
		for (const [map, key] of [[byUnit, unitOf(t.key)], [byKey, t.key]] as const) {
			const list = map.get(key);
			if (list) list.push(t);
			else map.set(key, [t]);
		}
	}
	const respondentsOf = new Map<string, number>();
	const quickOf = new Map<string, { 1: number; 2: number; 3: number; 4: number }>();
	for (const c of counts) {
		const unit = unitOf(c.key);
		respondentsOf.set(unit, (respondentsOf.get(unit) ?? 0) + c.respondents);
		const q = quickOf.get(unit) ?? { 1: 0, 2: 0, 3: 0, 4: 0 };
		quickOf.set(unit, { 1: q[1] + c.quick1, 2: q[2] + c.quick2, 3: q[3] + c.quick3, 4: q[4] + c.quick4 });
	}
	const figures = units.map((unit) => {
		const result = ikmOfTallies(byUnit.get(String(unit.id)) ?? [], SKM_CODES);
		return {
			type: child,
			id: unit.id,
			name: unit.name,
			archived: unit.archived,
			respondents: respondentsOf.get(String(unit.id)) ?? 0,
			result,
			trail: calculationTrail(result),
			spark: buckets.map((start) => ikmOfTallies(byKey.get(`${unit.id}|${start}`) ?? [], SKM_CODES).ikm),
			quick: computeCsat(quickOf.get(String(unit.id)) ?? { 1: 0, 2: 0, 3: 0, 4: 0 })
		};
	});
	// An archived unit stays in the periods it served, and only there.
	return figures.filter((unit) => !unit.archived || unit.respondents > 0);
}

/**
 * The dashboard of a scope and period, or null when the scope does not exist or `access` may not read it. With
 * `channel`, every figure counts only that channel's responses.
 */
export async function loadDashboard(db: Db, access: Access, scope: ScopeFilter, period: ReportPeriod, channel?: Channel): Promise<Dashboard | null> {
	const found = await findScope(db, scope, access);
	if (!found) return null;
	const query = { scope: scope.type, id: scope.id, channel };
	const [current, previous, children, cells, sample, waiting, chosen, defined] = await Promise.all([
		computeIndicators(db, { ...query, from: period.from, to: period.to, granularity: period.granularity, breakdown: true }, access),
		computeIndicators(db, { ...query, from: period.previous.from, to: period.previous.to, granularity: 'year' }, access),
		childFigures(db, access, scope, period, channel),
		heatmapCells(db, scope, period, channel),
		periodSampleAdequacy(db, scope, found, period, channel),
		waitingTimes(db, scope, period, found.timeZone, channel),
		reasonCounts(db, scope, period, found.timeZone, channel),
		quickReasons(db)
	]);
	if (!current) return null;
	const previousIkm = previous?.ikm ?? null;
	return {
		current,
		previous: {
			...period.previous,
			respondents: previous?.respondents ?? 0,
			ikm: previousIkm,
			change: ikmChange(current.ikm, previousIkm)
		},
		weakest: weakestUnsur(current.unsur),
		sample,
		children,
		heatmap: cells,
		waiting,
		quick: current.quick.n === 0 && (previous?.quick.n ?? 0) === 0 ? null : dashboardQuick(current, previous, chosen, defined)
	};
}

/** The quick card's figures: the period's CSAT and reasons, its answers per value, and the change against the previous period. */
function dashboardQuick(current: Indicators, previous: Indicators | null, chosen: Map<string, number>, defined: QuickReason[]): DashboardQuick {
	const [quick1, quick2, quick3, quick4] = current.quick.values;
	const summary = quickSummary(current.quick.values, chosen, defined);
	const before = previous ? { n: previous.quick.n, satisfied: previous.quick.satisfied, csat: previous.quick.csat } : { n: 0, satisfied: 0, csat: null };
	return { ...summary, values: { 1: quick1, 2: quick2, 3: quick3, 4: quick4 }, previous: before, change: ikmChange(summary.csat.csat, before.csat) };
}

/** The scope a user lands on: the mall, or a manager's first agency. */
export async function homeScope(db: Db, access: Access & { mallId: number }): Promise<ScopeFilter> {
	if (canReadMall(access)) return { type: 'mall', id: access.mallId };
	const agencies = await childUnits(db, access, 'mall', access.mallId);
	const first = agencies.find((agency) => !agency.archived) ?? agencies[0];
	return first ? { type: 'agency', id: first.id } : { type: 'mall', id: access.mallId };
}

export interface ScopeOption {
	type: ScopeType;
	id: number;
	name: string;
	/** Nesting depth for the picker: 0 mall, 1 agency, 2 service, 3 counter. */
	depth: number;
	/** Archived: offered only while it is the unit shown (reached from a past period's ranking). */
	archived: boolean;
}

/**
 * Every unit in use that `access` may pick, in tree order (mall, then each agency with its services and their
 * counters), and `current` — the unit shown — even when it is archived, so the picker shows what the page shows.
 */
export async function scopeOptions(db: Db, access: Access & { mallId: number }, current?: ScopeFilter): Promise<ScopeOption[]> {
	const [units, mall] = await Promise.all([scopeUnits(db, access, current), canReadMall(access) ? findMall(db, access.mallId) : null]);
	const options: ScopeOption[] = canReadMall(access) ? [{ type: 'mall', id: access.mallId, name: mall?.name ?? '', depth: 0, archived: false }] : [];
	for (const unit of units) {
		const name = unit.type === 'counter' && unit.code ? `${unit.code} · ${unit.name}` : unit.name;
		options.push({ type: unit.type, id: unit.id, name, depth: { agency: 1, service: 2, counter: 3 }[unit.type], archived: unit.archived });
	}
	return options;
}
