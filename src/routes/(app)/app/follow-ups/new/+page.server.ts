import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { SKM_2017 } from '$lib/domain/instruments';
import { dueDateAllowed, latestDueDate } from '$lib/domain/follow-up';
import { localDate } from '$lib/domain/periods';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { findComplaint } from '$lib/server/follow-up/complaints';
import { createFollowUp, FollowUpFormSchema } from '$lib/server/follow-up/follow-ups';
import { readableAgencies } from '$lib/server/access/agency-filter';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
import { mallTimeZone } from '$lib/server/organization/queries';
import { readsOnly } from '$lib/domain/roles';

/** Two weeks from today: a due date to start from. */
const DEFAULT_DAYS = 14;

const FOLLOW_UP_FIELDS = ['complaint', 'agency', 'unsur', 'action', 'owner', 'due_date'];

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	if (readsOnly(access)) error(403, { message: 'your role may only read', code: 'forbidden' });
	const db = await getDb();
	const complaintParam = url.searchParams.get('complaint');
	let complaint = null;
	if (complaintParam !== null) {
		const id = v.safeParse(fields.id, complaintParam);
		complaint = id.success ? await findComplaint(db, access, id.output) : null;
		if (!complaint) error(404, { message: 'not found', code: 'not_found' });
	}
	const timeZone = await mallTimeZone(db, access.mallId);
	const today = localDate(new Date(), timeZone);
	return {
		complaint,
		agencies: complaint ? [] : await readableAgencies(db, access),
		unsur: SKM_2017.items.map((item) => ({ code: item.code, name: item.name })),
		timeZone,
		today,
		latestDueDate: latestDueDate(today),
		defaultDueDate: localDate(new Date(Date.now() + DEFAULT_DAYS * 86_400_000), timeZone)
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const raw = formValues(await request.formData(), FOLLOW_UP_FIELDS);
		const parsed = readForm(FollowUpFormSchema, raw);
		if ('problems' in parsed) return refuse('followUp', parsed.problems, { values: raw });
		const db = await getDb();
		// Due from today to two years ahead, in the hall's days (domain/follow-up.ts).
		if (!dueDateAllowed(parsed.data.due_date, localDate(new Date(), await mallTimeZone(db, access.mallId)))) {
			return refuse('followUp', { field: 'due_date', problem: 'range' }, { values: raw });
		}
		const id = await createFollowUp(db, access, parsed.data);
		redirect(303, `/app/follow-ups?saved=created#follow-up-${id}`);
	}
};
