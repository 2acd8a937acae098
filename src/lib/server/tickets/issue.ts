/**
 * Issuing one-time tickets for a counter: one by a queue system through the API (with its queue times), or a sheet
 * of them printed by an admin. Each ticket expires after its hall's ticket lifetime.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { queueTimeProblems, ticketExpiry } from '../../domain/tickets';
import { parseInstant } from '../../domain/values';
import { counterArchivedAt } from '../db/archived';
import { executePrepared, type Db } from '../db/client';
import { malls, services, tickets } from '../db/schema';
import { recordAudit, type Actor } from '../audit/audit';
import { findCounterByCode, type CounterRef } from '../kiosk/pairing';
import { qrPathOf } from '../kiosk/qr';
import { generateTicketCode, hashTicketCode, ticketUrl } from './codes';
import type { CreateTicketInput } from './schema';

export interface NewTicket {
	code: string;
	url: string;
	expiresAt: Date;
}

export interface TicketDetails {
	serviceId?: number | null;
	queueNumber?: string | null;
	issuedAt?: Date | null;
	calledAt?: Date | null;
	servedAt?: Date | null;
}

type CounterLookup =
	| { counter: CounterRef & { agencyId: number } }
	| { error: 'unknown_counter' | 'ambiguous_counter' | 'out_of_service' };

/** A counter by code for issuing tickets, in `mallId` (null: the one mall with that code); archived → out_of_service. */
async function counterForTickets(db: Db, mallId: number | null, code: string): Promise<CounterLookup> {
	const found = await findCounterByCode(db, code, mallId ?? undefined);
	if ('error' in found) return found;
	const [row] = await executePrepared<{ archived_at: string | Date | null; agency_id: number }>(
		db,
		sql`select ${counterArchivedAt(sql`c.mall_id`, sql`c.id`)} as archived_at, c.agency_id from counters c where c.mall_id = ${found.counter.mallId}::int and c.id = ${found.counter.id}::int`
	);
	if (row?.archived_at) return { error: 'out_of_service' };
	return { counter: { ...found.counter, agencyId: Number(row!.agency_id) } };
}

/** A service of the counter's agency by its code, in use; null when there is none. */
async function serviceForTicket(db: Db, counter: { mallId: number; agencyId: number }, code: string): Promise<number | null> {
	const [row] = await db
		.select({ id: services.id })
		.from(services)
		.where(and(eq(services.mallId, counter.mallId), eq(services.agencyId, counter.agencyId), eq(services.code, code), isNull(services.archivedAt)));
	return row?.id ?? null;
}

/**
 * Create `count` tickets for `counter` (the same details on each); the codes are returned once, with their URLs on
 * `origin` and their expiry (now + the hall's ticket lifetime).
 */
export async function issueTickets(
	db: Db,
	counter: CounterRef,
	input: { count: number; origin: string; details?: TicketDetails; tokenId?: number | null; createdBy?: number | null; actor?: Actor },
	now = new Date()
): Promise<NewTicket[]> {
	const [mall] = await db.select({ ttl: malls.ticketTtlHours }).from(malls).where(eq(malls.id, counter.mallId));
	const expiresAt = ticketExpiry(now, mall!.ttl);
	const path = await qrPathOf(db, counter);
	const codes = Array.from({ length: input.count }, generateTicketCode);
	const d = input.details ?? {};
	await db.transaction(async (tx) => {
		await tx.insert(tickets).values(
			codes.map((code) => ({
				mallId: counter.mallId,
				counterId: counter.id,
				serviceId: d.serviceId ?? null,
				codeHash: hashTicketCode(code),
				queueNumber: d.queueNumber ?? null,
				issuedAt: d.issuedAt ?? null,
				calledAt: d.calledAt ?? null,
				servedAt: d.servedAt ?? null,
				createdAt: now,
				expiresAt,
				tokenId: input.tokenId ?? null,
				createdBy: input.createdBy ?? null
			}))
		);
		// A printed sheet is an admin's act: the log names the counter and how many (never a code).
		if (input.actor) await recordAudit(tx, { mallId: counter.mallId, actor: input.actor, action: 'ticket.print', entity: 'counter', entityId: counter.id, after: { count: input.count, expiresAt: expiresAt.toISOString() } });
	});
	return codes.map((code) => ({ code, url: ticketUrl(input.origin, path, code), expiresAt }));
}

export type ApiTicketResult =
	| NewTicket
	| { error: 'unknown_counter' | 'ambiguous_counter' | 'out_of_service'; message?: undefined }
	| { error: 'invalid_body'; message: string };

/** One ticket from the API's body: the counter and service by code in the caller's hall, the queue times checked. */
export async function issueApiTicket(
	db: Db,
	caller: { mallId: number | null; tokenId: number | null; userId: number | null; origin: string },
	input: CreateTicketInput,
	now = new Date()
): Promise<ApiTicketResult> {
	const times = { issuedAt: instantOf(input.issuedAt), calledAt: instantOf(input.calledAt), servedAt: instantOf(input.servedAt) };
	const problems = queueTimeProblems(times, now);
	if (problems.length) return { error: 'invalid_body', message: problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
	const found = await counterForTickets(db, caller.mallId, input.counter);
	if ('error' in found) return { error: found.error };
	let serviceId: number | null = null;
	if (input.service !== undefined) {
		serviceId = await serviceForTicket(db, found.counter, input.service);
		if (serviceId === null) return { error: 'invalid_body', message: `service: ${input.service} is not a service of the counter's agency in use` };
	}
	const [ticket] = await issueTickets(
		db,
		found.counter,
		{ count: 1, origin: caller.origin, details: { serviceId, queueNumber: input.queueNumber ?? null, ...times }, tokenId: caller.tokenId, createdBy: caller.userId },
		now
	);
	return ticket!;
}

const instantOf = (text: string | undefined) => (text === undefined ? undefined : parseInstant(text)!);
