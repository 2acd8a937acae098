/**
 * API tokens for administration and scripts (the CLI, a queue system), and rate-limit counters shared by every
 * instance.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { malls } from './organization';
import { users } from './accounts';

export const API_TOKEN_KINDS = ['admin', 'integration', 'evaluator', 'operator'] as const;
export type ApiTokenKind = (typeof API_TOKEN_KINDS)[number];

export const apiTokens = pgTable(
	'api_tokens',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** Null: every mall of the installation (or, for an evaluator token, those of its region). */
		mallId: integer('mall_id').references(() => malls.id),
		/** An evaluator token across halls: its province or kabupaten/kota code; null with no hall = the nation. */
		regionScope: text('region_scope'),
		label: text('label').notNull(),
		/**
		 * admin: the admin API (the CLI, scripts); integration: only issues one-time tickets for its hall (a queue
		 * system), never reads or changes anything else; evaluator: reads the figures of its hall, region or the nation;
		 * operator: reads every hall's figures and creates halls.
		 */
		kind: text('kind', { enum: API_TOKEN_KINDS }).notNull().default('admin'),
		/** SHA-256 of the token, hex. */
		tokenHash: text('token_hash').notNull().unique(),
		/** The admin who created it on the admin page (null: the environment, the token file or the CLI). */
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Recorded at most once a minute. */
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		check('api_tokens_label', sql`char_length(${t.label}) between 1 and 200`),
		check('api_tokens_kind', sql`${t.kind} in ('admin', 'integration', 'evaluator', 'operator')`),
		// A queue system serves one hall: an integration token always names it.
		check('api_tokens_integration_mall', sql`${t.kind} <> 'integration' or ${t.mallId} is not null`),
		// Only an evaluator token names a region (and then no hall); an operator token names no hall.
		check('api_tokens_reach', sql`(${t.regionScope} is null or (${t.kind} = 'evaluator' and ${t.mallId} is null)) and (${t.kind} <> 'operator' or ${t.mallId} is null)`),
		check('api_tokens_region_scope', sql`${t.regionScope} ~ '^[0-9]{2}([.][0-9]{2})?$'`)
	]
);

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

/**
 * One-time links that set up the first hall of an empty installation (`/setup?token=…`, printed at start). Only the
 * hash is kept; a link dies when it is used, and every link dies once a hall exists.
 */
export const setupTokens = pgTable('setup_tokens', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	/** SHA-256 of the token, hex. */
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	usedAt: timestamp('used_at', { withTimezone: true })
});
