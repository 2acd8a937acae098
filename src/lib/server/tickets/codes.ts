/**
 * A ticket's code: 16 random bytes (128 bits) in base64url, shown once in its URL and QR; the database keeps only
 * its SHA-256.
 */
import { randomBytes } from 'node:crypto';
import { hashToken } from '../access/tokens';

/** What a ticket code looks like: 22 base64url characters. Anything else is unknown without a lookup. */
export const TICKET_CODE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function generateTicketCode(): string {
	return randomBytes(16).toString('base64url');
}

/** The code's SHA-256, hex (tickets.code_hash). */
export const hashTicketCode = hashToken;

/** The ticket's survey URL: the counter's phone-survey path with `?t=<code>`. */
export function ticketUrl(origin: string, surveyPath: string, code: string): string {
	const url = new URL(surveyPath, origin);
	url.searchParams.set('t', code);
	return url.toString();
}
