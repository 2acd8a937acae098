import { error, json, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireReader } from '$lib/server/access/guards';
import { computeIndicators } from '$lib/server/indicators/indicators';
import { IndicatorQuerySchema } from '$lib/server/indicators/query-schema';
import { computeRegionIndicators } from '$lib/server/regions/region-indicators';
import { fieldErrors } from '$lib/server/responses/schema';

/**
 * IKM, NRR per unsur, n, mutu, kinerja, a series and the per-channel breakdown for a mall, agency, service or counter
 * (?channel= restricts every figure to one channel). A manager reads only their agencies; anything else is a 404, as
 * for an id that does not exist. For a region (province or kabupaten/kota code) or the nation: the same figures pooled
 * over every respondent of its halls, the mean of the halls' IKMs beside it, and each hall's figures (?agencyKind=
 * restricts them to the agencies of one kind); a region outside the caller's reach is a 404 as well.
 */
export const GET: RequestHandler = async (event) => {
	const { db, access } = await requireReader(event);
	const parsed = v.safeParse(IndicatorQuerySchema, Object.fromEntries(event.url.searchParams));
	if (!parsed.success) {
		error(400, { message: fieldErrors(parsed.issues).map((e) => `${e.field}: ${e.message}`).join('; '), code: 'invalid_query' });
	}
	const query = parsed.output;
	if (query.scope === 'region' || query.scope === 'nation') {
		const scope = query.scope === 'region' ? { type: 'region' as const, code: query.id } : { type: 'nation' as const };
		const indicators = await computeRegionIndicators(db, { ...query, scope }, access);
		if (indicators === 'unknown_agency_kind') error(400, { message: `agencyKind: no agency kind ${query.agencyKind} in the catalogue`, code: 'invalid_query' });
		if (typeof indicators === 'string') error(404, { message: query.scope === 'region' ? `no region ${query.id}` : 'the nation is outside this access', code: 'not_found' });
		return json(indicators);
	}
	const indicators = await computeIndicators(db, { ...query, breakdown: true }, access);
	if (!indicators) error(404, { message: `no ${query.scope} ${query.id}`, code: 'not_found' });
	return json(indicators);
};
