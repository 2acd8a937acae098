/**
 * What managers do with what citizens said: complaints marked on responses, follow-up items (rencana tindak lanjut),
 * and alert rules with the alerts they raised.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { agencies, counters } from './organization';
import { responses } from './responses';
import { users } from './accounts';
import { sqlList } from './sql-lists';

export const FOLLOW_UP_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;

/** A response a manager marked as a complaint (a response is marked once). */
export const complaints = pgTable(
	'complaints',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		agencyId: integer('agency_id').notNull(),
		responseId: uuid('response_id').notNull(),
		markedBy: integer('marked_by').references(() => users.id),
		markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ name: 'complaints_pkey', columns: [t.mallId, t.id] }),
		unique('complaints_response_once').on(t.mallId, t.responseId),
		foreignKey({ name: 'complaints_response_fk', columns: [t.mallId, t.responseId], foreignColumns: [responses.mallId, responses.id] }),
		foreignKey({ name: 'complaints_agency_fk', columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		index('complaints_agency_idx').on(t.mallId, t.agencyId, t.markedAt)
	]
);

/** Rencana tindak lanjut: an action, who does it, by when, and how far it got. */
export const followUps = pgTable(
	'follow_ups',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		agencyId: integer('agency_id').notNull(),
		complaintId: integer('complaint_id'),
		/** The unsur the action addresses, when it comes from a weak unsur rather than a complaint. */
		unsurCode: text('unsur_code'),
		action: text('action').notNull(),
		owner: text('owner').notNull(),
		dueDate: date('due_date').notNull(),
		status: text('status', { enum: FOLLOW_UP_STATUSES }).notNull().default('planned'),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ name: 'follow_ups_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ name: 'follow_ups_complaint_fk', columns: [t.mallId, t.complaintId], foreignColumns: [complaints.mallId, complaints.id] }),
		foreignKey({ name: 'follow_ups_agency_fk', columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		index('follow_ups_agency_idx').on(t.mallId, t.agencyId, t.dueDate),
		check('follow_ups_status', sql`${t.status} in (${sqlList(FOLLOW_UP_STATUSES)})`),
		check('follow_ups_closed', sql`(${t.status} in ('done', 'cancelled')) = (${t.closedAt} is not null)`),
		check('follow_ups_text', sql`char_length(${t.action}) between 1 and 1000 and char_length(${t.owner}) between 1 and 200`)
	]
);

/** "A counter's mean over the last N minutes below X with at least k responses." */
export const alertRules = pgTable(
	'alert_rules',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		/** Null: every agency of the mall (admins only). */
		agencyId: integer('agency_id'),
		/** Null: every counter in the rule's scope. */
		counterId: integer('counter_id'),
		name: text('name').notNull(),
		windowMinutes: integer('window_minutes').notNull(),
		/** Mean answer (1–4) below which the rule fires. */
		threshold: doublePrecision('threshold').notNull(),
		minResponses: integer('min_responses').notNull(),
		enabled: boolean('enabled').notNull().default(true),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ name: 'alert_rules_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ name: 'alert_rules_agency_fk', columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		foreignKey({ name: 'alert_rules_counter_fk', columns: [t.mallId, t.counterId], foreignColumns: [counters.mallId, counters.id] }),
		check('alert_rules_window', sql`${t.windowMinutes} between 5 and 525600`),
		check('alert_rules_threshold', sql`${t.threshold} > 1 and ${t.threshold} <= 4`),
		check('alert_rules_min', sql`${t.minResponses} >= 1`)
	]
);

export const alerts = pgTable(
	'alerts',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		agencyId: integer('agency_id').notNull(),
		ruleId: integer('rule_id').notNull(),
		counterId: integer('counter_id').notNull(),
		triggeredAt: timestamp('triggered_at', { withTimezone: true }).notNull(),
		/** The window's mean answer and number of answers when it fired. */
		meanScore: doublePrecision('mean_score').notNull(),
		responses: integer('responses').notNull(),
		acknowledgedBy: integer('acknowledged_by').references(() => users.id),
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ name: 'alerts_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ name: 'alerts_rule_fk', columns: [t.mallId, t.ruleId], foreignColumns: [alertRules.mallId, alertRules.id] }).onDelete('cascade'),
		foreignKey({ name: 'alerts_counter_fk', columns: [t.mallId, t.counterId], foreignColumns: [counters.mallId, counters.id] }),
		foreignKey({ name: 'alerts_agency_fk', columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		index('alerts_rule_counter_idx').on(t.mallId, t.ruleId, t.counterId, t.triggeredAt),
		index('alerts_mall_idx').on(t.mallId, t.acknowledgedAt)
	]
);
