/**
 * The SQL of a Laporan SKM beyond the indicator rollups: the services of its units, respondent profile counts (from
 * the monthly profile rollups, the days at either end from the responses), the comments summary, the follow-up plan
 * and the raw respondent × unsur matrix — over the responses of the IKM instruments in a scope and period.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { addDays, startOfLocalDay } from '../../domain/periods';
import type { Access } from '../../domain/roles';
import type { ScopeFilter } from '../../domain/scope';
import { archivedChain } from '../db/archived';
import { executePrepared, type Db } from '../db/client';
import { agencies, services } from '../db/schema';
import { SCOPE_COLUMN } from '../db/scope-columns';
import { agencyFilter } from '../access/agency-filter';
import { unsurAnswers } from '../indicators/unsur-answers';
import { edgeDays, wholeMonths } from '../indicators/rollup-tallies';
import { answerPositions, answersByCode, parseIntArray } from '../responses/answers';

export interface ReportRange {
	mallId: number;
	timeZone: string;
	/** Local calendar dates, both inclusive. */
	from: string;
	to: string;
	/** Only responses received by this instant (a finalized report's cut-off); null = all. */
	receivedBy: Date | null;
}

const dayAfter = (date: string) => addDays(date, 1);

/** `r` rows of the scope, in [from, to] local days, of an instrument that feeds the IKM (the rollups' population). */
function inScope(scope: ScopeFilter, range: ReportRange): SQL {
	const received = range.receivedBy ? sql` and r.received_at <= ${range.receivedBy.toISOString()}::timestamptz` : sql``;
	return sql`r.mall_id = ${range.mallId} and r.${sql.raw(SCOPE_COLUMN[scope.type])} = ${scope.id}
		and r.submitted_at >= ${startOfLocalDay(range.from, range.timeZone).toISOString()}::timestamptz
		and r.submitted_at < ${startOfLocalDay(dayAfter(range.to), range.timeZone).toISOString()}::timestamptz
		and r.instrument_id in (select id from instruments where feeds_ikm)${received}`;
}

/** The services (with their agencies) under a scope that `access` may read, by agency then service name, archived ones marked. */
export async function servicesUnder(db: Db, access: Access, scope: ScopeFilter, mallId: number) {
	const inScope =
		scope.type === 'mall'
			? undefined
			: scope.type === 'agency'
				? eq(services.agencyId, scope.id)
				: scope.type === 'service'
					? eq(services.id, scope.id)
					: eq(services.id, sql`(select service_id from counters where id = ${scope.id})`);
	return db
		.select({
			id: services.id,
			name: services.name,
			agencyId: services.agencyId,
			agency: agencies.name,
			agencyArchived: archivedChain(agencies),
			archived: archivedChain(services, agencies)
		})
		.from(services)
		.innerJoin(agencies, eq(agencies.id, services.agencyId))
		.where(and(eq(services.mallId, mallId), inScope, agencyFilter(services.agencyId, access)))
		.orderBy(asc(agencies.name), asc(services.name));
}

