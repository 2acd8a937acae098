import { error, json, type RequestHandler } from '@sveltejs/kit';
import { allowPublic } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { pairFromAddress } from '$lib/server/kiosk/pairing';
import { PairRequestSchema } from '$lib/server/openapi/requests';

const MESSAGES = {
	invalid_code: 'unknown pairing code',
	expired_code: 'this pairing code has expired (codes are valid for 15 minutes)',
	used_code: 'this pairing code was already used'
} as const;

/** A tablet trades a one-time pairing code for its device token; wrong codes are limited per address. */
export const POST: RequestHandler = async (event) => {
	const { db } = await allowPublic();
	const input = await readJson(event.request, PairRequestSchema);
	const paired = await pairFromAddress(db, input, event.getClientAddress());
	if ('error' in paired) {
		if (paired.error === 'rate_limited') {
			return json(
				{ message: `too many wrong pairing codes; try again in ${paired.retryAfterSeconds} s`, code: 'rate_limited' },
				{ status: 429, headers: { 'retry-after': String(paired.retryAfterSeconds) } }
			);
		}
		error(400, { message: MESSAGES[paired.error], code: paired.error });
	}
	return json({ token: paired.token, device: { id: paired.deviceId, name: paired.deviceName }, highestSeq: paired.highestSeq }, { status: 201 });
};
