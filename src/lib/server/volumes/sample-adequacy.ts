/**
 * Whether a scope's respondents are enough for its period, with the population taken from service volumes — the
 * figure the dashboard and the Laporan SKM state the same way.
 */
import { sampleAdequacy, type SampleAdequacy } from '../../domain/sampling';
import type { ScopeFilter } from '../../domain/scope';
import { addMonths, endedMonths, servedBetween } from '../../domain/volume';
import type { Db } from '../db/client';
import { complete, scopeVolumes } from './volumes';

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
	const { from: first, to: end, periodTo: periodEnd } = endedMonths(period, today); // months [first, end)
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
