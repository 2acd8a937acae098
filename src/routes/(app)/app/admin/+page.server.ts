import type { PageServerLoad } from './$types';
import { adminOf } from '$lib/server/access/page-access';
import { findMallSettings } from '$lib/server/organization/mall-settings';
import * as settings from '$lib/server/organization/settings';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	const [overview, hall] = await Promise.all([settings.settingsOverview(db, mallId), findMallSettings(db, mallId)]);
	return { overview, hall: { city: hall?.city ?? '', timeZone: hall?.timeZone ?? '' } };
};
