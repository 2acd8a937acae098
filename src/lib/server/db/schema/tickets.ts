/**
 * One-time rating tickets: a served citizen's one chance to rate, linked to the counter (and service) that served
 * them. A queue system issues them through the API with an integration token, or staff print a sheet of them. Only
 * the SHA-256 of the code is kept; a response records its ticket, and a unique key on it lets a ticket rate once
 * however many submits race.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { apiTokens } from './access';
import { users } from './accounts';
import { counters, services } from './organization';

/** Longest queue number a ticket keeps ("A-017", "B 123"). */
export const MAX_QUEUE_NUMBER_LENGTH = 32;

export const tickets = pgTable(
	'tickets',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		counterId: integer('counter_id').notNull(),
		/** The service received, when the queue system knows it (else the counter's). */
		serviceId: integer('service_id'),
		/** SHA-256 of the code, hex: the code itself is shown once (in the URL and QR) and never stored. */
		codeHash: text('code_hash').notNull().unique(),
		queueNumber: text('queue_number'),
		/** The queue's times: ticket taken, called to the counter, service finished (any may be unknown). */
		issuedAt: timestamp('issued_at', { withTimezone: true }),
		calledAt: timestamp('called_at', { withTimezone: true }),
		servedAt: timestamp('served_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		/** Who issued it: an integration token (a queue system), or a signed-in admin printing a sheet. */
		tokenId: integer('token_id').references(() => apiTokens.id),
		createdBy: integer('created_by').references(() => users.id)
	},
	(t) => [
		primaryKey({ name: 'tickets_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ name: 'tickets_counter_fk', columns: [t.mallId, t.counterId], foreignColumns: [counters.mallId, counters.id] }),
		foreignKey({ name: 'tickets_service_fk', columns: [t.mallId, t.serviceId], foreignColumns: [services.mallId, services.id] }),
		index('tickets_counter_created_idx').on(t.counterId, t.createdAt),
		check('tickets_code_hash', sql`${t.codeHash} ~ '^[0-9a-f]{64}$'`),
		check('tickets_queue_number', sql`char_length(${t.queueNumber}) between 1 and ${sql.raw(String(MAX_QUEUE_NUMBER_LENGTH))}`),
		check('tickets_times_order', sql`(${t.calledAt} is null or ${t.issuedAt} is null or ${t.calledAt} >= ${t.issuedAt}) and (${t.servedAt} is null or ${t.calledAt} is null or ${t.servedAt} >= ${t.calledAt})`),
		check('tickets_expiry', sql`${t.expiresAt} > ${t.createdAt}`)
	]
);
