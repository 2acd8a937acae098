import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signedIn } from '$lib/server/access/page-access';
import { listDevices } from '$lib/server/kiosk/devices';
import { mallTimeZone } from '$lib/server/organization/queries';

export const load: PageServerLoad = async ({ locals }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const [devices, timeZone] = await Promise.all([listDevices(db, access), mallTimeZone(db, access.mallId)]);
	return { devices, timeZone, canManage: access.role === 'admin' };
};
