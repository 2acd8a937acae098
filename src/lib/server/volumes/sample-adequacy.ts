/**
 * Whether a scope's respondents are enough for its period, with the population taken from service volumes — the
 * figure the dashboard, the Laporan SKM and a region's ranking of halls state the same way.
 */
import { sampleAdequacy, type SampleAdequacy } from '../../domain/sampling';
import type { ScopeFilter } from '../../domain/scope';
import { addMonths, endedMonths, responseRate, servedBetween } from '../../domain/volume';
import type { Db } from '../db/client';
import { complete, hallVolumes, scopeVolumes, type HallsOrAgencies, type ScopeVolumes } from './volumes';

/** A period's respondents, and per month of a monthly series its respondents (the months the target may be cut to). */
export interface PeriodRespondents {
	respondents: number;
	series: readonly { from: string; to: string; respondents: number }[];
}

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
	const { from: first, to: end } = endedMonths(period, today); // months [first, end)
	// Volumes are per service: a counter's share of its service's citizens is not recorded.
	if (end <= first || scope.type === 'counter') return sampleAdequacy(respondents, null);
	return adequacyOfVolumes(await scopeVolumes(db, mallId, scope, first, end), period, today, { respondents, series });
}

/** A hall's sample adequacy in a ranking, and its response rate (null while the population is unknown). */
export interface HallAdequacy {
	adequacy: SampleAdequacy;
	responseRate: number | null;
}

/**
 * The sample adequacy and response rate in each hall of `halls` over `period` (each hall in its own `today`) of `units`
 * — the halls as a whole, or their agencies of a kind — by the rule of a hall's own dashboard, with every hall's
 * volumes read at once (beside the rollup read, which gives the respondents). The response rate is the respondents of
 * the months the population covers over that population.
 */
export async function hallsSampleAdequacy(
	db: Db,
	units: HallsOrAgencies,
	halls: readonly { id: number; today: string }[],
	period: { from: string; to: string }
): Promise<(hallId: number, respondents: PeriodRespondents) => HallAdequacy> {
	const windows = new Map(halls.map((hall) => [hall.id, { today: hall.today, ...endedMonths(period, hall.today) }]));
	const open = [...windows.values()].filter((w) => w.from < w.to);
	const first = open.reduce((min, w) => (w.from < min ? w.from : min), '9999-12-01');
	const end = open.reduce((max, w) => (w.to > max ? w.to : max), '0000-01-01');
	const volumes = open.length ? await hallVolumes(db, units, first, end) : new Map<number, ScopeVolumes>();
	return (hallId, respondents) => {
		const window = windows.get(hallId);
		const adequacy = window && window.from < window.to ? adequacyOfVolumes(volumes.get(hallId), period, window.today, respondents) : sampleAdequacy(respondents.respondents, null);
		return { adequacy, responseRate: adequacy.population === null ? null : responseRate(adequacy.partial?.respondents ?? respondents.respondents, adequacy.population) };
	};
}

/** Whether the months of `period` a hall's population covers by `today` are all of it (else its monthly respondents are needed). */
export function coversWholePeriod(period: { from: string; to: string }, today: string): boolean {
	const { from, to, periodTo } = endedMonths(period, today);
	return from >= to || (from === period.from && to === periodTo);
}

/** Adequacy from a scope's volumes of the months of `period` ended by `today` (none read: unknown population). */
function adequacyOfVolumes(volumes: ScopeVolumes | undefined, period: { from: string; to: string }, today: string, { respondents, series }: PeriodRespondents): SampleAdequacy {
	const { from: first, to: end, periodTo: periodEnd } = endedMonths(period, today); // months [first, end)
	if (!volumes || !complete(volumes, first, end)) return sampleAdequacy(respondents, null);
	const population = servedBetween(volumes.months, first, end).served;
	if (first === period.from && end === periodEnd) return { ...sampleAdequacy(respondents, population), partial: null };
	// Part of the period: its months' respondents, when the series is by month (weeks and days do not split by month).
	const buckets = series.filter((b) => b.from >= first && b.from < end);
	if (buckets.some((b) => b.from.slice(0, 7) !== b.to.slice(0, 7) || !b.from.endsWith('-01'))) return sampleAdequacy(respondents, null);
	const inMonths = buckets.reduce((sum, b) => sum + b.respondents, 0);
	return { ...sampleAdequacy(inMonths, population), partial: { from: first.slice(0, 7), through: addMonths(end, -1).slice(0, 7), respondents: inMonths } };
}
