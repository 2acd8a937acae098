/**
 * Passwords are stored as argon2id hashes (OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane). A new one needs
 * 10 characters and must be hard to guess: zxcvbn-ts scores it against common passwords, English and Indonesian
 * words and names, keyboard walks, repeats, sequences and dates, and the account's own e-mail and name and this
 * product's words.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

export const MIN_PASSWORD_LENGTH = 10;

/** zxcvbn's score runs from 0 to 4; a new password needs 3, "safely unguessable": an estimated 10^8 guesses or more. */
export const MIN_PASSWORD_SCORE = 3;

/** The words a guess at a Puas account tries first: the product, the hall, its city, its roles and services. */
const CONTEXT_WORDS = [
	'puas',
	'skm',
	'ikm',
	'mpp',
	'mal',
	'mall',
	'pelayanan',
	'publik',
	'kupang',
	'ntt',
	'dukcapil',
	'survei',
	'kepuasan',
	'masyarakat',
	'loket',
	'admin',
	'manajer',
	'manager',
	'evaluator',
	'demo'
] as const;

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

/** A password for an account created without one (`npm run user:create`): 18 random bytes, 24 URL-safe characters. */
export function randomPassword(): string {
	return randomBytes(18).toString('base64url');
}

export type PasswordProblem = { kind: 'too_short' } | { kind: 'is_email' } | { kind: 'too_weak'; score: number };

let estimator: Promise<ZxcvbnFactory> | undefined;

/** zxcvbn with its dictionaries (some 60 MB once loaded): loaded on the first check, then kept for the process. */
function loadEstimator(): Promise<ZxcvbnFactory> {
	estimator ??= (async () => {
		const [{ ZxcvbnFactory }, common, en, id] = await Promise.all([
			import('@zxcvbn-ts/core'),
			import('@zxcvbn-ts/language-common'),
			import('@zxcvbn-ts/language-en'),
			import('@zxcvbn-ts/language-id')
		]);
		// Only the first 100 characters are scored: longer ones take long to match, and a strong start is enough.
		return new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary, ...id.dictionary }, graphs: common.adjacencyGraphs, maxLength: 100 });
	})().catch((err: unknown) => {
		estimator = undefined;
		throw err;
	});
	return estimator;
}

/** The account's own words: its e-mail, the e-mail's local part and the words of it and of the name, and CONTEXT_WORDS. */
function userWords(account: { email: string; name?: string }): string[] {
	const email = account.email.trim().toLowerCase();
	const local = email.split('@')[0] ?? '';
	const words = `${email} ${account.name ?? ''}`.toLowerCase().split(/[^\p{L}\p{N}]+/u);
	return [...new Set([email, local, ...words, ...CONTEXT_WORDS].filter((word) => word.length >= 3))];
}

/** `password` with every one of `words` taken out (longest first, any case). */
function withoutWords(password: string, words: readonly string[]): string {
	let rest = password;
	for (const word of [...words].sort((a, b) => b.length - a.length)) {
		rest = rest.replace(new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), '');
	}
	return rest;
}

/**
 * zxcvbn's score (0–4) of a password for this account. zxcvbn scores a chain of several known words high for its
 * length alone ("puas-kupang-2026" gets 4), so what is left without the account's and the product's words must
 * score as high too.
 */
export async function passwordScore(password: string, account: { email: string; name?: string }): Promise<number> {
	const zxcvbn = await loadEstimator();
	const words = userWords(account);
	const score = zxcvbn.check(password, words).score;
	const rest = withoutWords(password, words);
	return rest === password ? score : Math.min(score, rest ? zxcvbn.check(rest, words).score : 0);
}

/** Why a new password is not acceptable, or null: shorter than 10, the e-mail itself, or a zxcvbn score below 3. */
export async function passwordProblem(password: string, account: { email: string; name?: string }): Promise<PasswordProblem | null> {
	if (password.length < MIN_PASSWORD_LENGTH) return { kind: 'too_short' };
	if (password.trim().toLowerCase() === account.email.trim().toLowerCase()) return { kind: 'is_email' };
	const score = await passwordScore(password, account);
	return score < MIN_PASSWORD_SCORE ? { kind: 'too_weak', score } : null;
}
