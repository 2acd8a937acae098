import { redirect, type Actions } from '@sveltejs/kit';
import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { sameOriginTarget } from '$lib/server/edge/redirects';
import { createSession, setSessionCookie } from '$lib/server/auth/sessions';
import { signIn } from '$lib/server/auth/sign-in';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';

/** Where to go after signing in: `?to=` when it is on this site, else the dashboard. */
const target = (url: URL) => sameOriginTarget(url.searchParams.get('to'), url.origin, '/app');

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, target(url));
	return {};
};

/** Only present: whether the address and password name an account is the sign-in's to say. */
const SignInForm = v.object({ email: fields.requiredText(254), password: fields.password });

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const raw = formValues(await request.formData(), ['email', 'password']);
		const typedEmail = { email: typeof raw.email === 'string' ? raw.email.trim() : '' };
		const parsed = readForm(SignInForm, raw);
		if ('problems' in parsed) return refuse('login', parsed.problems, { values: typedEmail });
		const { email, password } = parsed.data;
		const db = await getDb();
		const result = await signIn(db, { email, password, address: getClientAddress() });
		if ('error' in result) {
			if (result.error === 'rate_limited') return refuse('login', { field: 'form', problem: 'rate_limited' }, { values: { email }, status: 429 });
			return refuse('login', { field: 'form', problem: 'wrong' }, { values: { email } });
		}
		const session = await createSession(db, result.userId);
		setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
		redirect(303, target(url));
	}
};
