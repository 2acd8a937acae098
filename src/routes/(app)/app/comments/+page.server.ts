import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { SKM_2017 } from '$lib/domain/instruments';
import { assertReadsComments, signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
import { listComments, parseCommentQuery } from '$lib/server/follow-up/comments';
import { markComplaint } from '$lib/server/follow-up/complaints';
import { quickReasons } from '$lib/server/indicators/quick';
import { readableAgencies } from '$lib/server/access/agency-filter';
import { mallTimeZone } from '$lib/server/organization/queries';
import { uuidText } from '$lib/server/values';
import { readsOnly } from '$lib/domain/roles';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	assertReadsComments(access);
	const db = await getDb();
	const [reasons, timeZone] = await Promise.all([quickReasons(db), mallTimeZone(db, access.mallId)]);
	const { filter, invalid } = parseCommentQuery(url.searchParams, reasons.map((reason) => reason.code));
	const [page, agencies] = await Promise.all([listComments(db, access, filter, timeZone), readableAgencies(db, access, { includeArchived: true })]);
	return {
		page,
		agencies,
		filter,
		invalid,
		timeZone,
		unsur: SKM_2017.items.map((item) => ({ code: item.code, name: item.name })),
		reasons,
		canAct: !readsOnly(access)
	};
};

const MarkedResponse = v.object({ response: uuidText('not_found') });

export const actions: Actions = {
	/** Mark a response as a complaint, then plan its follow-up (a second mark is refused, naming the complaint). */
	markComplaint: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const values = formValues(await request.formData(), ['response']);
		const parsed = readForm(MarkedResponse, values);
		if ('problems' in parsed) return refuse('markComplaint', parsed.problems);
		const result = await markComplaint(await getDb(), access, parsed.data.response);
		if (result.status === 'already_marked') {
			return refuse('markComplaint', { field: 'response', problem: 'taken' }, { values, status: 409, detail: { complaintId: result.complaintId } });
		}
		redirect(303, `/app/follow-ups/new?complaint=${result.complaintId}&marked=1`);
	}
};
