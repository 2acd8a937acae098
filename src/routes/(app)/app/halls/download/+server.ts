import { error, type RequestHandler } from '@sveltejs/kit';
import { acrossHalls } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { RANKING_FORMATS, rankingCsv, rankingJson, rankingXlsx, type RankingFormat } from '$lib/server/regions/exports';
import { regionRanking } from '$lib/server/regions/ranking';

const TYPES: Record<RankingFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	json: 'application/json; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

/** The halls page's ranking (?scope=&kind=&period=… as the page) as ?format=csv|json|xlsx; the XLSX with every hall's reform sheet. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { reach } = acrossHalls(locals);
	const format = url.searchParams.get('format') as RankingFormat;
	if (!RANKING_FORMATS.includes(format)) error(400, { message: `format: must be one of ${RANKING_FORMATS.join(', ')}`, code: 'invalid_query' });
	const db = await getDb();
	const ranking = await regionRanking(db, reach, url.searchParams);
	if (ranking.errors.length > 0) error(400, { message: ranking.errors.map((e) => `${e.field}: unknown or outside your reach (${e.value})`).join('; '), code: 'invalid_query' });
	const delimiter = url.searchParams.get('sep') === 'semicolon' ? ';' : ',';
	const body = format === 'csv' ? rankingCsv(ranking, delimiter) : format === 'json' ? rankingJson(ranking) : new Uint8Array(await rankingXlsx(db, reach, ranking));
	const stem = `peringkat-balai-${ranking.scopeKey}${ranking.kind ? `-${ranking.kind}` : ''}-${ranking.period.value.replace('..', '_')}`;
	return new Response(body, { headers: { 'content-type': TYPES[format], 'content-disposition': `attachment; filename="${stem}.${format}"`, 'cache-control': 'private, no-store' } });
};
