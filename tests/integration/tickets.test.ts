/**
 * One-time tickets: issued for a counter of the caller's hall with checked queue times, stored hashed, and used by the
 * phone survey to rate once — also under concurrent submits (a unique key, not a check); used, expired, unknown and
 * another counter's or hall's tickets refused with nothing stored; a counter in `ticket` mode refuses ticketless
 * ratings.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_2017 } from '../../src/lib/domain/instruments';
import { counters, responses, tickets } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { recordPhoneRating } from '../../src/lib/server/responses/phone';
import { hashTicketCode } from '../../src/lib/server/tickets/codes';
import { issueApiTicket, issueTickets } from '../../src/lib/server/tickets/issue';
import { renderTicketSheet } from '../../src/lib/server/tickets/sheet-pdf';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let other: Organization;
const now = new Date('2026-11-27T02:00:00Z');
const origin = 'https://puas.example';

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'ticket-mall');
	other = await createOrganization(handle.db, 'ticket-other');
});
afterAll(async () => {
	await handle?.close();
});

const ref = (o: Organization, unit: 'a' | 'b') => ({ id: o[unit].counter.id, mallId: o.mall.id, code: o[unit].counter.code, name: o[unit].counter.name });
const path = (o: Organization, unit: 'a' | 'b') => `${o.mall.slug}/${o[unit].counter.code}`;
const rating = (o: Organization, unit: 'a' | 'b') => ({
	id: crypto.randomUUID(),
	seq: 1,
	counterId: o[unit].counter.id,
	serviceId: o[unit].service.id,
	instrument: { code: SKM_2017.code, version: SKM_2017.version },
	submittedAt: '2026-11-27T02:01:00.000Z',
	status: 'complete',
	answers: [4, 3, 3, 4, 3, 3, 4, 3, 4]
});
let phone = 0;
/** A rating from a phone of its own (its own address and cookie, so no per-phone limit interferes). */
const rate = (o: Organization, unit: 'a' | 'b', ticket?: string, at = new Date(now.getTime() + 60_000)) => {
	phone += 1;
	return recordPhoneRating(handle.db, { path: path(o, unit), item: rating(o, unit), address: `10.0.${phone >> 8}.${phone & 255}`, client: `ticket-phone-${phone}`, ticket }, at);
};
const storedFor = async (counterId: number) => handle.db.select().from(responses).where(eq(responses.counterId, counterId));

