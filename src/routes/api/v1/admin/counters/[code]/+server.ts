import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { findCounterByCode } from '$lib/server/kiosk/pairing';
import { PatchCounterSchema } from '$lib/server/openapi/requests';
import { updateCounterSettings } from '$lib/server/organization/settings';

/** Change how a counter surveys: full SKM or quick mode, the minimum interval between two submissions, its phone channel. */
export const PATCH: RequestHandler = async (event) => {
	const { db, mallId, actor } = await requireAdmin(event);
	const input = await readJson(event.request, PatchCounterSchema);
	const found = await findCounterByCode(db, event.params.code!, mallId);
	if ('error' in found) error(found.error === 'unknown_counter' ? 404 : 409, { message: `counter ${event.params.code}: ${found.error}`, code: found.error });
	// Checked against the token's mall (an installation-wide token works on the counter's own).
	const updated = await updateCounterSettings(db, mallId ?? found.counter.mallId, found.counter.id, input, actor);
	if (!updated) error(404, { message: `counter ${event.params.code}: unknown_counter`, code: 'unknown_counter' });
	return json(updated);
};
