import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { parseId } from '$lib/domain/values';
import { revokeDevice } from '$lib/server/kiosk/devices';

/** Revoke a tablet's token; the tablet keeps its unsent queue until it is paired again. */
export const POST: RequestHandler = async (event) => {
	const { db, mallId, actor } = await requireAdmin(event);
	const id = parseId(event.params.id);
	if (id === null || !(await revokeDevice(db, id, mallId, new Date(), actor))) error(404, { message: `no device ${event.params.id}`, code: 'not_found' });
	return json({ id, revoked: true });
};
