import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { yearContaining } from '$lib/domain/periods';
import { yearOverview } from '$lib/server/indicators/overview';
import { findDefaultMall } from '$lib/server/organization/queries';

export const load: PageServerLoad = async () => {
	const db = await getDb();
	const mall = await findDefaultMall(db);
	if (!mall) return { mall: null, overview: null, asOf: new Date() };
	const asOf = new Date();
	const overview = await yearOverview(db, mall, yearContaining(asOf, mall.timeZone));
	return { mall: { name: mall.name, city: mall.city, timeZone: mall.timeZone }, overview, asOf };
};
