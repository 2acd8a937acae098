/**
 * Fixed-window rate limits kept in the database, so every app instance counts the same hits.
 */
import { sql } from 'drizzle-orm';
import { executePrepared, rowsOf, type Db } from '../db/client';

export interface RateLimitResult {
	allowed: boolean;
	hits: number;
	/** Seconds until the window resets (for Retry-After). */
	retryAfterSeconds: number;
}

/** Count one hit on `key`; allowed while the window's hits stay within `limit`. */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number, now = new Date()): Promise<RateLimitResult> {
	const windowMs = windowSeconds * 1000;
	const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
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
		retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000))
	};
}

/** Drop windows older than a day (called now and then; the table stays small). */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<void> {
	await db.execute(sql`delete from rate_limits where window_start < ${new Date(now.getTime() - 86_400_000).toISOString()}`);
}

/** Whether `key` already used up `limit` hits in the current window (without counting a hit). */
export async function isRateLimited(db: Db, key: string, limit: number, windowSeconds: number, now = new Date()): Promise<RateLimitResult> {
	const windowMs = windowSeconds * 1000;
	const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
	const [row] = rowsOf<{ hits: number }>(
		await db.execute(sql`select hits from rate_limits where key = ${key} and window_start = ${windowStart.toISOString()}`)
	);
	const hits = row?.hits ?? 0;
	return {
		allowed: hits < limit,
		hits,
		retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000))
	};
}
