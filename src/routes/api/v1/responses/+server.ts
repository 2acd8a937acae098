import { json, type RequestHandler } from '@sveltejs/kit';
import { requireDevice } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { recordResponses, recordSuppressed } from '$lib/server/responses/ingest';
import { BatchSchema } from '$lib/server/responses/schema';

/** A batch of up to 500 responses from one tablet; one result per item (stored, duplicate, conflict, rejected). */
export const POST: RequestHandler = async (event) => {
	const { db, device, counterIds } = await requireDevice(event);
	const batch = await readJson(event.request, BatchSchema);
	const submitter = { mallId: device.mallId, channel: 'kiosk' as const, deviceId: device.id, counterIds };
	const results = await recordResponses(db, submitter, batch.items);
	const suppressed = batch.suppressed ? await recordSuppressed(db, submitter, batch.suppressed) : [];
	return json({ results, suppressed });
};
