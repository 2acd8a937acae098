import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { revokeDevice } from '$lib/server/kiosk/devices';

/** Revoke a tablet's token; the tablet keeps its unsent queue until it is paired again. */
export const POST: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || !(await revokeDevice(db, id, mallId))) error(404, { message: `no device ${event.params.id}`, code: 'not_found' });
	return json({ id, revoked: true });
};
