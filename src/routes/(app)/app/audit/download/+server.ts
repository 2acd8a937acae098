import { error, type RequestHandler } from '@sveltejs/kit';
import { signedIn } from '$lib/server/access/page-access';
import { listAudit } from '$lib/server/audit/audit';
import { readAuditQuery } from '$lib/server/audit/audit-query';
import { getDb } from '$lib/server/db';
import { mallTimeZone } from '$lib/server/organization/queries';
import { csvLine } from '$lib/server/reports/matrix-export';

/** The most entries one download holds (a hall's years of changes fit; narrow the dates for more). */
const MAX_ROWS = 100_000;

/** The audit log of the page's filters as CSV (UTF-8 with BOM, semicolons, as spreadsheets in Indonesia read them). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	if (access.role === 'manager') error(403, { message: 'admins and evaluators only', code: 'forbidden' });
	const db = await getDb();
	const query = readAuditQuery(url.searchParams, await mallTimeZone(db, access.mallId));
	if (query.invalid.length) error(400, { message: `${query.invalid.join(', ')}: not a valid filter`, code: 'invalid_query' });
	const { rows } = await listAudit(db, access.mallId, query.filter, { limit: MAX_ROWS, offset: 0 });
	const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));
	const body =
		'\ufeff' +
		csvLine(['waktu', 'pelaku', 'tindakan', 'data', 'id', 'sebelum', 'sesudah'], ';') +
		rows.map((row) => csvLine([row.at.toISOString(), row.actor, row.action, row.entity, row.entityId, json(row.before), json(row.after)], ';')).join('');
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-log.csv"`,
			'cache-control': 'no-store'
		}
	});
};
