/**
 * Before/after impact of an innovation on its scope (the owner service, the owner agency, or the mall): IKM and each
 * unsur's NRR in equal windows before and after the launch with a seeded bootstrap interval (domain/impact), the
 * volume served and the response rate in the same windows, optionally against the agencies that launched nothing
 * in those windows (difference in differences), and a monthly series for the chart.
 */
import { sql, type SQL } from 'drizzle-orm';
import { bootstrapImpact, packAnswers, type ImpactResult } from '../../domain/impact';
import { SKM_CODES } from '../../domain/instruments';
import { addDays, localDate, startOfLocalDay } from '../../domain/periods';
import { canReadMall } from '../../domain/roles';
import type { ScopeFilter } from '../../domain/scope';
import { responseRate, servedInWindow } from '../../domain/volume';
import { executePrepared, type Db } from '../db/client';
import { SCOPE_COLUMN } from '../db/scope-columns';
import type { MallAccess } from '../access/page-access';
import { computeIndicators } from '../indicators/indicators';
import { mallTimeZone } from '../organization/queries';
import { answerPositions, answersByCode, parseIntArray } from '../responses/answers';
import { complete, nextMonth, scopeVolumes } from '../volumes/volumes';
import type { Innovation } from './innovations';

export const DEFAULT_WINDOW_DAYS = 90;
export const MIN_WINDOW_DAYS = 14;
export const MAX_WINDOW_DAYS = 365;
/** Resamples of the bootstrap: enough for stable 2.5 % and 97.5 % percentiles (their seed is shown with them). */
const IMPACT_RESAMPLES = 2000;
/** Respondents × resamples per analysis, at most: a large scope gets fewer resamples (never under 400), stated on the page. */
const BOOTSTRAP_BUDGET = 40_000_000;

