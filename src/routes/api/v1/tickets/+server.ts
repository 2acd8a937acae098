import { error, json, type RequestHandler } from '@sveltejs/kit';
import { renderSVG } from 'uqr';
import { requireTicketIssuer } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { issueApiTicket } from '$lib/server/tickets/issue';
import { CreateTicketSchema } from '$lib/server/tickets/schema';

/**
 * One one-time ticket for a citizen a queue system has served: the survey URL with its code (and as a QR), usable
 * once until it expires. An integration token of the hall, or an admin of the hall.
 */
export const POST: RequestHandler = async (event) => {
	const { db, mallId, tokenId, userId } = await requireTicketIssuer(event);
	const input = await readJson(event.request, CreateTicketSchema);
	const issued = await issueApiTicket(db, { mallId, tokenId, userId, origin: event.url.origin }, input);
	if ('error' in issued) {
		const [status, message] = ISSUE_ERRORS[issued.error];
		error(status, { message: issued.message ?? message, code: issued.error });
	}
	return json({ code: issued.code, url: issued.url, qrSvg: renderSVG(issued.url, { border: 1 }), expiresAt: issued.expiresAt.toISOString() }, { status: 201 });
};

const ISSUE_ERRORS = {
	unknown_counter: [404, 'counter: no such counter in this hall'],
	ambiguous_counter: [409, 'counter: this code names counters in several halls; use a token of one hall'],
	out_of_service: [409, 'counter: is out of service (archived)'],
	invalid_body: [400, 'invalid ticket']
} as const;
