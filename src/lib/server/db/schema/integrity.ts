/**
 * Reviews of integrity flags. The flags themselves are computed from the raw data each time (rules with stated
 * thresholds, ../../integrity); nothing is deleted or hidden. An evaluator or admin marks a flag reviewed, with a note:
 * one review per flag (its stable key names the rule, the subject and the day), written to the audit log too.
 */
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { malls } from './organization';

/** Longest note on a review. */
export const MAX_REVIEW_NOTE_LENGTH = 1000;

export const integrityReviews = pgTable(
	'integrity_reviews',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id')
			.notNull()
			.references(() => malls.id),
		/** "<rule>:<subject type>:<subject id>:<local day or month>", e.g. "burst:device:12:2026-11-30". */
		flagKey: text('flag_key').notNull(),
		/** The rule that raised the flag: burst, straight_line, outside_hours, above_served, sequence_gap, multi_counter. */
		rule: text('rule').notNull(),
		note: text('note').notNull(),
		reviewedBy: integer('reviewed_by').references(() => users.id),
		/** The reviewer as the audit log names them (the account's e-mail, or an API token's label). */
		reviewer: text('reviewer').notNull(),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ name: 'integrity_reviews_pkey', columns: [t.mallId, t.id] }),
		unique('integrity_reviews_flag').on(t.mallId, t.flagKey),
		check('integrity_reviews_flag_key', sql`char_length(${t.flagKey}) between 1 and 200`),
		check('integrity_reviews_note', sql`char_length(${t.note}) between 1 and ${sql.raw(String(MAX_REVIEW_NOTE_LENGTH))}`)
	]
);