/** 2 000 resamples up to 20 000 respondents in all windows, fewer above (the page shows how many were drawn). */
export function resamplesFor(respondents: number): number {
	return Math.max(400, Math.min(IMPACT_RESAMPLES, Math.floor(BOOTSTRAP_BUDGET / Math.max(respondents, 1) / 100) * 100));
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/** The innovation's scope: its service, else its agency, else the mall. */
function innovationScope(innovation: Pick<Innovation, 'serviceId' | 'agencyId'>, mallId: number): ScopeFilter {
	if (innovation.serviceId !== null) return { type: 'service', id: innovation.serviceId };
	if (innovation.agencyId !== null) return { type: 'agency', id: innovation.agencyId };
	return { type: 'mall', id: mallId };
}

interface Window {
	/** Local dates, `to` exclusive. */
	from: string;
	to: string;
}

interface WindowVolume {
	served: number | null;
	/** Months of the window without a volume for every service of the scope (the volume is then not shown). */
	missing: string[];
	responses: number;
	responseRate: number | null;
}

export interface ImpactAnalysis {
	scope: ScopeFilter;
	/** Days per window, as asked; `days` is what was used (shorter when the launch is recent). */
	requestedDays: number;
	days: number;
	before: Window;
	after: Window;
	/** Why there is no analysis: the launch is in the future, or too recent for a window of MIN_WINDOW_DAYS. */
	unavailable: 'not_launched' | 'too_recent' | null;
	result: ImpactResult | null;
	volume: { before: WindowVolume; after: WindowVolume } | null;
	/** The comparison group, when asked for: agencies that launched nothing in the windows; null = not possible. */
	comparison: { agencies: number; reason: null } | { agencies: 0; reason: 'mall_scope' | 'no_access' | 'none_left' } | null;
	/** Monthly IKM and served of the scope around the launch, for the chart. */
	series: { month: string; ikm: number | null; respondents: number; served: number | null }[];
}

/** A seed per innovation and window length: the same question gets the same interval. */
const impactSeed = (innovationId: number, days: number) => innovationId * 1_000 + days;

/** Answers (in SKM order) of the IKM respondents matching `where` in [from, to) local dates. */
async function windowAnswers(db: Db, mallId: number, where: SQL, window: Window, timeZone: string, positions: Map<number, number[]>) {
	const rows = await executePrepared<{ instrument_id: number; answers: unknown }>(
		db,
		sql`select r.instrument_id, r.answers from responses r
			where r.mall_id = ${mallId} and ${where}
				and r.submitted_at >= ${startOfLocalDay(window.from, timeZone).toISOString()}::timestamptz
				and r.submitted_at < ${startOfLocalDay(window.to, timeZone).toISOString()}::timestamptz
				and r.instrument_id in (select id from instruments where feeds_ikm)`
	);
	return packAnswers(
		rows.map((row) => answersByCode(parseIntArray(row.answers), positions.get(row.instrument_id), SKM_CODES.length)),
		SKM_CODES.length
	);
}

/** The analysis of one innovation for `access` (which may read it: the caller found it through `findInnovation`). */
export async function analyseImpact(
	db: Db,
	access: MallAccess,
	innovation: Innovation,
	options: { days: number; compare: boolean; today?: string }
): Promise<ImpactAnalysis> {
	const timeZone = await mallTimeZone(db, access.mallId);
	const today = options.today ?? localDate(new Date(), timeZone);
	const scope = innovationScope(innovation, access.mallId);
	const launch = innovation.launchDate;
	// Equal windows: when fewer than `days` have passed since the launch, both shrink to what has passed (today excluded).
	const passed = daysBetween(launch, today);
	const days = Math.min(options.days, Math.max(passed, 0));
	const before = { from: addDays(launch, -days), to: launch };
	const after = { from: launch, to: addDays(launch, days) };
	const seriesFrom = monthOf(addDays(launch, -365));
	const seriesTo = monthOf(addDays(launch, 365)) < monthOf(today) ? monthOf(addDays(launch, 365)) : monthOf(today);
	const series = await monthlySeries(db, access, scope, seriesFrom, seriesTo, today);
	const base = { scope, requestedDays: options.days, days, before, after, series };
	if (passed <= 0) return { ...base, unavailable: 'not_launched', result: null, volume: null, comparison: null };
	if (days < MIN_WINDOW_DAYS) return { ...base, unavailable: 'too_recent', result: null, volume: null, comparison: null };

	const positions = await answerPositions(db, SKM_CODES);
	const own = sql`r.${sql.raw(SCOPE_COLUMN[scope.type])} = ${scope.id}`;
	const [beforeSample, afterSample] = await Promise.all([
		windowAnswers(db, access.mallId, own, before, timeZone, positions),
		windowAnswers(db, access.mallId, own, after, timeZone, positions)
	]);

	let comparison: ImpactAnalysis['comparison'] = null;
	let comparisonSamples: Parameters<typeof bootstrapImpact>[4];
	if (options.compare) {
		if (scope.type === 'mall') comparison = { agencies: 0, reason: 'mall_scope' };
		else if (!canReadMall(access)) comparison = { agencies: 0, reason: 'no_access' };
		else {
			const owner = innovation.agencyId!;
			// Agencies other than the owner that launched no innovation of their own within the two windows.
			const agencies = await executePrepared<{ id: number }>(
				db,
				sql`select a.id from agencies a where a.mall_id = ${access.mallId} and a.id <> ${owner}
					and not exists (select 1 from innovations i where i.mall_id = a.mall_id and i.agency_id = a.id
						and i.launch_date >= ${before.from}::date and i.launch_date < ${after.to}::date)`
			);
			if (agencies.length === 0) comparison = { agencies: 0, reason: 'none_left' };
			else {
				const inGroup = sql`r.agency_id in (${sql.join(
					agencies.map((a) => sql`${a.id}`),
					sql`, `
				)})`;
				const [cb, ca] = await Promise.all([
					windowAnswers(db, access.mallId, inGroup, before, timeZone, positions),
					windowAnswers(db, access.mallId, inGroup, after, timeZone, positions)
				]);
				comparison = { agencies: agencies.length, reason: null };
				comparisonSamples = { before: cb, after: ca };
			}
		}
	}
	const result = bootstrapImpact(
		SKM_CODES,
		beforeSample,
		afterSample,
		{
			seed: impactSeed(innovation.id, days),
			resamples: resamplesFor(beforeSample.n + afterSample.n + (comparisonSamples ? comparisonSamples.before.n + comparisonSamples.after.n : 0))
		},
		comparisonSamples
	);

	const volumes = await scopeVolumes(db, access.mallId, scope, monthOf(before.from), nextMonth(monthOf(addDays(after.to, -1))));
	const windowVolume = (window: Window, responses: number): WindowVolume => {
		const fromMonth = monthOf(window.from);
		const toMonth = nextMonth(monthOf(addDays(window.to, -1)));
		const { served } = servedInWindow(volumes.months, window.from, window.to);
		const missing: string[] = [];
		for (let month = fromMonth; month < toMonth; month = nextMonth(month)) if (!complete(volumes, month, nextMonth(month))) missing.push(month);
		const known = missing.length === 0;
		return { served: known ? served : null, missing, responses, responseRate: known ? responseRate(responses, served) : null };
	};
	return {
		...base,
		unavailable: null,
		result,
		volume: { before: windowVolume(before, beforeSample.n), after: windowVolume(after, afterSample.n) },
		comparison
	};
}

/** Monthly IKM (from the rollups, as the dashboard shows it) and served of the scope, months [from, to]. */
async function monthlySeries(db: Db, access: MallAccess, scope: ScopeFilter, fromMonth: string, toMonth: string, today: string) {
	const lastDay = addDays(nextMonth(toMonth), -1);
	const [indicators, volumes] = await Promise.all([
		computeIndicators(db, { scope: scope.type, id: scope.id, from: fromMonth, to: lastDay < today ? lastDay : today, granularity: 'month' }, access),
		scopeVolumes(db, access.mallId, scope, fromMonth, nextMonth(toMonth))
	]);
	const series: ImpactAnalysis['series'] = [];
	for (let month = fromMonth; month <= toMonth; month = nextMonth(month)) {
		const bucket = indicators?.series.find((s) => s.from === month);
		const volume = volumes.months.find((v) => v.month === month);
		series.push({
			month: month.slice(0, 7),
			ikm: bucket?.ikm ?? null,
			respondents: bucket?.respondents ?? 0,
			served: volume && complete(volumes, month, nextMonth(month)) ? volume.served : null
		});
	}
	return series;
}
