import { error, redirect, type Actions } from '@sveltejs/kit';
import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import { regionChoices } from '$lib/domain/regions';
import { getDb } from '$lib/server/db';
import { createSession, setSessionCookie } from '$lib/server/auth/sessions';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
import { HALL_FIELDS, HallFormSchema, newHallOf } from '$lib/server/forms/hall-form';
import { createHall, setupLinkValid } from '$lib/server/setup/hall-setup';

/** A used, unknown or superseded link: the installation has its hall, or the link was never printed. */
const gone = () => error(410, { message: 'this setup link was used, or a hall exists already', code: 'gone' });

export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	if (!(await setupLinkValid(await getDb(), token))) gone();
	return { token, provinces: regionChoices() };
};

const SETUP_FIELDS = ['token', ...HALL_FIELDS] as const;
const SetupForm = v.object({ token: fields.requiredText(100), ...HallFormSchema.entries });

export const actions: Actions = {
	/** Create the hall and its first admin, spend the link, and sign the admin in. */
	setup: async ({ request, cookies, url }) => {
		const raw = formValues(await request.formData(), SETUP_FIELDS);
		const parsed = readForm(SetupForm, raw);
		if ('problems' in parsed) return refuse('setup', parsed.problems, { values: raw });
		const { token, ...hall } = parsed.data;
		const db = await getDb();
		const created = await createHall(db, newHallOf(hall), token);
		if ('problems' in created) {
			if (created.problems.some((problem) => problem.field === 'token')) gone();
			return refuse('setup', created.problems, { values: raw });
		}
		const session = await createSession(db, created.userId);
		setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
		redirect(303, '/app/admin?saved=hall_created');
	}
};
