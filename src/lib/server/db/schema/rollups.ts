/**
 * Rollups: what dashboards and reports read instead of raw answers. One row per mall-local day × service × counter
 * × instrument (× item position), updated in the same statement that inserts the responses, and rebuilt from the
 * raw data by `npm run rollups:rebuild`.
 *
 * The local day uses the mall's time zone: in Kupang (UTC+8) a response at 23:30 UTC counts for the next day.
 * counter_id is null for imported responses (no counter); the unique keys treat nulls as equal (PostgreSQL 15+).
 * Every grain is kept per channel (kiosk, qr, ticket, import; suppressed taps count as kiosk), so a view of one
 * channel, and the breakdown by channel, read rollups like every other view.
 */
import { date, index, integer, pgTable, smallint, text, unique } from 'drizzle-orm/pg-core';

const channel = () => text('channel').notNull();

/** What an item row counts: the answers 1–4 and the skips of one instrument's item. */
const itemTallies = () => ({
	instrumentId: integer('instrument_id').notNull(),
	position: smallint('position').notNull(),
	n1: integer('n1').notNull().default(0),
	n2: integer('n2').notNull().default(0),
	n3: integer('n3').notNull().default(0),
	n4: integer('n4').notNull().default(0),
	skipped: integer('skipped').notNull().default(0)
});

/** What a count row counts: complete, partial and quick responses of an instrument, and suppressed taps (no instrument). */
const countTallies = () => ({
	instrumentId: integer('instrument_id'),
	complete: integer('complete').notNull().default(0),
	partial: integer('partial').notNull().default(0),
	quick: integer('quick').notNull().default(0),
	suppressed: integer('suppressed').notNull().default(0)
});

const unitColumns = () => ({
	mallId: integer('mall_id').notNull(),
	localDate: date('local_date').notNull(),
	agencyId: integer('agency_id').notNull(),
	serviceId: integer('service_id').notNull(),
	counterId: integer('counter_id'),
	channel: channel()
});

const itemColumns = () => ({ ...unitColumns(), ...itemTallies() });

const countColumns = () => ({ ...unitColumns(), ...countTallies() });

/**
 * The same rollups summed per mall-local calendar month (local_date = the month's first day), so a year reads
 * twelve rows per counter and item instead of 365. Queries use them for whole months and daily rows for the rest.
 */
