/**
 * The mall and what it houses: mall → agency (instansi / unit penyelenggara) → service (jenis layanan) →
 * counter (loket) → device (the counter's tablet).
 *
 * Every tenant table carries mall_id, its primary key starts with it, and references between them go through
 * (mall_id, id) pairs, so a row can never point into another mall and the tables can be distributed by mall_id
 * (docs/scaling.md; tests/integration/hall-keys.test.ts checks it).
 */
import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	customType,
	foreignKey,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { DEFAULT_TICKET_TTL_HOURS, MAX_TICKET_TTL_HOURS, PHONE_CHANNELS, SURVEY_MODES } from '../../../domain/profile';
import { instruments } from './instruments';
import { sqlList } from './sql-lists';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const malls = pgTable('malls', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	/** What the hall is called where space is short (the kiosk, tabs): "MPP Kupang". */
	shortName: text('short_name'),
	city: text('city').notNull(),
	/** The kabupaten/kota's official code (Kepmendagri, "53.71"); its first two digits name the province. */
	regionCode: text('region_code'),
	/** IANA zone (Asia/Makassar for Kupang): local days, opening hours and reports use it. */
	timeZone: text('time_zone').notNull(),
	/** PBKDF2 hash of the PIN that opens the staff panel on the mall's kiosks (checked on the tablet, offline). */
	kioskPinHash: text('kiosk_pin_hash'),
	/** Street address, printed under the hall's name in the report's letterhead. */
	address: text('address'),
	/** The head of the unit (kepala unit) and their NIP: the report's signature block. */
	headName: text('head_name'),
	headNip: text('head_nip'),
	/** The hall's logo (PNG or SVG, size-limited): the report cover, the kiosk start screen, /publik. */
	logo: bytea('logo'),
	logoType: text('logo_type'),
	/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday): [{ open: "08:00", close: "15:00" }] or [] when closed. */
	openingHours: jsonb('opening_hours').$type<Record<string, { open: string; close: string }[]>>(),
	/** How long a one-time rating ticket stays usable after it is issued. */
	ticketTtlHours: smallint('ticket_ttl_hours').notNull().default(DEFAULT_TICKET_TTL_HOURS),
	/** Archived by an operator: no longer takes ratings or sign-ins, kept with all its data for every past period. */
	archivedAt: timestamp('archived_at', { withTimezone: true }),
	createdAt: createdAt()
}, (t) => [check('malls_ticket_ttl', sql`${t.ticketTtlHours} between 1 and ${sql.raw(String(MAX_TICKET_TTL_HOURS))}`)]);

/**
 * The national catalogue of agency kinds (domain/agency-kinds.ts ships the standard ones; operators add more). A
 * reference table shared by every hall.
 */
export const agencyKinds = pgTable(
	'agency_kinds',
	{
		code: text('code').primaryKey(),
		nameId: text('name_id').notNull(),
		nameEn: text('name_en').notNull(),
		/** One of the catalogue's standard kinds (false: added by an operator). */
		standard: boolean('standard').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [
		check('agency_kinds_code', sql`${t.code} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(${t.code}) between 2 and 40`),
		check('agency_kinds_names', sql`char_length(${t.nameId}) between 1 and 120 and char_length(${t.nameEn}) between 1 and 120`)
	]
);

export const agencies = pgTable(
	'agencies',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id')
			.notNull()
			.references(() => malls.id),
		code: text('code').notNull(),
		name: text('name').notNull(),
		/** Its kind in the national catalogue ("dukcapil"), so evaluators compare like with like across halls. */
		kindCode: text('kind_code').references(() => agencyKinds.code),
		/** Archived: hidden from pickers and the kiosk, kept in every report of the periods it served; restorable. */
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ name: 'agencies_pkey', columns: [t.mallId, t.id] }), unique('agencies_mall_code').on(t.mallId, t.code)]
);

export const services = pgTable(
	'services',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		agencyId: integer('agency_id').notNull(),
		code: text('code').notNull(),
		name: text('name').notNull(),
		/** A free service scores U4 "Gratis" (4); U4 is still asked and never dropped. */
		isFree: boolean('is_free').notNull(),
		/** Standard completion time from the unit's service standard, in minutes. */
		standardMinutes: integer('standard_minutes'),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		unique('services_mall_code').on(t.mallId, t.code),
		primaryKey({ name: 'services_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		check('services_standard_minutes_positive', sql`${t.standardMinutes} > 0`)
	]
);

export const counters = pgTable(
	'counters',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		agencyId: integer('agency_id').notNull(),
		/** The service this counter gives; a response still records the service actually received. */
		serviceId: integer('service_id').notNull(),
		/** Short code printed at the counter and used in its QR link, unique in the mall (e.g. DKP-01). */
		code: text('code').notNull(),
		name: text('name').notNull(),
		surveyMode: text('survey_mode', { enum: SURVEY_MODES }).notNull().default('full'),
		instrumentId: integer('instrument_id')
			.notNull()
			.references(() => instruments.id),
		/** Minimum seconds between two stored submissions from one device at this counter (anti-abuse). */
		minIntervalSeconds: smallint('min_interval_seconds').notNull().default(20),
		/** The phone survey: open to anyone with the counter's QR code, or only with an unused one-time ticket. */
		phoneChannel: text('phone_channel', { enum: PHONE_CHANNELS }).notNull().default('open'),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		unique('counters_mall_code').on(t.mallId, t.code),
		primaryKey({ name: 'counters_pkey', columns: [t.mallId, t.id] }),
		foreignKey({ columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] }),
		foreignKey({ columns: [t.mallId, t.serviceId], foreignColumns: [services.mallId, services.id] }),
		check('counters_survey_mode', sql`${t.surveyMode} in (${sqlList(SURVEY_MODES)})`),
		check('counters_min_interval', sql`${t.minIntervalSeconds} >= 0`),
		check('counters_phone_channel', sql`${t.phoneChannel} in (${sqlList(PHONE_CHANNELS)})`)
	]
);

export const devices = pgTable(
	'devices',
	{
		id: integer('id').generatedByDefaultAsIdentity(),
		mallId: integer('mall_id').notNull(),
		counterId: integer('counter_id').notNull(),
		name: text('name').notNull(),
		/** SHA-256 of the device token, hex; the token itself is never stored. */
		tokenHash: text('token_hash').notNull().unique(),
		/** The tablet's own id (kept in its storage): re-pairing the same tablet reuses this row and its sequence. */
		installationId: uuid('installation_id'),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
		/** Highest sequence number received from this device (gap detection compares against it). */
		highestSeq: integer('highest_seq').notNull().default(0),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		/** Per-device rate limit, counted in the same statement that authenticates a request (fixed one-minute windows). */
		rateWindowStart: timestamp('rate_window_start', { withTimezone: true }),
		rateHits: integer('rate_hits').notNull().default(0),
		/** What the tablet last reported of its outbox: responses waiting, and held back by the server. */
		reportedPending: integer('reported_pending'),
		reportedHeld: integer('reported_held'),
		reportedAt: timestamp('reported_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ name: 'devices_pkey', columns: [t.mallId, t.id] }),
		unique('devices_mall_installation').on(t.mallId, t.installationId),
		foreignKey({ columns: [t.mallId, t.counterId], foreignColumns: [counters.mallId, counters.id] }),
		index('devices_counter_idx').on(t.mallId, t.counterId)
	]
);
