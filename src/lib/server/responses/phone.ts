/**
 * A rating from a citizen's phone (the QR poster at a counter): no login, so it is limited per address, per phone
 * (cookie) and per counter — counted only for a rating that would be stored, the address's own limit first, so
 * invalid requests spend nobody's budget and one address cannot use up a counter's budget for everyone.
 */
import { eq } from 'drizzle-orm';
import type { PhoneChannel } from '../../domain/profile';
import type { Db } from '../db/client';
import { counters } from '../db/schema';
import { addressKey, hitRateLimit } from '../access/rate-limit';
import { counterFromQrPath } from '../kiosk/qr';
import { findTicket, type FoundTicket } from '../tickets/find';
import { checkResponseItem, loadCounters, recordResponses, type ItemResult } from './ingest';

/** Per address: generous, because mobile carriers put many phones behind one address. */
export const PER_ADDRESS = { limit: 30, windowSeconds: 600 };
/** Per phone (cookie) and address: one rating at a time, a few per visit. */
export const PER_CLIENT = { limit: 3, windowSeconds: 600 };
/** Per counter: a counter serves far fewer citizens than this in ten minutes. */
export const PER_COUNTER = { limit: 60, windowSeconds: 600 };

/** Why a phone's ticket (or its absence) stops a rating: nothing is stored. */
export type TicketRefusal = 'ticket_required' | 'ticket_unknown' | 'ticket_used' | 'ticket_expired';

export type PhoneRatingOutcome =
	| { outcome: 'unknown_counter' }
	| { outcome: TicketRefusal }
	| { outcome: 'rejected'; result: ItemResult }
	| { outcome: 'rate_limited'; retryAfterSeconds: number }
	| { outcome: 'recorded'; result: ItemResult };

/** A counter's phone channel: open to its QR code, or only with a one-time ticket. */
async function phoneChannelOf(db: Db, counterId: number): Promise<PhoneChannel> {
	const [row] = await db.select({ phoneChannel: counters.phoneChannel }).from(counters).where(eq(counters.id, counterId));
	return row?.phoneChannel ?? 'open';
}

/**
 * May a phone rate this counter with this ticket (or none)? The ticket when one is usable, null for an open counter
 * without a ticket, or why not.
 */
export async function phoneTicketCheck(
	db: Db,
	counterId: number,
	code: string | undefined,
	now = new Date()
): Promise<{ ticket: FoundTicket | null } | { refusal: TicketRefusal }> {
	if (code === undefined || code === '') {
		return (await phoneChannelOf(db, counterId)) === 'ticket' ? { refusal: 'ticket_required' } : { ticket: null };
	}
	const ticket = await findTicket(db, counterId, code, now);
	if (!ticket) return { refusal: 'ticket_unknown' };
	if (ticket.state !== 'usable') return { refusal: ticket.state === 'used' ? 'ticket_used' : 'ticket_expired' };
	return { ticket };
}

/**
 * Store a phone's rating. With a ticket (`ticket`: its code) the response is channel 'ticket' and records it; the
 * unique key on responses.ticket_id lets only one of any number of racing submits store, the others are ticket_used.
 */
export async function recordPhoneRating(
	db: Db,
	input: { path: string; item: unknown; address: string; client: string; ticket?: string },
	now = new Date()
): Promise<PhoneRatingOutcome> {
	const counter = await counterFromQrPath(db, input.path);
	if (!counter) return { outcome: 'unknown_counter' };
	const checked = await phoneTicketCheck(db, counter.id, input.ticket, now);
	if ('refusal' in checked) return { outcome: checked.refusal };
	const ticket = checked.ticket;
	const submitter = {
		mallId: counter.mallId,
		channel: ticket ? ('ticket' as const) : ('qr' as const),
		deviceId: null,
		counters: await loadCounters(db, [counter.id]),
		...(ticket ? { ticket: { id: ticket.id, serviceId: ticket.serviceId } } : {})
	};
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
	// Another submit stored this ticket's rating first (its insert met the unique key; nothing was stored here).
	if (ticket && result!.status === 'conflict') return { outcome: 'ticket_used' };
	return { outcome: 'recorded', result: result! };
}
