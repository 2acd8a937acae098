import { error, json, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireReader } from '$lib/server/access/guards';
import { computeIndicators } from '$lib/server/indicators/indicators';
import { IndicatorQuerySchema } from '$lib/server/indicators/query-schema';
import { fieldErrors } from '$lib/server/responses/schema';

/**
 * IKM, NRR per unsur, n, mutu, kinerja, a series and the per-channel breakdown for a mall, agency, service or counter
 * (?channel= restricts every figure to one channel). A manager reads only their agencies; anything else is a 404, as
 * for an id that does not exist.
 */
export const GET: RequestHandler = async (event) => {
	const { db, access } = await requireReader(event);
	const parsed = v.safeParse(IndicatorQuerySchema, Object.fromEntries(event.url.searchParams));
	if (!parsed.success) {
		error(400, { message: fieldErrors(parsed.issues).map((e) => `${e.field}: ${e.message}`).join('; '), code: 'invalid_query' });
	}
	const indicators = await computeIndicators(db, { ...parsed.output, breakdown: true }, access);
	if (!indicators) error(404, { message: `no ${parsed.output.scope} ${parsed.output.id}`, code: 'not_found' });
	return json(indicators);
};
