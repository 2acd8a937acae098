import { error, json, type RequestHandler } from '@sveltejs/kit';
import { parseId } from '$lib/domain/values';
import { requireAdmin } from '$lib/server/access/guards';
import { revokeApiToken } from '$lib/server/access/api-tokens';

/** Revoke an API token for good (it stops working at once on every instance); revoking it again changes nothing. */
export const POST: RequestHandler = async (event) => {
	const { db, mallId, actor } = await requireAdmin(event);
	const id = parseId(event.params.id);
	const outcome = id === null ? 'not_found' : await revokeApiToken(db, id, mallId, new Date(), actor);
	if (outcome === 'not_found') error(404, { message: `no token ${event.params.id}`, code: 'not_found' });
	if (outcome === 'forbidden') error(403, { message: 'an installation-wide token is revoked by the installation operator', code: 'forbidden' });
	return json({ id, revoked: true });
};
