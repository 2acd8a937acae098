import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { INNOVATION_KINDS, INNOVATION_MEDIA, INNOVATION_STAGES } from '$lib/domain/innovation';
import { canAdminister } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { formFields, idField, invalidFields } from '$lib/server/follow-up/form-fields';
import { readableAgencies } from '$lib/server/follow-up/scope';
import { createInnovation, findInnovation, InnovationFormSchema, updateInnovation } from '$lib/server/innovation/innovations';
import { readableServices } from '$lib/server/innovation/options';

/** The innovation of ?id=, or null for a new one (a malformed id is a 404). */
function idOf(url: URL): number | null {
	const raw = url.searchParams.get('id');
	if (raw === null) return null;
	const parsed = v.safeParse(idField, raw);
	if (!parsed.success) error(404, { message: 'not found', code: 'not_found' });
	return parsed.output;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	if (access.role === 'evaluator') error(403, { message: 'your role may only read', code: 'forbidden' });
	const db = await getDb();
	const id = idOf(url);
	const innovation = id === null ? null : await findInnovation(db, access, id);
	if (innovation && !innovation.editable) error(403, { message: 'your role may not change this innovation', code: 'forbidden' });
	return {
		innovation,
		agencies: await readableAgencies(db, access),
		services: await readableServices(db, access),
		mallOwned: canAdminister(access),
		kinds: INNOVATION_KINDS,
		media: INNOVATION_MEDIA,
		stages: INNOVATION_STAGES
	};
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const fields = formFields(await request.formData());
		const parsed = v.safeParse(InnovationFormSchema, fields);
		if (!parsed.success) return fail(400, { invalid: invalidFields(parsed.issues), values: fields });
		const db = await getDb();
		const id = idOf(url);
		const saved = id === null ? await createInnovation(db, access, parsed.output) : (await updateInnovation(db, access, id, parsed.output), id);
		redirect(303, `/app/innovations/impact?id=${saved}&saved=1`);
	}
};
