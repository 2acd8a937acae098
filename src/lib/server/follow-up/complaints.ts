/**
 * Complaints (pengaduan): a response a manager marked as one. A response is marked at most once; marking it again
 * is refused with the existing complaint's id, so the caller can lead to it.
 */
import { error } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';
import { agencies, complaints, counters, responses, services } from '../db/schema';
import { canReadAgency } from '../../domain/roles';
import { assertCanAct, type MallAccess } from '../access/page-access';

export type MarkResult = { status: 'created' | 'already_marked'; complaintId: number };

/** Mark a response of the mall as a complaint (404 for a response outside the access, 403 for evaluators). */
export async function markComplaint(db: Db, access: MallAccess, responseId: string, now = new Date()): Promise<MarkResult> {
	const [response] = await db.select({ mallId: responses.mallId, agencyId: responses.agencyId }).from(responses).where(and(eq(responses.mallId, access.mallId), eq(responses.id, responseId)));
	if (!response) error(404, { message: 'not found', code: 'not_found' });
	assertCanAct(access, response.agencyId);
	const [created] = await executePrepared<{ id: number }>(
		db,
		sql`insert into complaints (mall_id, agency_id, response_id, marked_by, marked_at)
			values (${response.mallId}, ${response.agencyId}, ${responseId}::uuid, ${access.userId}, ${now.toISOString()}::timestamptz)
			on conflict (mall_id, response_id) do nothing
			returning id`
	);
	if (created) return { status: 'created', complaintId: created.id };
	const [existing] = await db.select({ id: complaints.id }).from(complaints).where(and(eq(complaints.mallId, response.mallId), eq(complaints.responseId, responseId)));
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
	const [row] = await db
		.select({
			id: complaints.id,
			mallId: complaints.mallId,
			agencyId: complaints.agencyId,
			agency: agencies.name,
			service: services.name,
			counterCode: counters.code,
			submittedAt: responses.submittedAt,
			markedAt: complaints.markedAt,
			comment: responses.comment
		})
		.from(complaints)
		.innerJoin(responses, and(eq(responses.mallId, complaints.mallId), eq(responses.id, complaints.responseId)))
		.innerJoin(agencies, eq(agencies.id, complaints.agencyId))
		.innerJoin(services, eq(services.id, responses.serviceId))
		.leftJoin(counters, eq(counters.id, responses.counterId))
		.where(eq(complaints.id, complaintId));
	if (!row || row.mallId !== access.mallId || !canReadAgency(access, row.agencyId)) return null;
	const { mallId: _, ...detail } = row;
	return detail;
}
