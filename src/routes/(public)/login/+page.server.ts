import { fail, redirect, type Actions } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { sameOriginTarget } from '$lib/server/edge/redirects';
import { createSession, setSessionCookie } from '$lib/server/auth/sessions';
import { signIn } from '$lib/server/auth/sign-in';

/** Where to go after signing in: `?to=` when it is on this site, else the dashboard. */
const target = (url: URL) => sameOriginTarget(url.searchParams.get('to'), url.origin, '/app');

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, target(url));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || !password) return fail(400, { email, error: 'missing' as const });
		const db = await getDb();
		const result = await signIn(db, { email, password, address: getClientAddress() });
		if ('error' in result) {
			return result.error === 'rate_limited' ? fail(429, { email, error: 'rate_limited' as const }) : fail(400, { email, error: 'invalid' as const });
		}
		const session = await createSession(db, result.userId);
		setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
		redirect(303, target(url));
	}
};
