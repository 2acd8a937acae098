import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireDevice } from '$lib/server/access/guards';
import { counterConfig, outOfServiceSince } from '$lib/server/kiosk/config';

/** The paired tablet's counter, instrument texts and settings; the kiosk keeps a copy for offline use. */
export const GET: RequestHandler = async (event) => {
	const { db, device } = await requireDevice(event);
	const archivedAt = await outOfServiceSince(db, device.counterId);
	if (archivedAt) error(409, { message: `the device's counter is out of service (archived at ${archivedAt.toISOString()})`, code: 'out_of_service' });
	const config = await counterConfig(db, device.counterId);
	if (!config) error(409, { message: "the device's counter has no published instrument", code: 'not_configured' });
	return json({ device: { id: device.id, name: device.name, highestSeq: device.highestSeq }, ...config });
};
