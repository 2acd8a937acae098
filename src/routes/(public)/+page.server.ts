import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { yearContaining } from '$lib/domain/periods';
import { yearOverview } from '$lib/server/indicators/overview';
import { findDefaultMall } from '$lib/server/organization/queries';
import { publishedHome, publishedReports } from '$lib/server/reports/publication';

/**
 * The home page. Visitors without an account see only what managers published (final reports); a signed-in user
 * sees this year's live figures, which are not final and may move.
 */
export const load: PageServerLoad = async ({ locals }) => {
	const db = await getDb();
	const mall = await findDefaultMall(db);
	const asOf = new Date();
	if (!mall) return { mall: null, overview: null, published: null, asOf };
	const identity = { name: mall.name, city: mall.city, timeZone: mall.timeZone };
	if (!locals.user) return { mall: identity, overview: null, published: publishedHome(await publishedReports(db, mall.id)), asOf };
	const overview = await yearOverview(db, mall, yearContaining(asOf, mall.timeZone));
	return { mall: identity, overview, published: null, asOf };
};
