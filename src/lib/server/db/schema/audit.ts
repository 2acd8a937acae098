/**
 * The audit log: every change an admin or operator makes to a hall's settings, its organisation and its accounts —
 * who, when, what, before → after. Append-only (a trigger refuses UPDATE and DELETE, as for report snapshots).
 */
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { malls } from './organization';
import { users } from './accounts';

export const auditLog = pgTable(
	'audit_log',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** The hall the change belongs to; null for an installation-wide change (a hall created by an operator). */
		mallId: integer('mall_id').references(() => malls.id),
		/** The admin who made it; null for an API token or the command line (then `actor` names the token). */
		actorUserId: integer('actor_user_id').references(() => users.id),
		/** How the actor is shown: the account's email, or the token's label. */
		actor: text('actor').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		/** What was done: "agency.create", "counter.archive", "user.role", "mall.settings" … */
		action: text('action').notNull(),
		/** The kind and id of the record changed. */
		entity: text('entity').notNull(),
		entityId: integer('entity_id'),
		before: jsonb('before'),
		after: jsonb('after')
	},
	(t) => [index('audit_log_mall_at_idx').on(t.mallId, t.at)]
);
