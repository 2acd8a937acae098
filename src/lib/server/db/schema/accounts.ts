/**
 * People who sign in: email + password (argon2id hash), a role, and for managers their agencies. Sessions are
 * stored as the SHA-256 of their token; the token itself lives only in the browser's cookie.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { ROLES } from '../../../domain/roles';
import { agencies, malls } from './organization';
import { sqlList } from './sql-lists';

export const users = pgTable(
	'users',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** The hall the user belongs to; null for an operator and for an evaluator of a region or the nation. */
		mallId: integer('mall_id').references(() => malls.id),
		/**
		 * An evaluator across halls: the province ("53") or kabupaten/kota ("53.71") it reads; null with no hall = the
		 * nation. Always null for the hall's own users and for operators.
		 */
		regionScope: text('region_scope'),
		/** Stored lower-case; unique across the installation. */
		email: text('email').notNull().unique(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('users_mall_id').on(t.mallId, t.id),
		check('users_role', sql`${t.role} in (${sqlList(ROLES)})`),
		// Admins and managers belong to a hall; operators to none; an evaluator to a hall, or to a region or the nation.
		check(
			'users_reach',
			sql`case ${t.role} when 'operator' then ${t.mallId} is null and ${t.regionScope} is null
				when 'evaluator' then ${t.mallId} is null or ${t.regionScope} is null
				else ${t.mallId} is not null and ${t.regionScope} is null end`
		),
		check('users_region_scope', sql`${t.regionScope} ~ '^[0-9]{2}([.][0-9]{2})?$'`),
		check('users_email_lower', sql`${t.email} = lower(${t.email})`)
	]
);

/** The agencies a manager is responsible for (and may see). */
export const userAgencies = pgTable(
	'user_agencies',
	{
		mallId: integer('mall_id').notNull(),
		userId: integer('user_id').notNull(),
		agencyId: integer('agency_id').notNull()
	},
	(t) => [
		primaryKey({ name: 'user_agencies_pkey', columns: [t.mallId, t.userId, t.agencyId] }),
		foreignKey({ name: 'user_agencies_user_fk', columns: [t.mallId, t.userId], foreignColumns: [users.mallId, users.id] }).onDelete('cascade'),
		foreignKey({ name: 'user_agencies_agency_fk', columns: [t.mallId, t.agencyId], foreignColumns: [agencies.mallId, agencies.id] })
	]
);

export const sessions = pgTable(
	'sessions',
	{
		/** SHA-256 of the session token, hex. */
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** One-time password-reset links an admin hands to a user (shown once, valid 24 h); only the hash is kept. */
export const passwordResets = pgTable(
	'password_resets',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		/** SHA-256 of the token, hex. */
		tokenHash: text('token_hash').notNull().unique(),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [index('password_resets_user_idx').on(t.userId)]
);
