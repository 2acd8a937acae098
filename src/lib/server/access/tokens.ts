/**
 * Secrets handed out by the server (device and API tokens): random, shown once, stored only as a SHA-256 hash.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A new token: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
	return randomBytes(32).toString('base64url');
}

/** SHA-256 of a token or code, hex: what the database keeps. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** A 6-digit code with leading zeros (000000–999999), uniformly random. */
export function generateSixDigitCode(): string {
	return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null): string | null {
	const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
	return match?.[1] ?? null;
}
