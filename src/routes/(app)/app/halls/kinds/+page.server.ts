import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { operatorOf } from '$lib/server/access/page-access';
import { actorOf } from '$lib/server/audit/audit';
import { getDb } from '$lib/server/db';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse, saved } from '$lib/server/forms/read-form';
import { addAgencyKind, listAgencyKindsInUse } from '$lib/server/regions/agency-kinds';

/** The national catalogue of agency kinds (an installation operator's): the standard kinds and those added here. */
export const load: PageServerLoad = async ({ locals }) => {
	operatorOf(locals);
	return { kinds: await listAgencyKindsInUse(await getDb()) };
};

const NewKind = v.object({ code: fields.agencyKindCode, nameId: fields.requiredText(120), nameEn: fields.requiredText(120) });

export const actions: Actions = {
	/** Add a kind; a code already in the catalogue is refused (a kind's code never changes meaning). */
	add: async ({ locals, request, url }) => {
		const { user } = operatorOf(locals);
		const raw = formValues(await request.formData(), ['code', 'nameId', 'nameEn']);
		const parsed = readForm(NewKind, raw);
		if ('problems' in parsed) return refuse('add', parsed.problems, { values: raw });
		if ((await addAgencyKind(await getDb(), parsed.data, actorOf(user))) === 'taken') return refuse('add', { field: 'code', problem: 'taken' }, { values: raw });
		saved(url, 'kind_added', `kind-${parsed.data.code}`);
	}
};
