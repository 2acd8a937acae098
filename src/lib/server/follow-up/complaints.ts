/**
 * Complaints (pengaduan): a response a manager marked as one. A response is marked at most once; marking it again
 * is refused with the existing complaint's id, so the caller can lead to it.
 */
import { error } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';
import { canReadAgency } from '../../domain/roles';
import { assertCanAct, type MallAccess } from '../access/page-access';

export type MarkResult = { status: 'created' | 'already_marked'; complaintId: number };

/** Mark a response of the mall as a complaint (404 for a response outside the access, 403 for evaluators). */
export async function markComplaint(db: Db, access: MallAccess, responseId: string, now = new Date()): Promise<MarkResult> {
	const [response] = await executePrepared<{ mall_id: number; agency_id: number }>(
		db,
		sql`select mall_id, agency_id from responses where id = ${responseId}::uuid`
	);
	if (!response || response.mall_id !== access.mallId) error(404, { message: 'not found', code: 'not_found' });
	assertCanAct(access, response.agency_id);
	const [created] = await executePrepared<{ id: number }>(
		db,
		sql`insert into complaints (mall_id, agency_id, response_id, marked_by, marked_at)
			values (${response.mall_id}, ${response.agency_id}, ${responseId}::uuid, ${access.userId}, ${now.toISOString()}::timestamptz)
			on conflict (response_id) do nothing
			returning id`
	);
	if (created) return { status: 'created', complaintId: created.id };
	const [existing] = await executePrepared<{ id: number }>(db, sql`select id from complaints where response_id = ${responseId}::uuid`);
	return { status: 'already_marked', complaintId: existing!.id };
}

export interface ComplaintDetail {
	id: number;
	agencyId: number;
	agency: string;
	service: string;
	counterCode: string | null;
	submittedAt: Date;
	markedAt: Date;
	comment: string | null;
}

/** A complaint with its response's comment, if `access` may read it (else null: foreign looks like missing). */
export async function findComplaint(db: Db, access: MallAccess, complaintId: number): Promise<ComplaintDetail | null> {
	const [row] = await executePrepared<{
		id: number;
		mall_id: number;
		agency_id: number;
		agency: string;
		service: string;
		counter_code: string | null;
		submitted_at: Date | string;
		marked_at: Date | string;
		comment: string | null;
	}>(
		db,
		sql`select k.id, k.mall_id, k.agency_id, a.name as agency, s.name as service, c.code as counter_code, r.submitted_at, k.marked_at, r.comment
			from complaints k
			join responses r on r.id = k.response_id
			join agencies a on a.id = k.agency_id
			join services s on s.id = r.service_id
			left join counters c on c.id = r.counter_id
			where k.id = ${complaintId}`
	);
	if (!row || row.mall_id !== access.mallId || !canReadAgency(access, row.agency_id)) return null;
	return {
		id: row.id,
		agencyId: row.agency_id,
		agency: row.agency,
		service: row.service,
		counterCode: row.counter_code,
		submittedAt: new Date(row.submitted_at),
		markedAt: new Date(row.marked_at),
		comment: row.comment
	};
}
