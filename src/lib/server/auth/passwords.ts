/**
 * Passwords are stored as argon2id hashes (OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane).
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
	try {
		return await verify(hashed, password);
	} catch {
		return false;
	}
}

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string, email: string): 'too_short' | 'is_email' | null {
	if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
	if (password.toLowerCase() === email.toLowerCase()) return 'is_email';
	return null;
}
