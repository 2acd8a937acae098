/**
 * The staff-panel PIN of a mall's kiosks: stored as PBKDF2-SHA256 so a tablet can check it offline with WebCrypto
 * (see $lib/kiosk/pin.ts), without the PIN itself ever leaving the server.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { malls } from '../db/schema';

const PIN_ITERATIONS = 100_000;

/** "pbkdf2-sha256$<iterations>$<salt>$<hash>" with base64url salt and hash. */
export function hashPin(pin: string, iterations = PIN_ITERATIONS): string {
	const salt = randomBytes(16);
	const hash = pbkdf2Sync(pin, salt, iterations, 32, 'sha256');
	return `pbkdf2-sha256$${iterations}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** A staff PIN is 4 to 8 digits. */
export function isValidPin(pin: string): boolean {
	return /^\d{4,8}$/.test(pin);
}

/** Set the staff PIN of a mall's kiosks; false when the mall is unknown (or outside `mallId`). */
export async function setKioskPin(db: Db, slug: string, pin: string, mallId: number | null): Promise<boolean> {
	const updated = await db
		.update(malls)
		.set({ kioskPinHash: hashPin(pin) })
		.where(and(eq(malls.slug, slug), mallId ? eq(malls.id, mallId) : undefined))
		.returning({ id: malls.id });
	return updated.length === 1;
}
