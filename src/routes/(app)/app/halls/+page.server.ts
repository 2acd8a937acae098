import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { SKM_2017 } from '$lib/domain/instruments';
import { canOperate } from '$lib/domain/roles';
import { acrossHalls, operatorOf } from '$lib/server/access/page-access';
import { actorOf } from '$lib/server/audit/audit';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';
import { setHallArchived } from '$lib/server/organization/archive';
import { getDb } from '$lib/server/db';
import { regionRanking } from '$lib/server/regions/ranking';

/**
 * The halls page of a reader across halls (an operator, an evaluator of a region or the nation): the region's IKM
 * pooled over every respondent beside the mean of its halls, and the ranking of its halls with a drill-down into each.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { reach } = acrossHalls(locals);
	const ranking = await regionRanking(await getDb(), reach, url.searchParams);
	return {
		...ranking,
		canOperate: canOperate(reach),
		unsurNames: Object.fromEntries(SKM_2017.items.map((item) => [item.code, item.name]))
	};
};

const SomeHall = v.object({ hall: fields.id });

/** Archive or restore a hall (an operator's): its counters stop taking ratings and its accounts signing in; its figures stay. */
async function archiveOrRestore(user: Parameters<typeof actorOf>[0], form: FormData, url: URL, archived: boolean) {
	const action = archived ? 'archiveHall' : 'restoreHall';
	const raw = formValues(form, ['hall']);
	const id = rowIdOf(raw.hall);
	const parsed = readForm(SomeHall, raw);
	if ('problems' in parsed) return refuse(action, parsed.problems, { id });
	if (!(await setHallArchived(await getDb(), parsed.data.hall, archived, actorOf(user)))) return refuse(action, { field: 'hall', problem: 'not_found' }, { id });
	saved(url, archived ? 'hall_archived' : 'hall_restored', `hall-${id}`);
}

export const actions: Actions = {
	archiveHall: async ({ locals, request, url }) => {
		const { user } = operatorOf(locals);
		return archiveOrRestore(user, await request.formData(), url, true);
	},
	restoreHall: async ({ locals, request, url }) => {
		const { user } = operatorOf(locals);
		return archiveOrRestore(user, await request.formData(), url, false);
	}
};
