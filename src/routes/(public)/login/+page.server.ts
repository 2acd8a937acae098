import { fail, redirect, type Actions } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { hitRateLimit } from '$lib/server/access/rate-limit';
import { createSession, setSessionCookie } from '$lib/server/auth/sessions';
import { checkLogin } from '$lib/server/auth/users';
import { findDefaultMall } from '$lib/server/organization/queries';

/** Only same-site paths: never an open redirect. */
const safeTarget = (to: string | null) => (to && to.startsWith('/') && !to.startsWith('//') ? to : '/app');

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeTarget(url.searchParams.get('to')));
	// The lockout time is shown in the mall's time zone, as every time in Puas.
	const mall = await findDefaultMall(await getDb());
	return { timeZone: mall?.timeZone ?? 'UTC' };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || !password) return fail(400, { email, error: 'missing' as const });
		const db = await getDb();
		// Per address, whatever the email: 20 tries per 15 minutes (accounts also lock after 5 wrong passwords).
		const limit = await hitRateLimit(db, `login:${getClientAddress()}`, 20, 15 * 60);
		if (!limit.allowed) return fail(429, { email, error: 'rate_limited' as const });
		const result = await checkLogin(db, email, password);
		if ('error' in result) return fail(400, { email, error: result.error, lockedUntil: result.lockedUntil?.toISOString() });
		const session = await createSession(db, result.userId);
		setSessionCookie(cookies, session.token, session.expiresAt, url.protocol === 'https:');
		redirect(303, safeTarget(url.searchParams.get('to')));
	}
};
