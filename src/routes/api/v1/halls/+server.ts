import { json, type RequestHandler } from '@sveltejs/kit';
import { requireReader } from '$lib/server/access/guards';
import { hallsInReach } from '$lib/server/regions/halls';

/** The halls the caller may read: a hall's own users and tokens their hall; region and nation readers every hall in it. */
export const GET: RequestHandler = async (event) => {
	const { db, access } = await requireReader(event);
	return json({ halls: await hallsInReach(db, access) });
};
