import { error, json, type RequestHandler } from '@sveltejs/kit';
import { allowPublic } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { QrResponseSchema } from '$lib/server/openapi/requests';
import { recordPhoneRating } from '$lib/server/responses/phone';

const STATUS = { stored: 201, duplicate: 200, conflict: 409, rejected: 400 } as const;

/** A ticket (or its absence) that stops the rating: nothing is stored. */
const TICKET_REFUSALS = {
	ticket_required: [403, 'this counter rates only with a one-time ticket'],
	ticket_unknown: [404, 'unknown ticket for this counter'],
	ticket_used: [409, 'this ticket has already been used to rate'],
	ticket_expired: [410, 'this ticket has expired']
} as const;

/** A rating from a citizen's phone (QR poster at the counter): no login, rate-limited (see responses/phone). */
export const POST: RequestHandler = async (event) => {
	const { db } = await allowPublic();
	const input = await readJson(event.request, QrResponseSchema);
	let client = event.cookies.get('puas_qr');
	if (!client || !/^[\w-]{10,64}$/.test(client)) {
		client = crypto.randomUUID();
		event.cookies.set('puas_qr', client, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 86_400 });
	}
	const recorded = await recordPhoneRating(db, { path: input.path, item: input.item, address: event.getClientAddress(), client, ticket: input.ticket });
	switch (recorded.outcome) {
		case 'unknown_counter':
			error(404, { message: `no counter at ${input.path}`, code: 'unknown_counter' });
		case 'rejected':
			return json(recorded.result, { status: 400 });
		case 'rate_limited':
			return json(
				{ message: `too many ratings; try again in ${recorded.retryAfterSeconds} s`, code: 'rate_limited' },
				{ status: 429, headers: { 'retry-after': String(recorded.retryAfterSeconds) } }
			);
		case 'recorded':
			return json(recorded.result, { status: STATUS[recorded.result.status] });
		default: {
			const [status, message] = TICKET_REFUSALS[recorded.outcome];
			return json({ message, code: recorded.outcome }, { status });
		}
	}
};
