import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { parseId } from '$lib/domain/values';
import { listDeviceResponses } from '$lib/server/responses/queries';

/** The responses a tablet delivered, in sequence order (?device=<id>; at most 1 000). */
export const GET: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const device = parseId(event.url.searchParams.get('device'));
	if (device === null) error(400, { message: 'device: must be a device id (1 to 2147483647)', code: 'invalid_query' });
	return json({ responses: await listDeviceResponses(db, device, mallId) });
};
