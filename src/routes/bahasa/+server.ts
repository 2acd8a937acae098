import { redirect, type RequestHandler } from '@sveltejs/kit';
import { cookieName, isLocale } from '$lib/paraglide/runtime';

/** Remember the visitor's language (a form POST, so it works without JavaScript) and go back where they were. */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await request.formData();
	const locale = String(form.get('locale') ?? '');
	const to = String(form.get('to') ?? '/');
	if (isLocale(locale)) {
		cookies.set(cookieName, locale, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
	}
	// Only same-site paths: never an open redirect.
	redirect(303, to.startsWith('/') && !to.startsWith('//') ? to : '/');
};
