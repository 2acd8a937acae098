import type { PageServerLoad } from './$types';
import { SKM_2017 } from '$lib/domain/instruments';
import { canOperate } from '$lib/domain/roles';
import { acrossHalls } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { regionRanking } from '$lib/server/regions/ranking';

/**
 * The halls page of a reader across halls (an operator, an evaluator of a region or the nation): the region's IKM
 * pooled over every respondent beside the mean of its halls, and the ranking of its halls with a drill-down into each.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { reach } = acrossHalls(locals);
	const ranking = await regionRanking(await getDb(), reach, url.searchParams);
	return {
		...ranking,
		canOperate: canOperate(reach),
		unsurNames: Object.fromEntries(SKM_2017.items.map((item) => [item.code, item.name]))
	};
};