export const PROFILE_FIELDS = ['sex', 'age_band', 'education', 'occupation'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export interface ProfileCount {
	field: ProfileField;
	/** null = not given. */
	value: string | null;
	count: number;
}

/** The raw responses' profile counts over local days [from, to] of a range (fields as rows). */
function rawProfileSql(scope: ScopeFilter, range: ReportRange): SQL {
	return sql`select f.field, f.value, count(*) as count
		from responses r
			cross join lateral (values ('sex', r.sex), ('age_band', r.age_band), ('education', r.education), ('occupation', r.occupation)) f(field, value)
		where ${inScope(scope, range)}
		group by 1, 2`;
}

/**
 * Respondents per value of each profile field (null = the respondent skipped it). The whole months of the period come
 * from the monthly profile rollups and the days at either end from the responses; a finalized report's cut-off
 * (`receivedBy`) reads the responses alone, since the rollups also hold what arrived after it.
 */
export async function profileCounts(db: Db, scope: ScopeFilter, range: ReportRange): Promise<ProfileCount[]> {
	const months = range.receivedBy ? null : wholeMonths(range);
	let query: SQL;
	if (!months) query = rawProfileSql(scope, range);
	else {
		const edges = edgeDays(range, months);
		const monthly =
			scope.type === 'mall'
				? sql`select field, value, respondents from rollup_profile_mall_month where mall_id = ${range.mallId}`
				: sql`select field, value, respondents from rollup_profile_month where mall_id = ${range.mallId} and ${sql.raw(SCOPE_COLUMN[scope.type])} = ${scope.id}`;
		query = sql`select field, value, sum(count) as count from (
				${sql.join(
					edges.map((edge) => sql`${rawProfileSql(scope, edge)} union all `),
					sql``
				)}select field, value, sum(respondents) as count from (${monthly}
					and local_date between ${months.from}::date and ${months.to}::date) m group by 1, 2
			) t group by 1, 2`;
	}
	const rows = await executePrepared<{ field: ProfileField; value: string | null; count: string | number }>(db, query);
	return rows.map((r) => ({ field: r.field, value: r.value, count: Number(r.count) }));
}

export interface CommentSummary {
	/** Respondents who left a comment. */
	withComment: number;
	/** Comments marked as complaints. */
	complaints: number;
	/** Comments by the respondent's lowest answer (1–4). */
	byLowestAnswer: { lowest: number; count: number }[];
}

/** How many left a comment, how many of those were marked as complaints, by the respondent's lowest answer. */
export async function commentSummary(db: Db, scope: ScopeFilter, range: ReportRange): Promise<CommentSummary> {
	const [counts] = await executePrepared<{ with_comment: string | number; complaints: string | number; by_lowest: { lowest: number; count: number }[] | null }>(
		db,
		sql`with c as (
				select r.mall_id, r.id, (select min(v) from unnest(${unsurAnswers(sql`r.answers`)}) v) as lowest from responses r
				where ${inScope(scope, range)} and r.comment is not null and r.comment <> ''
			)
			select (select count(*) from c) as with_comment,
				(select count(*) from complaints k where (k.mall_id, k.response_id) in (select mall_id, id from c)) as complaints,
				(select json_agg(json_build_object('lowest', lowest, 'count', count) order by lowest)
					from (select lowest, count(*)::int as count from c group by lowest) g) as by_lowest`
	);
	return {
		withComment: Number(counts?.with_comment ?? 0),
		complaints: Number(counts?.complaints ?? 0),
		byLowestAnswer: (counts?.by_lowest ?? []).filter((g) => g.lowest !== null)
	};
}

export interface CommentLine {
	/** Mall-local "YYYY-MM-DD HH:MM". */
	at: string;
	unit: string;
	lowest: number | null;
	text: string;
}

/**
 * The latest comments of a scope and period (newest first), with the service they rated. Comment texts are not frozen
 * into a snapshot's JSON (it can be shown to anyone with the hash): the PDF reads them here, up to the snapshot's cut-off.
 */
export async function latestComments(db: Db, scope: ScopeFilter, range: ReportRange, limit = 10): Promise<CommentLine[]> {
	return executePrepared<CommentLine>(
		db,
		sql`select to_char(r.submitted_at at time zone ${range.timeZone}, 'YYYY-MM-DD HH24:MI') as at, s.name as unit,
				(select min(v) from unnest(${unsurAnswers(sql`r.answers`)}) v) as lowest, r.comment as text
			from responses r join services s on s.id = r.service_id
			where ${inScope(scope, range)} and r.comment is not null and r.comment <> ''
			order by r.submitted_at desc, r.id
			limit ${limit}`
	);
}

export interface PlanItem {
	agency: string;
	unsurCode: string | null;
	fromComplaint: boolean;
	action: string;
	owner: string;
	dueDate: string;
	status: string;
}

/**
 * Follow-up items (Rencana Tindak Lanjut) of the scope's agencies created between two local dates (inclusive;
 * `to` null = up to now). For a service scope, its agency's items.
 */
export async function planItems(db: Db, scope: ScopeFilter, range: { mallId: number; timeZone: string; from: string; to: string | null }): Promise<PlanItem[]> {
	const agencyFilter =
		scope.type === 'mall'
			? sql``
			: scope.type === 'agency'
				? sql` and f.agency_id = ${scope.id}`
				: sql` and f.agency_id = (select agency_id from ${sql.raw(scope.type === 'service' ? 'services' : 'counters')} where id = ${scope.id})`;
	const until = range.to ? sql` and f.created_at < ${startOfLocalDay(dayAfter(range.to), range.timeZone).toISOString()}::timestamptz` : sql``;
	return executePrepared<PlanItem>(
		db,
		sql`select a.name as agency, f.unsur_code as "unsurCode", f.complaint_id is not null as "fromComplaint", f.action, f.owner,
				to_char(f.due_date, 'YYYY-MM-DD') as "dueDate", f.status
			from follow_ups f join agencies a on a.id = f.agency_id
			where f.mall_id = ${range.mallId}${agencyFilter}
				and f.created_at >= ${startOfLocalDay(range.from, range.timeZone).toISOString()}::timestamptz${until}
			order by f.due_date, f.id`
	);
}

export interface MatrixRow {
	/** Local date and time of the response, "YYYY-MM-DD HH:MM". */
	at: string;
	agency: string;
	service: string;
	counter: string | null;
	channel: string;
	status: string;
	/** Answers in U1..U9 order (by the instrument's item codes), null = skipped. */
	answers: (number | null)[];
	sex: string | null;
	ageBand: string | null;
	education: string | null;
	occupation: string | null;
	/** The respondent's comment (saran), if any. */
	comment: string | null;
}

/** Rows fetched per round trip: large enough to amortise it, small enough to keep memory flat. */
const MATRIX_PAGE_SIZE = 5000;

/**
 * The matrix as one query with the columns of the CSV in file order (No, Waktu, Instansi, Layanan, Loket, Kanal,
 * Status, U1..U9, profile), for PostgreSQL's COPY: the same rows, order and filter as `matrixRows`; `withComment` adds
 * the comment as a last column (for the XLSX's Saran sheet, not the CSV).
 */
export function matrixCopyQuery(scope: ScopeFilter, range: ReportRange, positions: Map<number, number[]>, codes: readonly string[], withComment = false): SQL {
	const answer = (i: number) => {
		const cases = [...positions.entries()].filter(([, list]) => list[i]! >= 0).map(([instrument, list]) => sql.raw(`when ${instrument} then r.answers[${list[i]! + 1}]`));
		return cases.length === 0 ? sql`null::smallint` : sql`case r.instrument_id ${sql.join(cases, sql` `)} end`;
	};
	return sql`select row_number() over (order by r.submitted_at, r.id), to_char(r.submitted_at at time zone ${range.timeZone}, 'YYYY-MM-DD HH24:MI'),
			a.name, s.name, c.code, r.channel, r.status, ${sql.join(codes.map((_, i) => answer(i)), sql`, `)},
			r.sex, r.age_band, r.education, r.occupation${withComment ? sql`, r.comment` : sql``}
		from responses r
			join agencies a on a.id = r.agency_id
			join services s on s.id = r.service_id
			left join counters c on c.id = r.counter_id
		where ${inScope(scope, range)}
		order by r.submitted_at, r.id`;
}

/**
 * The raw matrix of a scope and period, oldest first, page by page (keyset on submitted_at, id), so a million rows
 * stream in constant memory on both PostgreSQL and PGlite. Answers are mapped to `codes` by item code.
 */
export async function* matrixRows(db: Db, scope: ScopeFilter, range: ReportRange, codes: readonly string[], pageSize = MATRIX_PAGE_SIZE): AsyncGenerator<MatrixRow[]> {
	const positions = await answerPositions(db, codes);
	let after: { at: string; id: string } | null = null;
	for (;;) {
		const keyset: SQL = after ? sql` and (r.submitted_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
		const page: (Omit<MatrixRow, 'answers'> & { answers: unknown; instrument_id: number; key_at: string; id: string })[] = await executePrepared(
			db,
			sql`select to_char(r.submitted_at at time zone ${range.timeZone}, 'YYYY-MM-DD HH24:MI') as at, a.name as agency,
					s.name as service, c.code as counter, r.channel, r.status, r.instrument_id, r.answers,
					r.sex, r.age_band as "ageBand", r.education, r.occupation, r.comment,
					to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as key_at, r.id::text as id
				from responses r
					join agencies a on a.id = r.agency_id
					join services s on s.id = r.service_id
					left join counters c on c.id = r.counter_id
				where ${inScope(scope, range)}${keyset}
				order by r.submitted_at, r.id
				limit ${pageSize}`
		);
		if (page.length === 0) return;
		const last = page[page.length - 1]!;
		after = { at: last.key_at, id: last.id };
		yield page.map(({ key_at: _k, id: _i, instrument_id, answers, ...row }) => {
			return { ...row, answers: answersByCode(parseIntArray(answers), positions.get(instrument_id), codes.length) };
		});
		if (page.length < pageSize) return;
	}
}

export interface MatrixComment {
	/** The respondent's row number in the matrix (its No). */
	no: number;
	at: string;
	service: string;
	comment: string;
}

/**
 * The non-empty comments of the matrix with their row numbers in it, in matrix order, page by page: the rows are
 * numbered in SQL, so only the commented ones leave the database.
 */
export async function* matrixComments(db: Db, scope: ScopeFilter, range: ReportRange, pageSize = MATRIX_PAGE_SIZE): AsyncGenerator<MatrixComment[]> {
	let after = 0;
	for (;;) {
		const page = await executePrepared<Omit<MatrixComment, 'no'> & { no: string | number }>(
			db,
			sql`select t.no, to_char(t.submitted_at at time zone ${range.timeZone}, 'YYYY-MM-DD HH24:MI') as at, s.name as service, t.comment
				from (select row_number() over (order by r.submitted_at, r.id) as no, r.submitted_at, r.service_id, r.comment
					from responses r where ${inScope(scope, range)}) t
					join services s on s.id = t.service_id
				where t.comment is not null and t.comment <> '' and t.no > ${after}
				order by t.no
				limit ${pageSize}`
		);
		if (page.length === 0) return;
		const rows = page.map((row) => ({ ...row, no: Number(row.no) }));
		after = rows[rows.length - 1]!.no;
		yield rows;
		if (page.length < pageSize) return;
	}
}

/** Respondents in the matrix (the same filter), for progress and the report's row count. */
export async function countMatrixRows(db: Db, scope: ScopeFilter, range: ReportRange): Promise<number> {
	const [row] = await executePrepared<{ count: string | number }>(db, sql`select count(*) as count from responses r where ${inScope(scope, range)}`);
	return Number(row?.count ?? 0);
}
