/**
 * Finalized reports and historical imports.
 *
 * A snapshot freezes a Laporan SKM: its canonical JSON (RFC 8785) is stored as text, exactly the bytes whose SHA-256
 * is its id, so anyone holding the hash can check it; a trigger refuses any change except publishing it on /publik.
 * An import upload keeps what its file gave when read (the preview and the rows) until its commit, in PostgreSQL, so any
 * app instance commits it; the file itself is read once, at upload, and never kept.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { malls, services } from './organization';

export const SNAPSHOT_SCOPES = ['mall', 'agency', 'service'] as const;

export const reportSnapshots = pgTable(
	'report_snapshots',
	{
		/** SHA-256 of `canonical`, lower-case hex. */
		hash: text('hash').notNull(),
		mallId: integer('mall_id')
			.notNull()
			.references(() => malls.id),
		scopeType: text('scope_type', { enum: SNAPSHOT_SCOPES }).notNull(),
		scopeId: integer('scope_id').notNull(),
		/** The agency the scope belongs to (null for the mall): whose managers may read and publish it. */
		agencyId: integer('agency_id'),
		periodKind: text('period_kind').notNull(),
		periodValue: text('period_value').notNull(),
		periodFrom: date('period_from').notNull(),
		periodTo: date('period_to').notNull(),
		/** Responses received up to this instant are in it (the cut-off the matrix is read with). */
		receivedBy: timestamp('received_by', { withTimezone: true }).notNull(),
		canonical: text('canonical').notNull(),
		finalizedBy: integer('finalized_by').references(() => users.id),
		finalizedAt: timestamp('finalized_at', { withTimezone: true }).notNull().defaultNow(),
		published: boolean('published').notNull().default(false),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		/** The final report of the same scope and period this one replaced, and the reason given (required then). */
		supersedes: text('supersedes'),
		supersedeReason: text('supersede_reason'),
		/** Set once, when a newer final report of the same scope and period replaced this one (both keep verifying). */
		supersededAt: timestamp('superseded_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ name: 'report_snapshots_pkey', columns: [t.mallId, t.hash] }),
		// /verify looks a hash up without knowing its hall.
		index('report_snapshots_hash_idx').on(t.hash),
		foreignKey({ name: 'report_snapshots_supersedes_fk', columns: [t.mallId, t.supersedes], foreignColumns: [t.mallId, t.hash] }),
		index('report_snapshots_scope_idx').on(t.mallId, t.scopeType, t.scopeId, t.periodFrom),
		index('report_snapshots_published_idx').on(t.mallId, t.published, t.periodFrom),
		check('report_snapshots_hash', sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
		check('report_snapshots_scope', sql`${t.scopeType} in ('mall', 'agency', 'service')`),
		check('report_snapshots_published_at', sql`${t.published} = (${t.publishedAt} is not null)`),
		// One final report per scope and period: the current one is the one not superseded.
		uniqueIndex('report_snapshots_current').on(t.mallId, t.scopeType, t.scopeId, t.periodKind, t.periodValue).where(sql`${t.supersededAt} is null`),
		uniqueIndex('report_snapshots_supersedes').on(t.mallId, t.supersedes),
		check('report_snapshots_supersede_reason', sql`(${t.supersedes} is null) = (${t.supersedeReason} is null) and char_length(${t.supersedeReason}) between 1 and 1000`),
		// A superseded report is off the public page.
		check('report_snapshots_superseded_unpublished', sql`${t.supersededAt} is null or not ${t.published}`)
	]
);

export const importUploads = pgTable(
	'import_uploads',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		serviceId: integer('service_id').notNull(),
		periodKind: text('period_kind').notNull(),
		periodValue: text('period_value').notNull(),
		fileName: text('file_name').notNull(),
		/** What the file gave when it was read, once, at upload: its problems or figures, and the first rows. */
		preview: jsonb('preview').$type<unknown>(),
		/** The rows to store on commit, as read at upload (null when the file had problems). */
		rows: jsonb('rows').$type<unknown[]>(),
		uploadedBy: integer('uploaded_by').references(() => users.id),
		uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
		/** Set once, when its rows became responses (channel `import`); an upload commits at most once. */
		committedAt: timestamp('committed_at', { withTimezone: true }),
		committedRows: integer('committed_rows')
	},
	(t) => [
		primaryKey({ name: 'import_uploads_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ name: 'import_uploads_service_fk', columns: [t.mallId, t.serviceId], foreignColumns: [services.mallId, services.id] }),
		check('import_uploads_committed', sql`(${t.committedAt} is null) = (${t.committedRows} is null)`)
	]
);
