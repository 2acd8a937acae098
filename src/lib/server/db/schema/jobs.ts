/**
 * Background jobs shared by every app instance: a job runs once per slot (e.g. once a minute) across all of them.
 * The instance whose update moves `slot` forward runs it; the others see the slot taken and skip.
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const jobLeases = pgTable('job_leases', {
	/** The job, e.g. "alerts". */
	name: text('name').primaryKey(),
	/** The start of the last slot some instance claimed (by the database's clock). */
	slot: timestamp('slot', { withTimezone: true }).notNull(),
	/** When that instance claimed it. */
	claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow()
});
