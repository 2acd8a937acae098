import type { PageServerLoad } from './$types';
import { adminOf } from './form-actions';
import * as settings from '$lib/server/organization/settings';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	return { overview: await settings.settingsOverview(db, mallId) };
};
