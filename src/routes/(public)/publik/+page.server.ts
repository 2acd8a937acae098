import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { findDefaultMall } from '$lib/server/organization/queries';
import { publicTrends, publishedReports } from '$lib/server/reports/publication';

/** The transparency page: only what managers published (finalized reports), no comments, no small profile cells. */
export const load: PageServerLoad = async () => {
	const db = await getDb();
	const mall = await findDefaultMall(db);
	if (!mall) return { mall: null, reports: [], trends: [] };
	const reports = await publishedReports(db, mall.id);
	return { mall: { name: mall.name, city: mall.city }, reports, trends: publicTrends(reports) };
};