export const rollupItemsMonth = pgTable('rollup_items_month', itemColumns(), (t) => [
	unique('rollup_items_month_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.channel, t.instrumentId, t.position).nullsNotDistinct(),
	index('rollup_items_month_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_items_month_service_idx').on(t.serviceId, t.localDate),
	index('rollup_items_month_counter_idx').on(t.counterId, t.localDate)
]);

export const rollupCountsMonth = pgTable('rollup_counts_month', countColumns(), (t) => [
	unique('rollup_counts_month_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.channel, t.instrumentId).nullsNotDistinct(),
	index('rollup_counts_month_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_counts_month_service_idx').on(t.serviceId, t.localDate),
	index('rollup_counts_month_counter_idx').on(t.counterId, t.localDate)
]);

/** The key columns of the monthly totals of a mall as a whole, and of each of its agencies. */
const mallMonthColumns = () => ({ mallId: integer('mall_id').notNull(), localDate: date('local_date').notNull(), channel: channel() });
const agencyMonthColumns = () => ({
	mallId: integer('mall_id').notNull(),
	localDate: date('local_date').notNull(),
	agencyId: integer('agency_id').notNull(),
	channel: channel()
});

/**
 * An agency's monthly totals (its services and counters together): what an agency's figures, a hall's ranking of its
 * agencies and a ranking of one kind of agency across halls read — one row per agency, month, channel and item
 * instead of one per counter.
 */
export const rollupItemsAgencyMonth = pgTable(
	'rollup_items_agency_month',
	{ ...agencyMonthColumns(), ...itemTallies() },
	(t) => [
		unique('rollup_items_agency_month_key').on(t.mallId, t.localDate, t.agencyId, t.channel, t.instrumentId, t.position),
		index('rollup_items_agency_month_agency_idx').on(t.agencyId, t.localDate)
	]
);

export const rollupCountsAgencyMonth = pgTable(
	'rollup_counts_agency_month',
	{ ...agencyMonthColumns(), ...countTallies() },
	(t) => [
		unique('rollup_counts_agency_month_key').on(t.mallId, t.localDate, t.agencyId, t.channel, t.instrumentId).nullsNotDistinct(),
		index('rollup_counts_agency_month_agency_idx').on(t.agencyId, t.localDate)
	]
);

/**
 * The mall's own monthly totals (all agencies, services and counters together): what a mall-year view reads — twelve
 * rows per item instead of one per counter and month.
 */
export const rollupItemsMallMonth = pgTable(
	'rollup_items_mall_month',
	{ ...mallMonthColumns(), ...itemTallies() },
	(t) => [unique('rollup_items_mall_month_key').on(t.mallId, t.localDate, t.channel, t.instrumentId, t.position)]
);

export const rollupCountsMallMonth = pgTable(
	'rollup_counts_mall_month',
	{ ...mallMonthColumns(), ...countTallies() },
	(t) => [unique('rollup_counts_mall_month_key').on(t.mallId, t.localDate, t.channel, t.instrumentId).nullsNotDistinct()]
);

export const rollupItems = pgTable('rollup_items', itemColumns(), (t) => [
	unique('rollup_items_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.channel, t.instrumentId, t.position).nullsNotDistinct(),
	index('rollup_items_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_items_service_idx').on(t.serviceId, t.localDate),
	index('rollup_items_counter_idx').on(t.counterId, t.localDate)
]);

export const rollupCounts = pgTable('rollup_counts', countColumns(), (t) => [
	unique('rollup_counts_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.channel, t.instrumentId).nullsNotDistinct(),
	index('rollup_counts_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_counts_service_idx').on(t.serviceId, t.localDate),
	index('rollup_counts_counter_idx').on(t.counterId, t.localDate)
]);

/**
 * The hour × weekday heatmap's rollups: per mall-local hour, the responses to instruments that feed the IKM, the sum of
 * their answered unsur (positions 1–9) and how many unsur were answered — so the heatmap's mean answer is Σ ÷ answered,
 * as it was over the raw answers. Three grains like the tallies: per day × hour × service × counter (the days at either
 * end of a range), per month × weekday × hour × service × counter (whole months), and the mall's own month × weekday
 * × hour (a mall's whole months).
 */
const heatCounts = () => ({
	responses: integer('responses').notNull().default(0),
	answeredSum: integer('answered_sum').notNull().default(0),
	answered: integer('answered').notNull().default(0)
});

const heatUnits = () => ({
	agencyId: integer('agency_id').notNull(),
	serviceId: integer('service_id').notNull(),
	counterId: integer('counter_id'),
	channel: channel()
});

export const rollupHeat = pgTable(
	'rollup_heat',
	{ mallId: integer('mall_id').notNull(), localDate: date('local_date').notNull(), hour: smallint('hour').notNull(), ...heatUnits(), ...heatCounts() },
	(t) => [
		unique('rollup_heat_key').on(t.mallId, t.localDate, t.hour, t.serviceId, t.counterId, t.channel).nullsNotDistinct(),
		index('rollup_heat_agency_idx').on(t.agencyId, t.localDate),
		index('rollup_heat_service_idx').on(t.serviceId, t.localDate),
		index('rollup_heat_counter_idx').on(t.counterId, t.localDate)
	]
);

/** local_date is the month's first day; weekday is ISO (1 Monday … 7 Sunday), in the mall's zone. */
export const rollupHeatMonth = pgTable(
	'rollup_heat_month',
	{
		mallId: integer('mall_id').notNull(),
		localDate: date('local_date').notNull(),
		weekday: smallint('weekday').notNull(),
		hour: smallint('hour').notNull(),
		...heatUnits(),
		...heatCounts()
	},
	(t) => [
		unique('rollup_heat_month_key').on(t.mallId, t.localDate, t.weekday, t.hour, t.serviceId, t.counterId, t.channel).nullsNotDistinct(),
		index('rollup_heat_month_agency_idx').on(t.agencyId, t.localDate),
		index('rollup_heat_month_service_idx').on(t.serviceId, t.localDate),
		index('rollup_heat_month_counter_idx').on(t.counterId, t.localDate)
	]
);

export const rollupHeatMallMonth = pgTable(
	'rollup_heat_mall_month',
	{
		mallId: integer('mall_id').notNull(),
		localDate: date('local_date').notNull(),
		weekday: smallint('weekday').notNull(),
		hour: smallint('hour').notNull(),
		channel: channel(),
		...heatCounts()
	},
	(t) => [unique('rollup_heat_mall_month_key').on(t.mallId, t.localDate, t.weekday, t.hour, t.channel)]
);

/**
 * The respondents' profile (the Laporan SKM's "profil responden") per month: how many respondents of instruments
 * that feed the IKM gave each value of each profile field (value null = not given). Months only: a report's whole
 * months are read here and the days at either end from the responses (a daily grain would hold more rows than
 * there are responses). local_date is the month's first day in the mall's zone.
 */
export const rollupProfileMonth = pgTable(
	'rollup_profile_month',
	{
		mallId: integer('mall_id').notNull(),
		localDate: date('local_date').notNull(),
		...heatUnits(),
		field: text('field').notNull(),
		value: text('value'),
		respondents: integer('respondents').notNull().default(0)
	},
	(t) => [
		unique('rollup_profile_month_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.channel, t.field, t.value).nullsNotDistinct(),
		index('rollup_profile_month_agency_idx').on(t.agencyId, t.localDate),
		index('rollup_profile_month_service_idx').on(t.serviceId, t.localDate),
		index('rollup_profile_month_counter_idx').on(t.counterId, t.localDate)
	]
);

/** The same for the whole mall per month (all agencies, services and counters together). */
export const rollupProfileMallMonth = pgTable(
	'rollup_profile_mall_month',
	{
		mallId: integer('mall_id').notNull(),
		localDate: date('local_date').notNull(),
		channel: channel(),
		field: text('field').notNull(),
		value: text('value'),
		respondents: integer('respondents').notNull().default(0)
	},
	(t) => [unique('rollup_profile_mall_month_key').on(t.mallId, t.localDate, t.channel, t.field, t.value).nullsNotDistinct()]
);
