import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { exportResponse, parseExportRequest, resolveReport } from '$lib/server/reports/exports';

/** GET /app/reports/download?format=pdf|xlsx|csv|codebook|quick|json&scope=…&period=…&value=… (or &snapshot=<hash>). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const request = parseExportRequest(url.searchParams);
	if (!request.ok) error(400, { message: `${request.field}: ${request.message}`, code: 'invalid_query' });
	const db = await getDb();
	const resolved = await resolveReport(db, access, request);
	if (!resolved) error(404, { message: 'not found', code: 'not_found' });
	return exportResponse(db, resolved, request.format, request.delimiter, (hash) => new URL(`/verify/${hash}`, url.origin).href);
};
