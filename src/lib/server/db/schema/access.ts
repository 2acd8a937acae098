/**
 * API tokens for administration until user accounts exist, and rate-limit counters shared by every instance.
 */
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { malls } from './organization';

export const apiTokens = pgTable('api_tokens', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	/** Null: every mall of the installation. */
	mallId: integer('mall_id').references(() => malls.id),
	label: text('label').notNull(),
	/** SHA-256 of the token, hex. */
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
	revokedAt: timestamp('revoked_at', { withTimezone: true })
});

/** Fixed-window counters: `key` names who and what (e.g. "qr-client:…"), one row per key and window. */
export const rateLimits = pgTable(
	'rate_limits',
	{
		key: text('key').primaryKey(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		hits: integer('hits').notNull()
	},
	(t) => [index('rate_limits_window_idx').on(t.windowStart)]
);
