import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signedIn } from '$lib/server/access/page-access';
import { listDeviceHealth } from '$lib/server/kiosk/device-health';
import { executePrepared } from '$lib/server/db/client';
import { sql } from 'drizzle-orm';

export const load: PageServerLoad = async ({ locals }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const [mall] = await executePrepared<{ time_zone: string }>(db, sql`select time_zone from malls where id = ${access.mallId}`);
	return { devices: await listDeviceHealth(db, access), timeZone: mall?.time_zone ?? 'UTC', canManage: access.role === 'admin' };
};