describe('issuing', () => {
	it('issues a ticket for a counter of the hall: a 128-bit code, stored only as its hash, a URL of the phone survey, expiring after the hall’s lifetime', async () => {
		const issued = await issueApiTicket(handle.db, { mallId: org.mall.id, tokenId: null, userId: null, origin }, { counter: org.a.counter.code, queueNumber: 'A-017', issuedAt: '2026-11-27T01:00:00Z', calledAt: '2026-11-27T01:20:00+00:00', servedAt: '2026-11-27T01:30:00Z' }, now);
		if ('error' in issued) throw new Error(issued.error);
		expect(issued.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(issued.url).toBe(`${origin}/s/${org.mall.slug}/${org.a.counter.code}?t=${issued.code}`);
		expect(issued.expiresAt.toISOString()).toBe('2026-11-28T02:00:00.000Z');
		const [row] = await handle.db.select().from(tickets).where(eq(tickets.codeHash, hashTicketCode(issued.code)));
		expect(row).toMatchObject({ counterId: org.a.counter.id, queueNumber: 'A-017', serviceId: null });
		expect(row!.calledAt!.toISOString()).toBe('2026-11-27T01:20:00.000Z');
		const all = await handle.db.select({ codeHash: tickets.codeHash }).from(tickets);
		expect(all.some((t) => t.codeHash.includes(issued.code))).toBe(false);
	});

	it.each([
		[{ counter: 'a-01', issuedAt: '2026-11-27T01:00:00Z', calledAt: '2026-11-27T00:59:00Z' }, 'calledAt: must not be before issuedAt'],
		[{ counter: 'a-01', calledAt: '2026-11-27T01:00:00Z', servedAt: '2026-11-27T00:59:00Z' }, 'servedAt: must not be before calledAt'],
		[{ counter: 'a-01', servedAt: '2026-11-27T02:06:00Z' }, 'servedAt: is more than 5 minutes in the future'],
		[{ counter: 'a-01', service: 'b-svc' }, "service: b-svc is not a service of the counter's agency"]
	])('refuses %o naming the field', async (input, message) => {
		const issued = await issueApiTicket(handle.db, { mallId: org.mall.id, tokenId: null, userId: null, origin }, input, now);
		expect(issued).toMatchObject({ error: 'invalid_body' });
		expect('message' in issued && issued.message).toContain(message);
	});

	it('does not find a counter of another hall, and refuses an archived counter', async () => {
		const foreign = await issueApiTicket(handle.db, { mallId: org.mall.id, tokenId: null, userId: null, origin }, { counter: 'zz-01' }, now);
		expect(foreign).toEqual({ error: 'unknown_counter' });
		await handle.db.update(counters).set({ archivedAt: now }).where(eq(counters.id, other.b.counter.id));
		const archived = await issueApiTicket(handle.db, { mallId: other.mall.id, tokenId: null, userId: null, origin }, { counter: other.b.counter.code }, now);
		expect(archived).toEqual({ error: 'out_of_service' });
		await handle.db.update(counters).set({ archivedAt: null }).where(eq(counters.id, other.b.counter.id));
	});
});

describe('rating with a ticket', () => {
	it('stores the rating as channel ticket with its ticket and the ticket’s service', async () => {
		const [ticket] = await issueTickets(handle.db, ref(org, 'a'), { count: 1, origin, details: { serviceId: org.a.service.id } }, now);
		const outcome = await rate(org, 'a', ticket!.code);
		expect(outcome).toMatchObject({ outcome: 'recorded', result: { status: 'stored' } });
		const [row] = await handle.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.codeHash, hashTicketCode(ticket!.code)));
		const stored = (await storedFor(org.a.counter.id)).filter((r) => r.ticketId === row!.id);
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ channel: 'ticket', serviceId: org.a.service.id });
		expect(await rate(org, 'a', ticket!.code)).toEqual({ outcome: 'ticket_used' });
	});

	it('rates once under 20 concurrent submits: one stored, the others told the ticket is used', async () => {
		const [ticket] = await issueTickets(handle.db, ref(org, 'b'), { count: 1, origin }, now);
		const before = (await storedFor(org.b.counter.id)).length;
		const outcomes = await Promise.all(Array.from({ length: 20 }, () => rate(org, 'b', ticket!.code)));
		expect(outcomes.filter((o) => o.outcome === 'recorded')).toHaveLength(1);
		expect(outcomes.filter((o) => o.outcome === 'ticket_used')).toHaveLength(19);
		expect((await storedFor(org.b.counter.id)).length).toBe(before + 1);
	});

	it('refuses an expired, an unknown, another counter’s and another hall’s ticket, storing nothing', async () => {
		const [expiring] = await issueTickets(handle.db, ref(org, 'a'), { count: 1, origin }, now);
		const [forB] = await issueTickets(handle.db, ref(org, 'b'), { count: 1, origin }, now);
		const [foreign] = await issueTickets(handle.db, ref(other, 'a'), { count: 1, origin }, now);
		const before = (await handle.db.select({ id: responses.id }).from(responses)).length;
		expect(await rate(org, 'a', expiring!.code, new Date(now.getTime() + 25 * 3600_000))).toEqual({ outcome: 'ticket_expired' });
		expect(await rate(org, 'a', 'AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ outcome: 'ticket_unknown' });
		expect(await rate(org, 'a', 'not a code')).toEqual({ outcome: 'ticket_unknown' });
		expect(await rate(org, 'a', forB!.code)).toEqual({ outcome: 'ticket_unknown' });
		expect(await rate(org, 'a', foreign!.code)).toEqual({ outcome: 'ticket_unknown' });
		expect((await handle.db.select({ id: responses.id }).from(responses)).length).toBe(before);
	});

	it('a counter in ticket mode refuses ticketless ratings and takes ticketed ones; an open counter takes both', async () => {
		expect(await rate(other, 'b')).toMatchObject({ outcome: 'recorded', result: { status: 'stored' } });
		await handle.db.update(counters).set({ phoneChannel: 'ticket' }).where(eq(counters.id, other.b.counter.id));
		const before = (await storedFor(other.b.counter.id)).length;
		expect(await rate(other, 'b')).toEqual({ outcome: 'ticket_required' });
		expect((await storedFor(other.b.counter.id)).length).toBe(before);
		const [ticket] = await issueTickets(handle.db, ref(other, 'b'), { count: 1, origin }, now);
		expect(await rate(other, 'b', ticket!.code)).toMatchObject({ outcome: 'recorded' });
		const channels = (await storedFor(other.b.counter.id)).map((r) => r.channel).sort();
		expect(channels).toEqual(['qr', 'ticket']);
	});
});

describe('the printed sheet', () => {
	it('prints 12 tickets to an A4 page: 14 tickets are two pages, the codes stored hashed when the sheet is made', async () => {
		const issued = await issueTickets(handle.db, ref(org, 'a'), { count: 14, origin }, now);
		expect(new Set(issued.map((t) => t.code)).size).toBe(14);
		const pdf = await renderTicketSheet({ counter: { name: 'Loket A', code: 'a-01', agency: 'Agency a' }, callToScan: 'Pindai untuk menilai layanan kami', validUntil: 'Berlaku sampai …', oncePerTicket: 'Satu tiket, satu penilaian', urls: issued.map((t) => t.url) });
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
		const stored = await handle.db.select({ codeHash: tickets.codeHash }).from(tickets).where(eq(tickets.counterId, org.a.counter.id));
		expect(issued.every((t) => stored.some((s) => s.codeHash === hashTicketCode(t.code)))).toBe(true);
	});
});
