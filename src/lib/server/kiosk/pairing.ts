/**
 * Pairing a tablet with a counter: an admin creates a one-time 6-digit code (valid 15 minutes); the tablet
 * trades it for a long-lived device token, of which the server keeps only the hash.
 */
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { counters, deviceAssignments, devices, malls, pairingCodes } from '../db/schema';
import { generateSixDigitCode, generateToken, hashToken } from '../access/tokens';
import { addressKey, hitRateLimit, refundRateLimit } from '../access/rate-limit';
import { recordAudit, type Actor } from '../audit/audit';

export const PAIRING_CODE_TTL_MS = 15 * 60_000;

export interface CounterRef {
	id: number;
	mallId: number;
	code: string;
	name: string;
}

/** A counter by its code, in one mall or (without `mallId`) in the only mall that has that code. */
export async function findCounterByCode(
	db: Db,
	code: string,
	mallId?: number | null
): Promise<{ counter: CounterRef } | { error: 'unknown_counter' | 'ambiguous_counter' }> {
	const found = await db
		.select({ id: counters.id, mallId: counters.mallId, code: counters.code, name: counters.name })
		.from(counters)
		.where(and(sql`upper(${counters.code}) = upper(${code})`, mallId ? eq(counters.mallId, mallId) : undefined));
	if (found.length === 0) return { error: 'unknown_counter' };
	if (found.length > 1) return { error: 'ambiguous_counter' };
	return { counter: found[0]! };
}

/** Create a one-time pairing code for a counter. The code is returned once; the database keeps its hash. */
export async function createPairingCode(db: Db, counter: CounterRef, now = new Date(), actor?: Actor): Promise<{ code: string; expiresAt: Date }> {
	const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
	for (let attempt = 0; attempt < 20; attempt++) {
		const code = generateSixDigitCode();
		const codeHash = hashToken(code);
		// Two live codes must never be equal: the tablet sends only the digits.
		const [live] = await db
			.select({ id: pairingCodes.id })
			.from(pairingCodes)
			.where(and(eq(pairingCodes.codeHash, codeHash), isNull(pairingCodes.usedAt), gt(pairingCodes.expiresAt, now)));
		if (live) continue;
		await db.transaction(async (tx) => {
			const [created] = await tx.insert(pairingCodes).values({ mallId: counter.mallId, counterId: counter.id, codeHash, expiresAt }).returning({ id: pairingCodes.id });
			// Who let a tablet onto the counter (never the code itself).
			if (actor) await recordAudit(tx, { mallId: counter.mallId, actor, action: 'counter.pairing_code', entity: 'counter', entityId: counter.id, after: { pairingCode: created!.id, expiresAt: expiresAt.toISOString() } });
		});
		return { code, expiresAt };
	}
	throw new Error('could not find a free pairing code');
}

export type PairingError = 'invalid_code' | 'expired_code' | 'used_code';

export interface PairedDevice {
	token: string;
	deviceId: number;
	deviceName: string;
	/** The highest sequence number the server has from this device (0 for a new one). */
	highestSeq: number;
}

/**
 * Trade a pairing code for a device token. The same tablet (installation id) keeps its device row, and with it
 * its sequence numbers, across re-pairings — also after a revocation.
 */
export async function pairDevice(
	db: Db,
	input: { code: string; installationId: string; name?: string },
	now = new Date()
): Promise<PairedDevice | { error: PairingError }> {
	const codeHash = hashToken(input.code);
	return db.transaction(async (tx) => {
		const candidates = await tx
			.select()
			.from(pairingCodes)
			.where(eq(pairingCodes.codeHash, codeHash))
			.orderBy(sql`${pairingCodes.createdAt} desc`)
			.for('update');
		const live = candidates.find((c) => c.usedAt === null && c.expiresAt > now);
		if (!live) {
			if (candidates.length === 0) return { error: 'invalid_code' as const };
			return { error: candidates.some((c) => c.usedAt === null) ? ('expired_code' as const) : ('used_code' as const) };
		}
		const [counter] = await tx.select().from(counters).where(eq(counters.id, live.counterId));
		const token = generateToken();
		const name = input.name?.trim() || `Tablet ${counter!.code}`;
		const [existing] = await tx
			.select()
			.from(devices)
			.where(and(eq(devices.mallId, live.mallId), eq(devices.installationId, input.installationId)));
		let device: typeof devices.$inferSelect;
		if (existing) {
			[device] = (await tx
				.update(devices)
				.set({ tokenHash: hashToken(token), revokedAt: null, counterId: live.counterId, name: input.name?.trim() || existing.name })
				.where(eq(devices.id, existing.id))
				.returning()) as [typeof devices.$inferSelect];
		} else {
			[device] = (await tx
				.insert(devices)
				.values({ mallId: live.mallId, counterId: live.counterId, name, tokenHash: hashToken(token), installationId: input.installationId })
				.returning()) as [typeof devices.$inferSelect];
		}
		// A counter has one tablet: the one it had before (lost, wiped, replaced) stops being able to send. A wiped tablet
		// had nothing queued; one that still has a queue keeps it until it is paired again, as after any revocation.
		await tx
			.update(devices)
			.set({ revokedAt: now })
			.where(and(eq(devices.mallId, live.mallId), eq(devices.counterId, live.counterId), ne(devices.id, device.id), isNull(devices.revokedAt)));
		await tx
			.insert(deviceAssignments)
			.values({ mallId: live.mallId, deviceId: device.id, counterId: live.counterId })
			.onConflictDoNothing();
		await tx.update(pairingCodes).set({ usedAt: now, usedByDeviceId: device.id }).where(eq(pairingCodes.id, live.id));
		return { token, deviceId: device.id, deviceName: device.name, highestSeq: device.highestSeq };
	});
}

/** Wrong codes allowed per address in 15 minutes: guessing one of a million codes stays hopeless. */
export const WRONG_CODES = { limit: 10, windowSeconds: 15 * 60 };
/**
 * Wrong codes allowed across the whole installation in 15 minutes, whatever the addresses: many addresses together
 * (a botnet, an IPv6 network) still guess a live code with a chance of at most 500 in a million per code and window.
 * Past it, pairing waits for the next window for everyone — an admin pairs later; nobody pairs by guessing.
 */
export const WRONG_CODES_EVERYWHERE = { limit: 500, windowSeconds: 15 * 60 };

/**
 * A tablet at `address` trades a code for its token. Every try is counted before the code is checked, in one statement
 * per limit (parallel tries cannot slip past one), and a right code gives its hits back: only wrong codes count.
 */
export async function pairFromAddress(
	db: Db,
	input: { code: string; installationId: string; name?: string },
	address: string,
	now = new Date()
): Promise<PairedDevice | { error: PairingError } | { error: 'rate_limited'; retryAfterSeconds: number }> {
	const hit = await hitRateLimit(db, `pair-failures:${addressKey(address)}`, WRONG_CODES.limit, WRONG_CODES.windowSeconds, now);
	if (!hit.allowed) return { error: 'rate_limited', retryAfterSeconds: hit.retryAfterSeconds };
	const everywhere = await hitRateLimit(db, 'pair-failures:*', WRONG_CODES_EVERYWHERE.limit, WRONG_CODES_EVERYWHERE.windowSeconds, now);
	if (!everywhere.allowed) return { error: 'rate_limited', retryAfterSeconds: everywhere.retryAfterSeconds };
	const paired = await pairDevice(db, input, now);
	if (!('error' in paired)) {
		await refundRateLimit(db, hit);
		await refundRateLimit(db, everywhere);
	}
	return paired;
}
