/**
 * A rating from a citizen's phone (the QR poster at a counter): no login, so it is limited per address, per phone
 * (cookie) and per counter — counted only for a rating that would be stored, the address's own limit first, so
 * invalid requests spend nobody's budget and one address cannot use up a counter's budget for everyone.
 */
import type { Db } from '../db/client';
import { addressKey, hitRateLimit } from '../access/rate-limit';
import { counterFromQrPath } from '../kiosk/qr';
import { checkResponseItem, loadCounters, recordResponses, type ItemResult } from './ingest';

/** Per address: generous, because mobile carriers put many phones behind one address. */
export const PER_ADDRESS = { limit: 30, windowSeconds: 600 };
/** Per phone (cookie) and address: one rating at a time, a few per visit. */
export const PER_CLIENT = { limit: 3, windowSeconds: 600 };
/** Per counter: a counter serves far fewer citizens than this in ten minutes. */
export const PER_COUNTER = { limit: 60, windowSeconds: 600 };

export type PhoneRatingOutcome =
	| { outcome: 'unknown_counter' }
	| { outcome: 'rejected'; result: ItemResult }
	| { outcome: 'rate_limited'; retryAfterSeconds: number }
	| { outcome: 'recorded'; result: ItemResult };

export async function recordPhoneRating(
	db: Db,
	input: { path: string; item: unknown; address: string; client: string },
	now = new Date()
): Promise<PhoneRatingOutcome> {
	const counter = await counterFromQrPath(db, input.path);
	if (!counter) return { outcome: 'unknown_counter' };
	const submitter = { mallId: counter.mallId, channel: 'qr' as const, deviceId: null, counters: await loadCounters(db, [counter.id]) };
	const rejected = await checkResponseItem(db, submitter, input.item, now);
	if (rejected) return { outcome: 'rejected', result: rejected };
	const address = addressKey(input.address);
	for (const [key, rule] of [
		[`qr-address:${address}`, PER_ADDRESS],
		[`qr-client:${address}:${input.client}`, PER_CLIENT],
		[`qr-counter:${counter.id}`, PER_COUNTER]
	] as const) {
		const hit = await hitRateLimit(db, key, rule.limit, rule.windowSeconds, now);
		if (!hit.allowed) return { outcome: 'rate_limited', retryAfterSeconds: hit.retryAfterSeconds };
	}
	const [result] = await recordResponses(db, submitter, [input.item], now);
	return { outcome: 'recorded', result: result! };
}
