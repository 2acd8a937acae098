/**
 * Citizens' comments: responses with a non-empty comment, newest first, filtered by text, unsur and score, a quick
 * rating's reason, agency and period, with whether each was marked as a complaint.
 */
import { sql, type SQL } from 'drizzle-orm';
import * as v from 'valibot';
import { QUICK_V1, SKM_CODES } from '../../domain/instruments';
import { startOfLocalDay } from '../../domain/periods';
import { parsePeriod } from '../../domain/report-period';
import { executePrepared, type Db } from '../db/client';
import type { MallAccess } from '../access/page-access';
import * as fields from '../forms/fields';
import { storable } from '../values';
import { agencyCondition } from '../access/agency-filter';
import { unsurAnswers } from '../indicators/unsur-answers';

export const COMMENTS_PER_PAGE = 50;
const SCORE_FILTERS = ['1', '2', '3', '4', 'low'] as const;
type ScoreFilter = (typeof SCORE_FILTERS)[number];

export interface CommentFilter {
	/** Words the comment contains (case-insensitive; % and _ are matched literally). */
	search?: string;
	/** With `score`: that unsur's answer; alone: responses that answered it. */
	unsur?: string;
	/** With `unsur`: that unsur's answer; alone: the response's mean answer rounded to a whole number. "low" = 1 or 2. */
	score?: ScoreFilter;
	/** A quick rating's reason code: responses that chose it after a low score. */
	reason?: string;
	agencyId?: number;
	/** Local dates in the mall's zone, both inclusive. */
	from?: string;
	to?: string;
	page: number;
}

/** Each query parameter's schema, for a value that is present and not blank. */
const QUERY_FIELDS = {
	q: v.pipe(v.string(), v.trim(), v.maxLength(200), storable()),
	unsur: v.picklist(SKM_CODES as string[]),
	score: v.picklist(SCORE_FILTERS),
	reason: fields.slugCode,
	agency: fields.id,
	from: fields.date,
	to: fields.date,
	period: v.string(),
	value: v.string(),
	page: v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/), v.transform(Number))
};
type QueryField = keyof typeof QUERY_FIELDS;

/**
 * The filter in a query string; `invalid` names the parameters that were not understood (they are not applied).
 * `reasons` are the codes a reason may be (quickReasons): any other is not understood.
 */
export function parseCommentQuery(params: URLSearchParams, reasons: readonly string[] = []): { filter: CommentFilter; invalid: string[] } {
	const invalid: string[] = [];
	// Each parameter on its own, so one typo does not throw the others away.
	const field = <K extends QueryField>(key: K): v.InferOutput<(typeof QUERY_FIELDS)[K]> | undefined => {
		const value = params.get(key);
		if (value === null || value.trim() === '') return undefined;
		const parsed = v.safeParse(QUERY_FIELDS[key], value);
		if (parsed.success) return parsed.output as v.InferOutput<(typeof QUERY_FIELDS)[K]>;
		invalid.push(key);
		return undefined;
	};
	const known = (reason: string | undefined) => {
		if (reason === undefined || reasons.includes(reason)) return reason;
		invalid.push('reason');
		return undefined;
	};
	const filter: CommentFilter = {
		search: field('q') || undefined,
		unsur: field('unsur'),
		score: field('score'),
		reason: known(field('reason')),
		agencyId: field('agency'),
		page: field('page') ?? 1
	};
	// A report period as the dashboard links it (?period=month&value=2026-03), or a range (?from=…&to=…, with or
	// without period=custom).
	const kind = field('period');
	const value = field('value');
	if ((kind !== undefined && kind !== 'custom') || (kind === undefined && value !== undefined)) {
		const period = parsePeriod(kind ?? '', value ?? '');
		if (period) Object.assign(filter, { from: period.from, to: period.to });
		else invalid.push('period');
	} else {
		const from = field('from');
		const to = field('to');
		if (from && to && !parsePeriod('custom', `${from}..${to}`)) invalid.push('to');
		else Object.assign(filter, { from, to });
	}
	return { filter, invalid };
}

export interface CommentRow {
	responseId: string;
	submittedAt: Date;
	agencyId: number;
	agency: string;
	service: string;
	counterCode: string | null;
	comment: string;
	/** The response's answers with their item codes, in questionnaire order (null = skipped). */
	answers: { code: string; value: number | null }[];
	/** A quick rating's one answer with its face's labels and the reasons chosen (codes); null for other instruments. */
	quick: { value: number | null; face: { id: string; en: string } | null; reasons: string[] } | null;
	complaint: { id: number; markedAt: Date; followUps: number; openFollowUps: number } | null;
}

export interface CommentPage {
	rows: CommentRow[];
	total: number;
	page: number;
	pages: number;
}

/** `%…%` for ILIKE with the user's \, % and _ taken literally. */
export function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function scoreCondition(value: SQL, score: ScoreFilter): SQL {
	return score === 'low' ? sql`${value} <= 2` : sql`${value} = ${Number(score)}`;
}

