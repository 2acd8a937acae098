/**
 * Innovation and reform evidence: the innovation register, citizens served per service per month (service volume),
 * and offline publications of SKM results recorded by managers (the reform sheet's publication score needs them).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { INNOVATION_KINDS, INNOVATION_MEDIA, INNOVATION_STAGES, VOLUME_SOURCES } from '../../../domain/innovation';
import { agencies, malls, services } from './organization';
import { users } from './accounts';
import { sqlList } from './sql-lists';

export const innovations = pgTable(
	'innovations',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id')
			.notNull()
			.references(() => malls.id),
		/** Owner agency; null = the mall's own innovation (its scope is the whole mall). */
		agencyId: integer('agency_id'),
		/** Narrows the impact scope to one service of the owner agency. */
		serviceId: integer('service_id'),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		launchDate: date('launch_date').notNull(),
		kind: text('kind', { enum: INNOVATION_KINDS }).notNull(),
		medium: text('medium', { enum: INNOVATION_MEDIA }).notNull(),
		stage: text('stage', { enum: INNOVATION_STAGES }).notNull(),
		/** Where it was replicated (free text: units, regions); empty = not replicated. */
		replication: text('replication').notNull().default(''),
		/** Competition entered (e.g. KIPP 2025); empty = none. */
		competition: text('competition').notNull().default(''),
		/** Award won; empty = none. */
		award: text('award').notNull().default(''),
		evidenceLinks: text('evidence_links').array().notNull().default(sql`'{}'::text[]`),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ name: 'innovations_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ name: 'innovations_agency_fk', columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		foreignKey({ name: 'innovations_service_fk', columns: [t.mallId, t.serviceId], foreignColumns: [services.mallId, services.id] }),
		index('innovations_mall_idx').on(t.mallId, t.launchDate),
		check('innovations_kind', sql`${t.kind} in (${sqlList(INNOVATION_KINDS)})`),
		check('innovations_medium', sql`${t.medium} in (${sqlList(INNOVATION_MEDIA)})`),
		check('innovations_stage', sql`${t.stage} in (${sqlList(INNOVATION_STAGES)})`),
		check('innovations_service_needs_agency', sql`${t.serviceId} is null or ${t.agencyId} is not null`),
		check('innovations_text', sql`char_length(${t.name}) between 1 and 200 and char_length(${t.description}) <= 4000`)
	]
);

/** Citizens served by a service in a month (the first day of the month in the mall's calendar). */
export const serviceVolumes = pgTable(
	'service_volumes',
	{
		mallId: integer('mall_id').notNull(),
		serviceId: integer('service_id').notNull(),
		month: date('month').notNull(),
		served: integer('served').notNull(),
		/** Of those, served through a digital channel (online queue or application); null = not known. */
		servedOnline: integer('served_online'),
		source: text('source', { enum: VOLUME_SOURCES }).notNull(),
		updatedBy: integer('updated_by').references(() => users.id),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.mallId, t.serviceId, t.month] }),
		foreignKey({ name: 'service_volumes_service_fk', columns: [t.mallId, t.serviceId], foreignColumns: [services.mallId, services.id] }),
		check('service_volumes_month', sql`extract(day from ${t.month}) = 1`),
		check('service_volumes_served', sql`${t.served} >= 0 and ${t.served} <= 10000000`),
		check('service_volumes_online', sql`${t.servedOnline} is null or (${t.servedOnline} >= 0 and ${t.servedOnline} <= ${t.served})`),
		check('service_volumes_source', sql`${t.source} in (${sqlList(VOLUME_SOURCES)})`)
	]
);

/** A manager's record that a scope's SKM results for a year were published offline (notice board, leaflet). */
export const offlinePublications = pgTable(
	'offline_publications',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id')
			.notNull()
			.references(() => malls.id),
		/** Null: the mall as a whole. */
		agencyId: integer('agency_id'),
		year: integer('year').notNull(),
		note: text('note').notNull(),
		published: boolean('published').notNull().default(true),
		recordedBy: integer('recorded_by').references(() => users.id),
		recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ name: 'offline_publications_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ name: 'offline_publications_agency_fk', columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		index('offline_publications_scope_idx').on(t.mallId, t.agencyId, t.year),
		check('offline_publications_year', sql`${t.year} between 2000 and 2100`),
		check('offline_publications_note', sql`char_length(${t.note}) between 1 and 500`)
	]
);
