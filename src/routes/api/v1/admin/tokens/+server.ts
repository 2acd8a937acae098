import { error, json, type RequestHandler } from '@sveltejs/kit';
import { findRegion } from '$lib/domain/regions';
import { canAdminister, canOperate } from '$lib/domain/roles';
import { requireAdmin, requireReader } from '$lib/server/access/guards';
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
 * queue system) may only issue tickets, and always for one hall. An evaluator token reads its hall, or with `region`
 * a region or the nation; tokens across halls (evaluators of a region, operators) are made by operators only.
 */
export const POST: RequestHandler = async (event) => {
	const { db, access, actor } = await requireReader(event);
	if (!canAdminister(access) && !canOperate(access)) error(403, { message: 'admins only', code: 'forbidden' });
	const input = await readJson(event.request, CreateApiTokenSchema);
	const acrossHalls = input.kind === 'operator' || input.region !== undefined;
	if (acrossHalls) {
		if (!canOperate(access)) error(403, { message: 'kind: only an installation operator creates tokens across halls', code: 'forbidden' });
		if (input.kind !== 'operator' && input.kind !== 'evaluator') error(400, { message: 'region: only an evaluator token reads a region or the nation', code: 'invalid_body' });
		if (input.kind === 'operator' && input.region !== undefined) error(400, { message: 'region: an operator token reads every hall', code: 'invalid_body' });
		if (input.mall !== undefined) error(400, { message: 'mall: a token across halls serves no single hall', code: 'invalid_body' });
		const regionScope = input.region === undefined || input.region === 'nation' ? null : input.region;
		if (regionScope !== null && !findRegion(regionScope)) error(400, { message: 'region: no province or kabupaten/kota has this code', code: 'invalid_body' });
		const created = await createApiToken(db, { label: input.label, mallId: null, kind: input.kind, regionScope, createdBy: access.userId }, actor);
		return json({ id: created.id, token: created.token, label: input.label, kind: input.kind, mall: null, region: input.region ?? 'nation' }, { status: 201 });
	}
	if (!canAdminister(access)) error(403, { message: 'admins only', code: 'forbidden' });
	const mallId = access.mallId;
	let scope = mallId;
	if (input.mall !== undefined) {
		const mall = await resolveMall(db, mallId, input.mall);
		if ('error' in mall) error(404, { message: `mall: no mall ${input.mall} for this token`, code: 'not_found' });
		scope = mall.id;
	}
	if (input.kind === 'integration' && scope === null) error(400, { message: 'mall: an integration token serves one hall; name its slug', code: 'invalid_body' });
	if (input.kind === 'evaluator' && scope === null) error(400, { message: 'mall: name the hall an evaluator token reads, or give region (nation, a province or kabupaten/kota code)', code: 'invalid_body' });
	const created = await createApiToken(db, { label: input.label, mallId: scope, kind: input.kind, createdBy: access.userId }, actor);
	return json({ id: created.id, token: created.token, label: input.label, kind: input.kind, mall: input.mall ?? null }, { status: 201 });
};
