/**
 * The SQL behind the reform indicator sheet: finalized and published SKM reports of a unit in a year, offline
 * publications recorded by managers, follow-up items, and complaints with their time to first response.
 */
import { sql, type SQL } from 'drizzle-orm';
import { startOfLocalDay } from '../../domain/periods';
import type { ComplaintTiming } from '../../domain/reform-bands';
import { executePrepared, type Db } from '../db/client';

/** A unit of the sheet: the whole mall, or one agency. */
export type SheetScope = { type: 'mall'; id: number } | { type: 'agency'; id: number };

export interface YearRange {
	mallId: number;
	timeZone: string;
	year: number;
	/** The instant the evaluation looks from: the end of the year, or now while the year runs. */
	asOf: Date;
}

const agencyOf = (scope: SheetScope, column: string): SQL => (scope.type === 'agency' ? sql` and ${sql.raw(column)} = ${scope.id}` : sql``);
const yearStart = (range: YearRange) => startOfLocalDay(`${range.year}-01-01`, range.timeZone).toISOString();
const yearEnd = (range: YearRange) => startOfLocalDay(`${range.year + 1}-01-01`, range.timeZone).toISOString();

export interface SheetReport {
	periodKind: string;
	periodValue: string;
	/** The period's local dates, both inclusive. */
	periodFrom: string;
	periodTo: string;
	published: boolean;
}

/**
 * The final reports of exactly this unit whose period lies inside the year and that count as a survey round: the
 * current one of each period (not superseded), finalized after its period ended in the hall's time zone (a report
 * frozen earlier, before Puas refused that, does not cover its period) and holding at least one respondent.
 */
export async function finalizedReports(db: Db, scope: SheetScope, range: YearRange): Promise<SheetReport[]> {
	return executePrepared<SheetReport>(
		db,
		sql`select period_kind as "periodKind", period_value as "periodValue", to_char(period_from, 'YYYY-MM-DD') as "periodFrom",
				to_char(period_to, 'YYYY-MM-DD') as "periodTo", published
			from report_snapshots
			where mall_id = ${range.mallId} and scope_type = ${scope.type} and scope_id = ${scope.id}
				and period_from >= ${`${range.year}-01-01`}::date and period_to <= ${`${range.year}-12-31`}::date
				and superseded_at is null
				and finalized_at >= ((period_to + 1)::timestamp at time zone ${range.timeZone})
				and (canonical::jsonb #>> '{figures,respondents}')::int > 0
			order by period_from, period_kind`
	);
}

/** The offline publication a manager recorded for the unit and year, if any (the latest). */
export async function offlinePublication(db: Db, scope: SheetScope, range: YearRange): Promise<{ note: string; recordedAt: Date } | null> {
	const [row] = await executePrepared<{ note: string; recorded_at: Date | string }>(
		db,
		sql`select note, recorded_at from offline_publications
			where mall_id = ${range.mallId} and year = ${range.year} and published
				and ${scope.type === 'agency' ? sql`agency_id = ${scope.id}` : sql`agency_id is null`}
			order by recorded_at desc limit 1`
	);
	return row ? { note: row.note, recordedAt: new Date(row.recorded_at) } : null;
}

/** Record that a unit's results for a year were published offline. */
export async function recordOfflinePublication(db: Db, scope: SheetScope, range: Pick<YearRange, 'mallId' | 'year'>, note: string, userId: number | null): Promise<void> {
	await executePrepared(
		db,
		sql`insert into offline_publications (mall_id, agency_id, year, note, recorded_by)
			values (${range.mallId}, ${scope.type === 'agency' ? scope.id : null}, ${range.year}, ${note}, ${userId})`
	);
}

/** Follow-up items created in the year (cancelled ones left out): how many, and how many done. */
export async function followUpCounts(db: Db, scope: SheetScope, range: YearRange): Promise<{ planned: number; done: number }> {
	const [row] = await executePrepared<{ planned: number | string; done: number | string }>(
		db,
		sql`select count(*) filter (where status <> 'cancelled') as planned, count(*) filter (where status = 'done') as done
			from follow_ups f
			where f.mall_id = ${range.mallId}${agencyOf(scope, 'f.agency_id')}
				and f.created_at >= ${yearStart(range)}::timestamptz and f.created_at < ${yearEnd(range)}::timestamptz`
	);
	return { planned: Number(row?.planned ?? 0), done: Number(row?.done ?? 0) };
}

/** Complaints on responses of the year: hours to the first follow-up, age at `asOf`, closed or not. */
export async function complaintTimings(db: Db, scope: SheetScope, range: YearRange): Promise<ComplaintTiming[]> {
	const rows = await executePrepared<{ hours: number | string | null; age: number | string; closed: boolean }>(
		db,
		sql`select extract(epoch from (f.first_at - r.submitted_at)) / 3600 as hours,
				extract(epoch from (${range.asOf.toISOString()}::timestamptz - r.submitted_at)) / 3600 as age,
				coalesce(f.done > 0 and f.open = 0, false) as closed
			from complaints c join responses r on r.mall_id = c.mall_id and r.id = c.response_id
				left join lateral (
					select min(created_at) filter (where created_at <= ${range.asOf.toISOString()}::timestamptz) as first_at,
						count(*) filter (where status = 'done') as done,
						count(*) filter (where status in ('planned', 'in_progress')) as open
					from follow_ups where mall_id = c.mall_id and complaint_id = c.id
				) f on true
			where c.mall_id = ${range.mallId}${agencyOf(scope, 'c.agency_id')}
				and r.submitted_at >= ${yearStart(range)}::timestamptz and r.submitted_at < ${yearEnd(range)}::timestamptz
				and r.submitted_at <= ${range.asOf.toISOString()}::timestamptz`
	);
	return rows.map((row) => ({
		// A follow-up recorded before the response itself (clock skew on import) counts as an immediate answer.
		hoursToFirstResponse: row.hours === null ? null : Math.max(0, Number(row.hours)),
		ageHours: Number(row.age),
		closed: row.closed
	}));
}

export interface SheetInnovation {
	id: number;
	name: string;
	launchDate: string;
	competition: string;
	award: string;
}

/** Innovations of the unit launched by the end of the year (the mall's: every innovation in it). */
export async function unitInnovations(db: Db, scope: SheetScope, range: YearRange): Promise<SheetInnovation[]> {
	return executePrepared<SheetInnovation>(
		db,
		sql`select id, name, to_char(launch_date, 'YYYY-MM-DD') as "launchDate", competition, award from innovations i
			where i.mall_id = ${range.mallId}${agencyOf(scope, 'i.agency_id')} and i.launch_date <= ${`${range.year}-12-31`}::date
			order by launch_date`
	);
}