function filterConditions(access: MallAccess, filter: CommentFilter, timeZone: string): SQL {
	const parts: SQL[] = [sql`r.mall_id = ${access.mallId} and r.comment is not null and btrim(r.comment) <> ''`];
	parts.push(agencyCondition(sql`r.agency_id`, access));
	if (filter.agencyId !== undefined) parts.push(sql` and r.agency_id = ${filter.agencyId}`);
	if (filter.reason) parts.push(sql` and r.reasons is not null and ${filter.reason} = any(r.reasons)`);
	if (filter.search) parts.push(sql` and r.comment ilike ${likePattern(filter.search)} escape '\\'`);
	if (filter.unsur) {
		const answer = sql`r.answers[ii.position]`;
		parts.push(
			sql` and exists (select 1 from instrument_items ii where ii.instrument_id = r.instrument_id and ii.code = ${filter.unsur}
				and ${filter.score ? scoreCondition(answer, filter.score) : sql`${answer} is not null`})`
		);
	} else if (filter.score) {
		parts.push(sql` and ${scoreCondition(sql`round((select avg(x) from unnest(${unsurAnswers(sql`r.answers`)}) x))`, filter.score)}`);
	}
	if (filter.from) parts.push(sql` and r.submitted_at >= ${startOfLocalDay(filter.from, timeZone).toISOString()}::timestamptz`);
	if (filter.to) {
		const dayAfter = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
		parts.push(sql` and r.submitted_at < ${startOfLocalDay(dayAfter, timeZone).toISOString()}::timestamptz`);
	}
	return sql.join(parts, sql``);
}

/** A face's labels read as [id, en]; null when the answer was skipped. */
function faceOf(labels: (string | null)[] | null): { id: string; en: string } | null {
	const [id, en] = labels ?? [];
	return id && en ? { id, en } : null;
}

/** One page of the comments `access` may read that match `filter`, newest first. */
export async function listComments(db: Db, access: MallAccess, filter: CommentFilter, timeZone: string): Promise<CommentPage> {
	const where = filterConditions(access, filter, timeZone);
	const [counted] = await executePrepared<{ total: number }>(db, sql`select count(*)::int as total from responses r where ${where}`);
	const total = counted?.total ?? 0;
	const pages = Math.max(1, Math.ceil(total / COMMENTS_PER_PAGE));
	const page = Math.min(filter.page, pages);
	const rows = await executePrepared<{
		id: string;
		submitted_at: Date | string;
		agency_id: number;
		agency: string;
		service: string;
		counter_code: string | null;
		comment: string;
		answers: (number | null)[];
		codes: string[] | null;
		reasons: string[] | null;
		quick: boolean;
		face: (string | null)[] | null;
		complaint_id: number | null;
		marked_at: Date | string | null;
		follow_ups: number;
		open_follow_ups: number;
	}>(
		db,
		sql`select r.id, r.submitted_at, r.agency_id, a.name as agency, s.name as service, c.code as counter_code, r.comment, r.answers, r.reasons,
				(select array_agg(ii.code order by ii.position) from instrument_items ii where ii.instrument_id = r.instrument_id) as codes,
				i.code = ${QUICK_V1.code} as quick,
				case when i.code = ${QUICK_V1.code} then (select array[ii.options_id[r.answers[1]], ii.options_en[r.answers[1]]]
					from instrument_items ii where ii.instrument_id = r.instrument_id and ii.position = 1) end as face,
				k.id as complaint_id, k.marked_at,
				(select count(*)::int from follow_ups f where f.mall_id = k.mall_id and f.complaint_id = k.id) as follow_ups,
				(select count(*)::int from follow_ups f where f.mall_id = k.mall_id and f.complaint_id = k.id and f.status in ('planned', 'in_progress')) as open_follow_ups
			from responses r
			join agencies a on a.mall_id = r.mall_id and a.id = r.agency_id
			join instruments i on i.id = r.instrument_id
			join services s on s.mall_id = r.mall_id and s.id = r.service_id
			left join counters c on c.mall_id = r.mall_id and c.id = r.counter_id
			left join complaints k on k.mall_id = r.mall_id and k.response_id = r.id
			where ${where}
			order by r.submitted_at desc, r.id desc
			limit ${COMMENTS_PER_PAGE} offset ${(page - 1) * COMMENTS_PER_PAGE}`
	);
	return {
		total,
		page,
		pages,
		rows: rows.map((r) => ({
			responseId: r.id,
			submittedAt: new Date(r.submitted_at),
			agencyId: r.agency_id,
			agency: r.agency,
			service: r.service,
			counterCode: r.counter_code,
			comment: r.comment,
			answers: r.answers.map((value, i) => ({ code: r.codes?.[i] ?? `#${i + 1}`, value })),
			quick: r.quick ? { value: r.answers[0] ?? null, face: faceOf(r.face), reasons: [...new Set(r.reasons ?? [])] } : null,
			complaint:
				r.complaint_id === null
					? null
					: { id: r.complaint_id, markedAt: new Date(r.marked_at!), followUps: r.follow_ups, openFollowUps: r.open_follow_ups }
		}))
	};
}
