import { error, json, type RequestHandler } from '@sveltejs/kit';
import { allowPublic } from '$lib/server/access/guards';
import { hitRateLimit } from '$lib/server/access/rate-limit';
import { readJson } from '$lib/server/http';
import { counterFromQrPath } from '$lib/server/kiosk/qr';
import { loadCounters, recordResponses } from '$lib/server/responses/ingest';
import { QrResponseSchema } from '$lib/server/openapi/requests';

/** Per counter: a counter serves far fewer citizens than this in ten minutes. */
const PER_COUNTER = { limit: 60, windowSeconds: 600 };
/** Per phone (cookie) and address: one rating at a time, a few per visit. */
const PER_CLIENT = { limit: 3, windowSeconds: 600 };
/** Per address alone: generous, because mobile carriers put many phones behind one address. */
const PER_ADDRESS = { limit: 30, windowSeconds: 600 };

/** A rating from a citizen's phone (QR poster at the counter): no login, rate-limited per counter and per client. */
export const POST: RequestHandler = async (event) => {
	const { db } = await allowPublic();
	const input = await readJson(event.request, QrResponseSchema);
	const counter = await counterFromQrPath(db, input.path);
	if (!counter) error(404, { message: `no counter at ${input.path}`, code: 'unknown_counter' });

	let client = event.cookies.get('puas_qr');
	if (!client || !/^[\w-]{10,64}$/.test(client)) {
		client = crypto.randomUUID();
		event.cookies.set('puas_qr', client, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 86_400 });
	}
	const address = event.getClientAddress();
	for (const [key, rule] of [
		[`qr-counter:${counter.id}`, PER_COUNTER],
		[`qr-client:${address}:${client}`, PER_CLIENT],
		[`qr-address:${address}`, PER_ADDRESS]
	] as const) {
		const hit = await hitRateLimit(db, key, rule.limit, rule.windowSeconds);
		if (!hit.allowed) {
			return json(
				{ message: `too many ratings; try again in ${hit.retryAfterSeconds} s`, code: 'rate_limited' },
				{ status: 429, headers: { 'retry-after': String(hit.retryAfterSeconds) } }
			);
		}
	}
	const counters = await loadCounters(db, [counter.id]);
	const [result] = await recordResponses(db, { mallId: counter.mallId, channel: 'qr', deviceId: null, counters }, [input.item]);
	const status = result!.status === 'stored' ? 201 : result!.status === 'duplicate' ? 200 : result!.status === 'conflict' ? 409 : 400;
	return json(result, { status });
};
