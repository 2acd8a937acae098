/**
 * Per-unsur tallies straight from the raw responses (Σ and n per item position), grouped by agency.
 * The rollups of the ingestion work will serve large periods; this reads the stored answers directly.
 */
import { sql } from 'drizzle-orm';
import type { Period } from '../../domain/periods';
import { rowsOf, type Db } from '../db/client';

export interface AgencyTallies {
	agencyId: number;
	/** Responses with at least one answered item. */
	respondents: number;
	/** Σ and n per item position (1-based), skipped answers excluded. */
	items: Map<number, { sum: number; n: number }>;
}

/** Tallies per agency of one mall and instrument over a period. */
export async function tallyAgencies(db: Db, mallId: number, instrumentId: number, period: Period): Promise<AgencyTallies[]> {
	const inPeriod = sql`r.mall_id = ${mallId} and r.instrument_id = ${instrumentId}
		and r.submitted_at >= ${period.from.toISOString()} and r.submitted_at < ${period.to.toISOString()}`;
	const items = rowsOf<{ agency_id: number; position: number; sum: number; n: number }>(
		await db.execute(sql`
			select r.agency_id, a.position::int as position, coalesce(sum(a.value), 0)::int as sum, count(a.value)::int as n
			from responses r cross join lateral unnest(r.answers) with ordinality as a(value, position)
			where ${inPeriod}
			group by r.agency_id, a.position`)
	);
	const respondents = rowsOf<{ agency_id: number; respondents: number }>(
		await db.execute(sql`
			select r.agency_id, count(*)::int as respondents
			from responses r
			where ${inPeriod} and cardinality(array_remove(r.answers, null)) > 0
			group by r.agency_id`)
	);
	const byAgency = new Map<number, AgencyTallies>();
	for (const row of respondents) {
		byAgency.set(row.agency_id, { agencyId: row.agency_id, respondents: row.respondents, items: new Map() });
	}
	for (const row of items) {
		byAgency.get(row.agency_id)?.items.set(row.position, { sum: row.sum, n: row.n });
	}
	return [...byAgency.values()];
}
