import { json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { deviceStatuses, listDevices } from '$lib/server/kiosk/devices';

/** Tablets with their last contact, highest sequence number, responses received and sequence gaps. */
export const GET: RequestHandler = async (event) => {
	const { db, access } = await requireAdmin(event);
	return json({ devices: deviceStatuses(await listDevices(db, access)) });
};
