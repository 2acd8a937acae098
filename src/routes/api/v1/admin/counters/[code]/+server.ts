import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { findCounterByCode } from '$lib/server/kiosk/pairing';
import { updateCounterSurvey } from '$lib/server/organization/counters';
import { PatchCounterSchema } from '$lib/server/openapi/requests';

/** Change how a counter surveys: full SKM or quick mode, and the minimum interval between two submissions. */
export const PATCH: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const input = await readJson(event.request, PatchCounterSchema);
	const found = await findCounterByCode(db, event.params.code!, mallId);
	if ('error' in found) error(found.error === 'unknown_counter' ? 404 : 409, { message: `counter ${event.params.code}: ${found.error}`, code: found.error });
	return json(await updateCounterSurvey(db, found.counter.id, input));
};
