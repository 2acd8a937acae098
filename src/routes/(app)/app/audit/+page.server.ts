import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { signedIn } from '$lib/server/access/page-access';
import { listAudit } from '$lib/server/audit/audit';
import { AUDIT_AREAS, readAuditQuery } from '$lib/server/audit/audit-query';
import { getDb } from '$lib/server/db';
import { mallTimeZone } from '$lib/server/organization/queries';

const PAGE_SIZE = 100;

/** The hall's audit log, for its admins and evaluators (managers see their agencies' data, not the hall's changes). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	if (access.role === 'manager') error(403, { message: 'admins and evaluators only', code: 'forbidden' });
	const db = await getDb();
	const timeZone = await mallTimeZone(db, access.mallId);
	const query = readAuditQuery(url.searchParams, timeZone);
	const { rows, total } = await listAudit(db, access.mallId, query.filter, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
	return { ...query, rows, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), areas: AUDIT_AREAS, timeZone };
};
