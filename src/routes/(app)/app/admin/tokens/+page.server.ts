import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { createApiToken, listApiTokens, revokeApiToken } from '$lib/server/access/api-tokens';
import * as fields from '$lib/server/forms/fields';
import { adminOf } from '$lib/server/access/page-access';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	const tokens = await listApiTokens(db, mallId);
	// The installation's own tokens (environment, token file, the operator's) are listed, but only the CLI revokes them.
	return { tokens: tokens.map((t) => ({ ...t, installation: t.mall === null })) };
};

const NewToken = v.object({ label: fields.label, kind: fields.tokenKind });
const SomeToken = v.object({ token: fields.id });

export const actions: Actions = {
	/** A new token is shown once (only its hash is kept), so this answers with it instead of a 303. */
	createToken: async ({ locals, request }) => {
		const { db, mallId, userId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['label', 'kind']);
		const parsed = readForm(NewToken, raw);
		if ('problems' in parsed) return refuse('createToken', parsed.problems, { values: raw });
		// The admin's hall, for either kind: an integration token (a queue system) issues tickets only, for this hall.
		const created = await createApiToken(db, { label: parsed.data.label, mallId, kind: parsed.data.kind, createdBy: userId }, actor);
		return { created: { id: created.id, label: parsed.data.label, kind: parsed.data.kind, token: created.token } };
	},

	revokeToken: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['token']);
		const id = rowIdOf(raw.token);
		const parsed = readForm(SomeToken, raw);
		if ('problems' in parsed) return refuse('revokeToken', parsed.problems, { id });
		const outcome = await revokeApiToken(db, parsed.data.token, mallId, new Date(), actor);
		if (outcome === 'not_found') return refuse('revokeToken', { field: 'token', problem: 'not_found' }, { id });
		if (outcome === 'forbidden') return refuse('revokeToken', { field: 'token', problem: 'installation_token' }, { id });
		saved(url, 'token_revoked', `token-${id}`);
	}
};
