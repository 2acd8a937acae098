import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { MIN_PUBLISHED_CELL } from '$lib/domain/privacy';
import { getDb } from '$lib/server/db';
import { findDefaultMall } from '$lib/server/organization/queries';
import { METHOD_FLAGS } from '$lib/server/reports/report';
import { publishedReports } from '$lib/server/reports/publication';

/** GET /publik/data.json: every published report's public figures, with the method they were computed by. */
export const GET: RequestHandler = async ({ url }) => {
	const db = await getDb();
	const mall = await findDefaultMall(db);
	const reports = mall ? await publishedReports(db, mall.id) : [];
	return json(
		{
			mall: mall ? { name: mall.name, city: mall.city } : null,
			method: METHOD_FLAGS,
			profileNote: `counts of 1 to ${MIN_PUBLISHED_CELL - 1} respondents are published as null (a profile cell; an agency or service row, whose ikm, mutu and kinerja are then null too); a report needs at least ${MIN_PUBLISHED_CELL} respondents to be published`,
			reports: reports.map((r) => ({ ...r, verify: new URL(`/verify/${r.hash}`, url.origin).href }))
		},
		{ headers: { 'access-control-allow-origin': '*' } }
	);
};
