/**
 * A ticket as the phone survey meets it: found by its code for the counter being rated, and whether it may still
 * rate (unused and unexpired). Another counter's ticket is as unknown as a made-up one.
 */
import { and, eq, sql } from 'drizzle-orm';
import { ticketState, type TicketState } from '../../domain/tickets';
import type { Db } from '../db/client';
import { tickets } from '../db/schema';
import { hashTicketCode, TICKET_CODE_PATTERN } from './codes';

export interface FoundTicket {
	id: number;
	serviceId: number | null;
	state: TicketState;
}

/** The counter's ticket with this code and its state, or null when there is none (or the code is malformed). */
export async function findTicket(db: Db, counterId: number, code: string, now = new Date()): Promise<FoundTicket | null> {
	if (!TICKET_CODE_PATTERN.test(code)) return null;
	const [row] = await db
		.select({
			id: tickets.id,
			serviceId: tickets.serviceId,
			expiresAt: tickets.expiresAt,
			used: sql<boolean>`exists (select 1 from responses r where r.ticket_id = "tickets"."id")`
		})
		.from(tickets)
		.where(and(eq(tickets.codeHash, hashTicketCode(code)), eq(tickets.counterId, counterId)));
	if (!row) return null;
	return { id: row.id, serviceId: row.serviceId, state: ticketState({ expiresAt: row.expiresAt, used: Boolean(row.used) }, now) };
}
