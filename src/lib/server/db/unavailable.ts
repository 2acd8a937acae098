/**
 * Telling "the database is away" (restarting, unreachable, refusing connections) from a bug: such a request is
 * answered 503 with Retry-After, quickly, so tablets and browsers back off and try again; the pool reconnects by
 * itself once PostgreSQL is back.
 */

/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_SECONDS = 10;

/** Node's socket errors and postgres.js's own connection codes. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'CONNECT_TIMEOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED'
]);

/**
 * PostgreSQL's SQLSTATEs for a server going away or not taking connections: class 08 (connection exception), 57P01–03
 * (shutting down, crashed, starting up), 53300 (too many connections).
 */
const UNAVAILABLE_STATE = /^(08\d{3}|57P0[1-3]|53300)$/;

/** Whether `error` (or what it wraps: drizzle puts the driver's error in `cause`) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const { code, errno } = current as { code?: unknown; errno?: unknown };
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_STATE.test(code))) return true;
		if (typeof errno === 'string' && CONNECTION_CODES.has(errno)) return true;
		if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}
