/**
 * Versioned questionnaires (skm-2017; later ipak, quick). A published version is immutable — a trigger in the
 * migrations refuses any change to it or its items — because responses store answers by item position.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, primaryKey, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';

export const INSTRUMENT_STATUSES = ['draft', 'published'] as const;

export const instruments = pgTable(
	'instruments',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		code: text('code').notNull(),
		version: integer('version').notNull(),
		titleId: text('title_id').notNull(),
		titleEn: text('title_en').notNull(),
		/** Whether its items are the nine unsur that feed the IKM. */
		feedsIkm: boolean('feeds_ikm').notNull(),
		status: text('status', { enum: INSTRUMENT_STATUSES }).notNull().default('draft'),
		publishedAt: timestamp('published_at', { withTimezone: true })
	},
	(t) => [
		unique('instruments_code_version').on(t.code, t.version),
		check('instruments_status', sql`${t.status} in ('draft', 'published')`),
		check('instruments_published_at', sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`)
	]
);

export const instrumentItems = pgTable(
	'instrument_items',
	{
		instrumentId: integer('instrument_id')
			.notNull()
			.references(() => instruments.id),
		/** 1-based; answers[position] of a response is the answer to this item. */
		position: smallint('position').notNull(),
		code: text('code').notNull(),
		nameId: text('name_id').notNull(),
		nameEn: text('name_en').notNull(),
		questionId: text('question_id').notNull(),
		questionEn: text('question_en').notNull(),
		/** Labels of the values 1..4. */
		optionsId: text('options_id').array().notNull(),
		optionsEn: text('options_en').array().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.instrumentId, t.position] }),
		unique('instrument_items_code').on(t.instrumentId, t.code),
		check('instrument_items_position', sql`${t.position} >= 1`),
		check('instrument_items_options', sql`cardinality(${t.optionsId}) = 4 and cardinality(${t.optionsEn}) = 4`)
	]
);

/** Reason chips of an instrument (quick mode): each names the unsur it points at. */
export const instrumentReasons = pgTable(
	'instrument_reasons',
	{
		instrumentId: integer('instrument_id')
			.notNull()
			.references(() => instruments.id),
		position: smallint('position').notNull(),
		code: text('code').notNull(),
		/** The SKM unsur (U1..U9) the reason is about. */
		unsurCode: text('unsur_code').notNull(),
		labelId: text('label_id').notNull(),
		labelEn: text('label_en').notNull()
	},
	(t) => [primaryKey({ columns: [t.instrumentId, t.position] }), unique('instrument_reasons_code').on(t.instrumentId, t.code)]
);
