import type { PageServerLoad } from './$types';
import { logoPath } from '$lib/domain/logo';
import { getDb } from '$lib/server/db';
import { findDefaultMall } from '$lib/server/organization/queries';
import { publicTrends, publishedReports } from '$lib/server/reports/publication';

/** The transparency page: only what managers published (finalized reports), no comments, no small profile cells. */
export const load: PageServerLoad = async () => {
	const db = await getDb();
	const mall = await findDefaultMall(db);
	if (!mall) return { mall: null, reports: [], trends: [] };
	const reports = await publishedReports(db, mall.id);
	const logo = mall.logoVersion ? logoPath(mall.slug, mall.logoVersion) : null;
	return { mall: { name: mall.name, city: mall.city, logo }, reports, trends: publicTrends(reports) };
};
