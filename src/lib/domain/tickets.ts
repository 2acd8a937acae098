/**
 * One-time rating tickets, the pure rules: a queue system's times come in order and not from the future, and a
 * ticket is usable until its hall's lifetime has passed.
 */

/** How far a queue system's clock may run ahead of the server's before a time is refused. */
const MAX_QUEUE_CLOCK_AHEAD_MS = 5 * 60_000;

/** Sheets print at most this many tickets at once (one request, a few A4 pages). */
export const MAX_SHEET_TICKETS = 100;

export interface QueueTimes {
	issuedAt?: Date;
	calledAt?: Date;
	servedAt?: Date;
}

/** What is wrong with a ticket's queue times: issued ≤ called ≤ served, none more than 5 minutes after `now`. */
export function queueTimeProblems(times: QueueTimes, now: Date): { field: keyof QueueTimes; message: string }[] {
	const problems: { field: keyof QueueTimes; message: string }[] = [];
	for (const field of ['issuedAt', 'calledAt', 'servedAt'] as const) {
		const at = times[field];
		if (at && at.getTime() > now.getTime() + MAX_QUEUE_CLOCK_AHEAD_MS) problems.push({ field, message: 'is more than 5 minutes in the future (check the queue system clock)' });
	}
	if (times.issuedAt && times.calledAt && times.calledAt < times.issuedAt) problems.push({ field: 'calledAt', message: 'must not be before issuedAt' });
	if (times.calledAt && times.servedAt && times.servedAt < times.calledAt) problems.push({ field: 'servedAt', message: 'must not be before calledAt' });
	else if (!times.calledAt && times.issuedAt && times.servedAt && times.servedAt < times.issuedAt) problems.push({ field: 'servedAt', message: 'must not be before issuedAt' });
	return problems;
}

/** When a ticket made at `createdAt` stops being usable: createdAt + the hall's lifetime in hours. */
export function ticketExpiry(createdAt: Date, ttlHours: number): Date {
	return new Date(createdAt.getTime() + ttlHours * 3600_000);
}

export type TicketState = 'usable' | 'used' | 'expired';

/** A found ticket's state: used once a response records it, expired from `expiresAt` on. */
export function ticketState(ticket: { expiresAt: Date; used: boolean }, now: Date): TicketState {
	if (ticket.used) return 'used';
	return now >= ticket.expiresAt ? 'expired' : 'usable';
}
