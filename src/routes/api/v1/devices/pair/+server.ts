import { error, json, type RequestHandler } from '@sveltejs/kit';
import { allowPublic } from '$lib/server/access/guards';
import { hitRateLimit, isRateLimited } from '$lib/server/access/rate-limit';
import { readJson } from '$lib/server/http';
import { pairDevice } from '$lib/server/kiosk/pairing';
import { PairRequestSchema } from '$lib/server/openapi/requests';

const MESSAGES = {
	invalid_code: 'unknown pairing code',
	expired_code: 'this pairing code has expired (codes are valid for 15 minutes)',
	used_code: 'this pairing code was already used'
} as const;

/** Wrong codes allowed per address in 15 minutes: guessing one of a million codes stays hopeless. */
const WRONG_CODES = { limit: 10, windowSeconds: 15 * 60 };

/** A tablet trades a one-time pairing code for its device token. Only wrong codes count against the limit. */
export const POST: RequestHandler = async (event) => {
	const { db } = await allowPublic();
	const key = `pair-failures:${event.getClientAddress()}`;
	const limit = await isRateLimited(db, key, WRONG_CODES.limit, WRONG_CODES.windowSeconds);
	if (!limit.allowed) {
		error(429, { message: `too many wrong pairing codes; try again in ${limit.retryAfterSeconds} s`, code: 'rate_limited' });
	}
	const input = await readJson(event.request, PairRequestSchema);
	const paired = await pairDevice(db, input);
	if ('error' in paired) {
		await hitRateLimit(db, key, WRONG_CODES.limit, WRONG_CODES.windowSeconds);
		error(400, { message: MESSAGES[paired.error], code: paired.error });
	}
	return json({ token: paired.token, device: { id: paired.deviceId, name: paired.deviceName }, highestSeq: paired.highestSeq }, { status: 201 });
};
