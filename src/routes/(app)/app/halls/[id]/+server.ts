import { error, redirect, type RequestHandler } from '@sveltejs/kit';
import { parseId } from '$lib/domain/values';
import { acrossHalls } from '$lib/server/access/page-access';
import { setHallInView } from '$lib/server/access/hall-in-view';
import { getDb } from '$lib/server/db';
import { hallsInReach } from '$lib/server/regions/halls';

/** Drill down into a hall of the reader's region: its dashboard and pages, read only. Another hall is a 404. */
export const GET: RequestHandler = async ({ locals, params, cookies, url }) => {
	const { reach } = acrossHalls(locals);
	const id = parseId(params.id);
	const hall = id === null ? undefined : (await hallsInReach(await getDb(), reach)).find((h) => h.id === id);
	if (!hall) error(404, { message: 'not found', code: 'not_found' });
	setHallInView(cookies, hall.id, url.protocol === 'https:');
	redirect(303, '/app');
};
