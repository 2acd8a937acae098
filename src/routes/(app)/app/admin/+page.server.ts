import type { PageServerLoad } from './$types';
import { adminOf } from '$lib/server/access/page-access';
import * as settings from '$lib/server/organization/settings';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	return { overview: await settings.settingsOverview(db, mallId) };
};
