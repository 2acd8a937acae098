import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { rebuildRollups } from '$lib/server/rollups/rebuild';

/** Recompute every rollup from the raw responses (installation-wide tokens only: it spans every mall). */
export const POST: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	if (mallId !== null) error(403, { message: 'rebuilding rollups needs an installation-wide token', code: 'forbidden' });
	return json(await rebuildRollups(db));
};
