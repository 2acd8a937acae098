/**
 * The halls page's figures, read from its query (?scope=region-53&kind=dukcapil&period=…): the regions the reader may
 * pick, the period, the region's indicators with each hall's change against the previous period, ranked by IKM. The
 * page and its downloads read the same.
 */
import type { ReportPeriod } from '../../domain/report-period';
import { localDate } from '../../domain/periods';
import type { Access } from '../../domain/roles';
import { ikmChange } from '../../domain/skm';
import type { Db } from '../db/client';
import { readPeriod, type QueryProblem } from '../indicators/query-params';
import { listAgencyKinds, type AgencyKindItem } from './agency-kinds';
import { hallsInReach, regionOptions, type RegionOption } from './halls';
import { computeRegionIndicators, NATIONAL_ZONE, type RegionIndicators, type RegionScope } from './region-indicators';

/** A hall of the ranking, with its IKM points against the previous period (null when either IKM is undefined). */
type RankedHall = RegionIndicators['halls'][number] & { change: number | null };

export interface RegionRanking {
	options: RegionOption[];
	scopeKey: string;
	period: ReportPeriod;
	errors: QueryProblem[];
	kinds: AgencyKindItem[];
	/** The agency kind asked for ('' for every agency). */
	kind: string;
	region: Omit<RegionIndicators, 'halls'> & { halls: RankedHall[] };
}

/** Undefined IKMs last, then by IKM from the highest, then by name. */
function byIkm(a: RankedHall, b: RankedHall): number {
	if (a.ikm === null || b.ikm === null) return a.ikm === b.ikm ? a.name.localeCompare(b.name, 'id') : a.ikm === null ? 1 : -1;
	return b.ikm - a.ikm || a.name.localeCompare(b.name, 'id');
}

export async function regionRanking(db: Db, reach: Access, params: URLSearchParams, now = new Date()): Promise<RegionRanking> {
	const { period, errors } = readPeriod(params, localDate(now, NATIONAL_ZONE));
	const problems: QueryProblem[] = [...errors];
	const [halls, kinds] = await Promise.all([hallsInReach(db, reach), listAgencyKinds(db)]);
	const options = regionOptions(reach, halls);
	const asked = params.get('scope');
	const chosen = options.find((o) => o.key === asked) ?? options[0]!;
	if (asked && chosen.key !== asked) problems.push({ field: 'scope', value: asked.slice(0, 40) });
	const kindText = params.get('kind') ?? '';
	const kind = kinds.find((k) => k.code === kindText);
	if (kindText && !kind) problems.push({ field: 'kind', value: kindText.slice(0, 40) });

	const scope: RegionScope = chosen.code === null ? { type: 'nation' } : { type: 'region', code: chosen.code };
	const ask = (range: { from: string; to: string }, granularity: ReportPeriod['granularity'], hallDetail: boolean) =>
		computeRegionIndicators(db, { scope, ...range, granularity, hallDetail, now, ...(kind ? { agencyKind: kind.code } : {}) }, reach);
	const [current, previous] = await Promise.all([ask(period, period.granularity, true), ask(period.previous, 'year', false)]);
	// The options come from the reader's own reach and the kind from the catalogue, so neither can be refused here.
	if (typeof current === 'string' || typeof previous === 'string') throw new Error(`region figures refused: ${String(current)}, ${String(previous)}`);
	const before = new Map(previous.halls.map((h) => [h.id, h.ikm]));
	const ranked = current.halls.map((hall) => ({ ...hall, change: ikmChange(hall.ikm, before.get(hall.id) ?? null) })).sort(byIkm);
	return { options, scopeKey: chosen.key, period, errors: problems, kinds, kind: kind?.code ?? '', region: { ...current, halls: ranked } };
}
