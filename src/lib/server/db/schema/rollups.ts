/**
 * Rollups: what dashboards and reports read instead of raw answers. One row per mall-local day × service × counter
 * × instrument (× item position), updated in the same statement that inserts the responses, and rebuilt from the
 * raw data by `npm run rollups:rebuild`.
 *
 * The local day uses the mall's time zone: in Kupang (UTC+8) a response at 23:30 UTC counts for the next day.
 * counter_id is null for imported responses (no counter); the unique keys treat nulls as equal (PostgreSQL 15+).
 */
import { date, index, integer, pgTable, smallint, unique } from 'drizzle-orm/pg-core';

const itemColumns = () => ({
	mallId: integer('mall_id').notNull(),
	localDate: date('local_date').notNull(),
	agencyId: integer('agency_id').notNull(),
	serviceId: integer('service_id').notNull(),
	counterId: integer('counter_id'),
	instrumentId: integer('instrument_id').notNull(),
	position: smallint('position').notNull(),
	n1: integer('n1').notNull().default(0),
	n2: integer('n2').notNull().default(0),
	n3: integer('n3').notNull().default(0),
	n4: integer('n4').notNull().default(0),
	skipped: integer('skipped').notNull().default(0)
});

const countColumns = () => ({
	mallId: integer('mall_id').notNull(),
	localDate: date('local_date').notNull(),
	agencyId: integer('agency_id').notNull(),
	serviceId: integer('service_id').notNull(),
	counterId: integer('counter_id'),
	instrumentId: integer('instrument_id'),
	complete: integer('complete').notNull().default(0),
	partial: integer('partial').notNull().default(0),
	quick: integer('quick').notNull().default(0),
	suppressed: integer('suppressed').notNull().default(0)
});

/**
 * The same rollups summed per mall-local calendar month (local_date = the month's first day), so a year reads
 * twelve rows per counter and item instead of 365. Queries use them for whole months and daily rows for the rest.
 */
export const rollupItemsMonth = pgTable('rollup_items_month', itemColumns(), (t) => [
	unique('rollup_items_month_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.instrumentId, t.position).nullsNotDistinct(),
	index('rollup_items_month_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_items_month_service_idx').on(t.serviceId, t.localDate),
	index('rollup_items_month_counter_idx').on(t.counterId, t.localDate)
]);

export const rollupCountsMonth = pgTable('rollup_counts_month', countColumns(), (t) => [
	unique('rollup_counts_month_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.instrumentId).nullsNotDistinct(),
	index('rollup_counts_month_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_counts_month_service_idx').on(t.serviceId, t.localDate),
	index('rollup_counts_month_counter_idx').on(t.counterId, t.localDate)
]);

/**
 * The mall's own monthly totals (all agencies, services and counters together): what a mall-year view reads — twelve
 * rows per item instead of one per counter and month.
 */
export const rollupItemsMallMonth = pgTable(
	'rollup_items_mall_month',
	{
		mallId: integer('mall_id').notNull(),
		localDate: date('local_date').notNull(),
		instrumentId: integer('instrument_id').notNull(),
		position: smallint('position').notNull(),
		n1: integer('n1').notNull().default(0),
		n2: integer('n2').notNull().default(0),
		n3: integer('n3').notNull().default(0),
		n4: integer('n4').notNull().default(0),
		skipped: integer('skipped').notNull().default(0)
	},
	(t) => [unique('rollup_items_mall_month_key').on(t.mallId, t.localDate, t.instrumentId, t.position)]
);

export const rollupCountsMallMonth = pgTable(
	'rollup_counts_mall_month',
	{
		mallId: integer('mall_id').notNull(),
		localDate: date('local_date').notNull(),
		instrumentId: integer('instrument_id'),
		complete: integer('complete').notNull().default(0),
		partial: integer('partial').notNull().default(0),
		quick: integer('quick').notNull().default(0),
		suppressed: integer('suppressed').notNull().default(0)
	},
	(t) => [unique('rollup_counts_mall_month_key').on(t.mallId, t.localDate, t.instrumentId).nullsNotDistinct()]
);

export const rollupItems = pgTable('rollup_items', itemColumns(), (t) => [
	unique('rollup_items_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.instrumentId, t.position).nullsNotDistinct(),
	index('rollup_items_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_items_service_idx').on(t.serviceId, t.localDate),
	index('rollup_items_counter_idx').on(t.counterId, t.localDate)
]);

export const rollupCounts = pgTable('rollup_counts', countColumns(), (t) => [
	unique('rollup_counts_key').on(t.mallId, t.localDate, t.serviceId, t.counterId, t.instrumentId).nullsNotDistinct(),
	index('rollup_counts_agency_idx').on(t.agencyId, t.localDate),
	index('rollup_counts_service_idx').on(t.serviceId, t.localDate),
	index('rollup_counts_counter_idx').on(t.counterId, t.localDate)
]);
