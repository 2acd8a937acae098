/**
 * Rencana tindak lanjut: follow-up items with an action, an owner and a due date, from a complaint or for a weak
 * unsur. Closing one (done or cancelled) stamps closed_at; reopening it clears the stamp.
 */
import { error } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { SKM_CODES } from '../../domain/instruments';
import { agencies, complaints, followUps, FOLLOW_UP_STATUSES } from '../db/schema';
import { executePrepared, type Db } from '../db/client';
import { assertCanAct, type MallAccess } from '../access/page-access';
import * as fields from '../forms/fields';
import { agencyCondition } from '../access/agency-filter';

export { FOLLOW_UP_STATUSES };
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
const CLOSED_STATUSES: readonly FollowUpStatus[] = ['done', 'cancelled'];

const given = (value: unknown) => value !== undefined && value !== '';

/** The new-item form: from a complaint (its agency), or free with an agency and the unsur it addresses. */
export const FollowUpFormSchema = v.pipe(
	v.object({
		// The form sends the complaint's hidden id or the agency select, never both.
		complaint: fields.optionalId,
		agency: fields.optionalId,
		unsur: v.nullish(v.union([v.literal(''), v.picklist(SKM_CODES as string[])]), ''),
		action: fields.requiredText(1000),
		owner: fields.requiredText(200),
		due_date: fields.date
	}),
	// Without a complaint, the item needs an agency and the unsur it addresses.
	v.forward(
		v.check((f) => given(f.complaint) || given(f.agency)),
		['agency']
	),
	v.forward(
		v.check((f) => given(f.complaint) || given(f.unsur)),
		['unsur']
	)
);
export type FollowUpForm = v.InferOutput<typeof FollowUpFormSchema>;

export const StatusFormSchema = v.object({ id: fields.id, status: v.picklist(FOLLOW_UP_STATUSES) });

/** Create a follow-up item; 404 for a complaint or agency outside the access, 403 for evaluators. Returns its id. */
export async function createFollowUp(db: Db, access: MallAccess, form: FollowUpForm): Promise<number> {
	const complaintId = typeof form.complaint === 'number' ? form.complaint : null;
	let agencyId: number;
	if (complaintId !== null) {
		const [complaint] = await db.select({ mallId: complaints.mallId, agencyId: complaints.agencyId }).from(complaints).where(eq(complaints.id, complaintId));
		if (!complaint || complaint.mallId !== access.mallId) error(404, { message: 'not found', code: 'not_found' });
		agencyId = complaint.agencyId;
	} else {
		const [agency] = await db
			.select({ id: agencies.id })
			.from(agencies)
			.where(and(eq(agencies.id, form.agency as number), eq(agencies.mallId, access.mallId)));
		if (!agency) error(404, { message: 'not found', code: 'not_found' });
		agencyId = agency.id;
	}
	assertCanAct(access, agencyId);
	const [created] = await executePrepared<{ id: number }>(
		db,
		sql`insert into follow_ups (mall_id, agency_id, complaint_id, unsur_code, action, owner, due_date, created_by)
			values (${access.mallId}, ${agencyId}, ${complaintId}, ${form.unsur || null}, ${form.action}, ${form.owner}, ${form.due_date}::date, ${access.userId})
			returning id`
	);
	return created!.id;
}

/**
 * Move an item to `status`: closing stamps closed_at = now (kept when it only moves between done and cancelled),
 * reopening clears it. 404 outside the access, 403 for evaluators.
 */
export async function setFollowUpStatus(db: Db, access: MallAccess, id: number, status: FollowUpStatus, now = new Date()): Promise<void> {
	const [item] = await db.select({ mallId: followUps.mallId, agencyId: followUps.agencyId }).from(followUps).where(eq(followUps.id, id));
	if (!item || item.mallId !== access.mallId) error(404, { message: 'not found', code: 'not_found' });
	assertCanAct(access, item.agencyId);
	const closing = CLOSED_STATUSES.includes(status);
	await executePrepared(
		db,
		sql`update follow_ups set status = ${status},
				closed_at = ${closing ? sql`coalesce(closed_at, ${now.toISOString()}::timestamptz)` : sql`null`}
			where id = ${id} and mall_id = ${access.mallId}`
	);
}

interface FollowUpRow {
	id: number;
	agencyId: number;
	agency: string;
	action: string;
	owner: string;
	/** YYYY-MM-DD */
	dueDate: string;
	status: FollowUpStatus;
	closedAt: Date | null;
	createdAt: Date;
	unsurCode: string | null;
	complaint: { id: number; comment: string | null; counterCode: string | null } | null;
}

export interface FollowUpList {
	rows: FollowUpRow[];
	/** Items per status in the access's scope (for the filter), whatever the filter. */
	counts: Record<FollowUpStatus, number>;
}

/** The follow-up items `access` may read: open ones first by due date, then closed ones, latest closed first. */
export async function listFollowUps(
	db: Db,
	access: MallAccess,
	filter: { status?: FollowUpStatus; complaintId?: number } = {}
): Promise<FollowUpList> {
	const scope = sql`f.mall_id = ${access.mallId}${agencyCondition(sql`f.agency_id`, access)}`;
	const [rows, counts] = await Promise.all([
		executePrepared<{
			id: number;
			agency_id: number;
			agency: string;
			action: string;
			owner: string;
			due_date: string | Date;
			status: FollowUpStatus;
			closed_at: Date | string | null;
			created_at: Date | string;
			unsur_code: string | null;
			complaint_id: number | null;
			comment: string | null;
			counter_code: string | null;
		}>(
			db,
			sql`select f.id, f.agency_id, a.name as agency, f.action, f.owner, f.due_date::text as due_date, f.status, f.closed_at, f.created_at,
					f.unsur_code, f.complaint_id, r.comment, c.code as counter_code
				from follow_ups f
				join agencies a on a.id = f.agency_id
				left join complaints k on k.mall_id = f.mall_id and k.id = f.complaint_id
				left join responses r on r.mall_id = k.mall_id and r.id = k.response_id
				left join counters c on c.id = r.counter_id
				where ${scope}
					${filter.status ? sql`and f.status = ${filter.status}` : sql``}
					${filter.complaintId !== undefined ? sql`and f.complaint_id = ${filter.complaintId}` : sql``}
				order by f.closed_at is not null, f.closed_at desc, f.due_date, f.id`
		),
		executePrepared<{ status: FollowUpStatus; n: number }>(
			db,
			sql`select f.status, count(*)::int as n from follow_ups f where ${scope} group by f.status`
		)
	]);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			agencyId: r.agency_id,
			agency: r.agency,
			action: r.action,
			owner: r.owner,
			dueDate: String(r.due_date).slice(0, 10),
			status: r.status,
			closedAt: r.closed_at === null ? null : new Date(r.closed_at),
			createdAt: new Date(r.created_at),
			unsurCode: r.unsur_code,
			complaint: r.complaint_id === null ? null : { id: r.complaint_id, comment: r.comment, counterCode: r.counter_code }
		})),
		counts: Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])) as Record<FollowUpStatus, number>
	};
}
