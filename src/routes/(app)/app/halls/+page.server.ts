import type { PageServerLoad } from './$types';
import { SKM_2017 } from '$lib/domain/instruments';
import { localDate } from '$lib/domain/periods';
import { canOperate } from '$lib/domain/roles';
import { ikmChange } from '$lib/domain/skm';
import { acrossHalls } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { readPeriod, type QueryProblem } from '$lib/server/indicators/query-params';
import { listAgencyKinds } from '$lib/server/regions/agency-kinds';
import { hallsInReach, regionOptions } from '$lib/server/regions/halls';
import { computeRegionIndicators, NATIONAL_ZONE, type RegionScope } from '$lib/server/regions/region-indicators';

/**
 * The halls page of a reader across halls (an operator, an evaluator of a region or the nation): the region's IKM
 * pooled over every respondent beside the mean of its halls, and the ranking of its halls with a drill-down into each.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { reach } = acrossHalls(locals);
	const db = await getDb();
	const params = url.searchParams;
	const today = localDate(new Date(), NATIONAL_ZONE);
	const { period, errors } = readPeriod(params, today);
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
	const ask = (range: { from: string; to: string }, granularity: typeof period.granularity) =>
		computeRegionIndicators(db, { scope, ...range, granularity, ...(kind ? { agencyKind: kind.code } : {}) }, reach);
	const [current, previous] = await Promise.all([ask(period, period.granularity), ask(period.previous, 'year')]);
	// The options come from the reader's own reach and the kind from the catalogue, so neither is refused here.
	if (typeof current === 'string' || typeof previous === 'string') throw new Error(`region figures refused: ${String(current)}`);
	const before = new Map(previous.halls.map((h) => [h.id, h.ikm]));
	const ranking = [...current.halls]
		.map((hall) => ({ ...hall, change: ikmChange(hall.ikm, before.get(hall.id) ?? null) }))
		.sort((a, b) => (a.ikm === null || b.ikm === null ? (a.ikm === b.ikm ? 0 : a.ikm === null ? 1 : -1) : b.ikm - a.ikm) || a.name.localeCompare(b.name, 'id'));

	return {
		options,
		scopeKey: chosen.key,
		period,
		errors: problems,
		kinds,
		kind: kind?.code ?? '',
		region: { ...current, halls: ranking },
		previousIkm: previous.ikm,
		canOperate: canOperate(reach),
		unsurNames: Object.fromEntries(SKM_2017.items.map((item) => [item.code, item.name]))
	};
};
