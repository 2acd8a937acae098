/**
 * Fixed-window rate limits kept in the database, so every app instance counts the same hits.
 *
 * A hit is counted and judged in one statement (the upsert returns the new count), so requests racing each other can
 * never all pass a "check, then count": of 300 parallel tries against a limit of 10, exactly 10 are allowed. Where
 * only failures should count (a wrong pairing code, a wrong password), the caller counts every try up front and
 * gives the hit back when the try succeeded (`refundRateLimit`).
 */
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';

export interface RateLimitResult {
	allowed: boolean;
	hits: number;
	/** Seconds until the window resets (for Retry-After). */
	retryAfterSeconds: number;
	/** The key and window the hit was counted in (for a refund). */
	key: string;
	windowStart: Date;
}

/**
 * The part of a client address a limit counts by: an IPv4 address whole (also when written IPv4-mapped, ::ffff:a.b.c.d),
 * an IPv6 address by its /64 — one customer's network holds 2^64 addresses, so counting each would be no limit at all.
 */
export function addressKey(address: string): string {
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!address.includes(':')) return address;
	const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
	return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const windowOf = (now: Date, windowSeconds: number) => {
	const windowMs = windowSeconds * 1000;
	return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
};

/** Count one hit on `key` and judge it: allowed while the window's hits stay within `limit`. */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number, now = new Date()): Promise<RateLimitResult> {
	const windowStart = windowOf(now, windowSeconds);
	const [row] = await executePrepared<{ hits: number }>(
		db,
		sql`
			insert into rate_limits (key, window_start, hits) values (${key}, ${windowStart.toISOString()}, 1)
			on conflict (key) do update set
				hits = case when rate_limits.window_start = excluded.window_start then rate_limits.hits + 1 else 1 end,
				window_start = excluded.window_start
			returning hits`
	);
	const hits = row!.hits;
	return {
		allowed: hits <= limit,
		hits,
		retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000)),
		key,
		windowStart
	};
}

/** Give back a hit counted by `hitRateLimit` (the try it counted succeeded); nothing when its window has passed. */
export async function refundRateLimit(db: Db, hit: Pick<RateLimitResult, 'key' | 'windowStart'>): Promise<void> {
	await executePrepared(
		db,
		sql`update rate_limits set hits = greatest(hits - 1, 0)
			where key = ${hit.key} and window_start = ${hit.windowStart.toISOString()}::timestamptz`
	);
}

/** Drop windows that ended more than a day ago (run hourly by the job scheduler; the table stays small). */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<number> {
	const rows = await executePrepared<{ key: string }>(
		db,
		sql`delete from rate_limits where window_start < ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz returning key`
	);
	return rows.length;
}
