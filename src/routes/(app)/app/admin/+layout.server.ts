import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { assertCanAdminister, signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import * as settings from '$lib/server/organization/settings';

/** The admin's mall: its name heads the settings pages, and its time zone dates what they show. */
export const load: LayoutServerLoad = async ({ locals }) => {
	const { access } = signedIn(locals);
	assertCanAdminister(access);
	const mall = await settings.findMall(await getDb(), access.mallId);
	if (!mall) error(404, { message: 'not found', code: 'not_found' });
	return { mall };
};
