import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { findResponse } from '$lib/server/responses/queries';

/** One stored response as recorded (for support: what exactly arrived from a tablet). */
export const GET: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const response = await findResponse(db, event.params.id!, mallId);
	if (!response) error(404, { message: `no response ${event.params.id}`, code: 'not_found' });
	return json(response);
};
