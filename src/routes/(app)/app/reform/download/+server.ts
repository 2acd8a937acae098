import { error, type RequestHandler } from '@sveltejs/kit';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { mallTimeZone } from '$lib/server/organization/queries';
import { SHEET_FORMATS, sheetFileStem, sheetJson, sheetPdf, sheetXlsx, type SheetFormat } from '$lib/server/reform/export';
import { parseSheetScope, parseSheetYear } from '$lib/server/reform/params';
import { buildReformSheet } from '$lib/server/reform/sheet';

const TYPES: Record<SheetFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pdf: 'application/pdf',
	json: 'application/json; charset=utf-8'
};

/** The reform indicator sheet of ?scope=&year= as ?format=xlsx|pdf|json. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const format = url.searchParams.get('format') as SheetFormat;
	if (!SHEET_FORMATS.includes(format)) error(400, { message: `format: must be one of ${SHEET_FORMATS.join(', ')}`, code: 'invalid_query' });
	const scope = parseSheetScope(url.searchParams.get('scope'));
	if (!scope) error(400, { message: 'scope: must be mall-<id> or agency-<id>', code: 'invalid_query' });
	const year = parseSheetYear(url.searchParams.get('year'), await mallTimeZone(db, access.mallId));
	if (year === null) error(400, { message: 'year: must be a year from 2000 to this year', code: 'invalid_query' });
	const sheet = await buildReformSheet(db, access, scope, year);
	if (!sheet) error(404, { message: 'not found', code: 'not_found' });
	const body = format === 'json' ? sheetJson(sheet) : format === 'pdf' ? await sheetPdf(sheet) : await sheetXlsx(sheet);
	return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': `attachment; filename="${sheetFileStem(sheet)}.${format}"`,
			'cache-control': 'private, no-store'
		}
	});
};
