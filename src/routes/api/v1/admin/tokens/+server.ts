import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { createApiToken, listApiTokens } from '$lib/server/access/api-tokens';
import { readJson } from '$lib/server/http';
import { CreateApiTokenSchema } from '$lib/server/openapi/requests';
import { resolveMall } from '$lib/server/organization/settings';

/** The API tokens the caller may see: its mall's and the installation-wide ones, with their last use. */
export const GET: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	return json({ tokens: await listApiTokens(db, mallId) });
};

/**
 * A new token, shown once (only its hash is kept). With `mall` it serves that mall only; without, a token limited to a
 * mall creates one for its mall, and an installation-wide token an installation-wide one. An integration token (a
 * queue system) may only issue tickets, and always for one hall.
 */
export const POST: RequestHandler = async (event) => {
	const { db, mallId, access, actor } = await requireAdmin(event);
	const input = await readJson(event.request, CreateApiTokenSchema);
	let scope = mallId;
	if (input.mall !== undefined) {
		const mall = await resolveMall(db, mallId, input.mall);
		if ('error' in mall) error(404, { message: `mall: no mall ${input.mall} for this token`, code: 'not_found' });
		scope = mall.id;
	}
	if (input.kind === 'integration' && scope === null) error(400, { message: 'mall: an integration token serves one hall; name its slug', code: 'invalid_body' });
	const created = await createApiToken(db, { label: input.label, mallId: scope, kind: input.kind, createdBy: access.userId }, actor);
	return json({ id: created.id, token: created.token, label: input.label, kind: input.kind, mall: input.mall ?? null }, { status: 201 });
};
