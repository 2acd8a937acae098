import { redirect, type Actions } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { regionChoices } from '$lib/domain/regions';
import { operatorOf } from '$lib/server/access/page-access';
import { actorOf } from '$lib/server/audit/audit';
import { getDb } from '$lib/server/db';
import { HALL_FIELDS, HallFormSchema, newHallOf } from '$lib/server/forms/hall-form';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
import { createHall } from '$lib/server/setup/hall-setup';

export const load: PageServerLoad = async ({ locals }) => {
	operatorOf(locals);
	return { provinces: regionChoices() };
};

export const actions: Actions = {
	/** A new hall and its first admin, audited with the operator as the actor. */
	create: async ({ locals, request }) => {
		const { user } = operatorOf(locals);
		const raw = formValues(await request.formData(), HALL_FIELDS);
		const parsed = readForm(HallFormSchema, raw);
		if ('problems' in parsed) return refuse('create', parsed.problems, { values: raw });
		const created = await createHall(await getDb(), newHallOf(parsed.data), undefined, actorOf(user));
		if ('problems' in created) return refuse('create', created.problems, { values: raw });
		redirect(303, `/app/halls?saved=hall_created&hall=${created.mallId}`);
	}
};
