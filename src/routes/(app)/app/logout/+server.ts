import { redirect, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { SESSION_COOKIE, deleteSessionCookie, invalidateSession } from '$lib/server/auth/sessions';

/** Sign out (a form POST from the app's menu): the session is deleted from the database, not only the cookie. */
export const POST: RequestHandler = async ({ cookies, url }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await invalidateSession(await getDb(), token);
	deleteSessionCookie(cookies, url.protocol === 'https:');
	redirect(303, '/login');
};
