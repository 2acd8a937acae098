/**
 * The staff-panel PIN of a mall's kiosks: stored as PBKDF2-SHA256 so a tablet can check it offline with WebCrypto
 * (see $lib/kiosk/pin.ts), without the PIN itself ever leaving the server. The hall settings set it
 * (../organization/mall-settings.ts setMallKioskPin), from the page and the API alike.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';

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
