import { json, type RequestHandler } from '@sveltejs/kit';
import { requireDevice } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { recordOutboxReport } from '$lib/server/kiosk/devices';
import { RateLimitedError, recordResponses, recordSuppressed } from '$lib/server/responses/ingest';
import { BatchSchema } from '$lib/server/responses/schema';

/** 500 items with 1 000-character comments fit; anything larger is not a kiosk batch. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * A batch of up to 500 responses from one tablet; one result per item (stored, duplicate, conflict, rejected).
 * Each request counts against the tablet's per-minute limit (DEVICE_BATCHES_PER_MINUTE).
 */
export const POST: RequestHandler = async (event) => {
	const { db, device, counters } = await requireDevice(event);
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY_BYTES) {
		// Answered before the body is read: the connection must close, or its unread bytes would poison the next request.
		const message = `the body is ${length} bytes; at most ${MAX_BODY_BYTES} (send fewer items per batch)`;
		return json({ message, code: 'too_large' }, { status: 413, headers: { connection: 'close' } });
	}
	const batch = await readJson(event.request, BatchSchema);
	const submitter = { mallId: device.mallId, channel: 'kiosk' as const, deviceId: device.id, counters };
	try {
		const results = await recordResponses(db, submitter, batch.items);
		const suppressed = batch.suppressed ? await recordSuppressed(db, submitter, batch.suppressed) : [];
		if (batch.outbox) await recordOutboxReport(db, device, batch.outbox);
		return json({ results, suppressed });
	} catch (failure) {
		if (!(failure instanceof RateLimitedError)) throw failure;
		return json({ message: failure.message, code: 'rate_limited' }, { status: 429, headers: { 'retry-after': String(failure.retryAfterSeconds) } });
	}
};
