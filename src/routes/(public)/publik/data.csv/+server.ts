import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { findDefaultMall } from '$lib/server/organization/queries';
import { csvLine } from '$lib/server/reports/matrix-export';
import { OPEN_DATA_COLUMNS, openDataRows, publishedReports } from '$lib/server/reports/publication';

/** GET /publik/data.csv: the published figures as open data (UTF-8 with BOM; ?sep=semicolon for Excel in Indonesian). */
export const GET: RequestHandler = async ({ url }) => {
	const db = await getDb();
	const mall = await findDefaultMall(db);
	const reports = mall ? await publishedReports(db, mall.id) : [];
	const delimiter = url.searchParams.get('sep') === 'semicolon' ? ';' : ',';
	const body = '\ufeff' + csvLine(OPEN_DATA_COLUMNS, delimiter) + openDataRows(reports).map((row) => csvLine(row, delimiter)).join('');
	return new Response(body, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ikm-terbuka.csv"', 'access-control-allow-origin': '*' }
	});
};
