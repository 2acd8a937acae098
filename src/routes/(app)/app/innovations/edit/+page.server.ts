import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { INNOVATION_KINDS, INNOVATION_MEDIA, INNOVATION_STAGES } from '$lib/domain/innovation';
import { canAdminister, readsOnly } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { readableAgencies, readableServices } from '$lib/server/access/agency-filter';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
import { createInnovation, findInnovation, InnovationFormSchema, updateInnovation } from '$lib/server/innovation/innovations';

/** The innovation of ?id=, or null for a new one (a malformed id is a 404). */
function idOf(url: URL): number | null {
	const raw = url.searchParams.get('id');
	if (raw === null) return null;
	const parsed = v.safeParse(fields.id, raw);
	if (!parsed.success) error(404, { message: 'not found', code: 'not_found' });
	return parsed.output;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	if (readsOnly(access)) error(403, { message: 'your role may only read', code: 'forbidden' });
	const db = await getDb();
	const id = idOf(url);
	const innovation = id === null ? null : await findInnovation(db, access, id);
	if (innovation && !innovation.editable) error(403, { message: 'your role may not change this innovation', code: 'forbidden' });
	return {
		innovation,
		// Units in use, and the archived ones an innovation being edited already names (so saving keeps them).
		agencies: (await readableAgencies(db, access, { includeArchived: true })).filter((a) => !a.archived || a.id === innovation?.agencyId),
		services: (await readableServices(db, access, { includeArchived: true })).filter((s) => !s.archived || s.id === innovation?.serviceId),
		mallOwned: canAdminister(access),
		kinds: INNOVATION_KINDS,
		media: INNOVATION_MEDIA,
		stages: INNOVATION_STAGES
	};
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const raw = formValues(await request.formData(), Object.keys(InnovationFormSchema.entries));
		const parsed = readForm(InnovationFormSchema, raw);
		if ('problems' in parsed) return refuse('innovation', parsed.problems, { values: raw });
		const db = await getDb();
		const id = idOf(url);
		const saved = id === null ? await createInnovation(db, access, parsed.data) : (await updateInnovation(db, access, id, parsed.data), id);
		redirect(303, `/app/innovations/impact?id=${saved}&saved=1`);
	}
};
