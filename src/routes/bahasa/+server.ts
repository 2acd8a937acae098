import { redirect, type RequestHandler } from '@sveltejs/kit';
import { cookieName, isLocale } from '$lib/paraglide/runtime';
import { sameOriginTarget } from '$lib/server/edge/redirects';

/** Remember the visitor's language (a form POST, so it works without JavaScript) and go back where they were. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = String(form.get('locale') ?? '');
	if (isLocale(locale)) {
		cookies.set(cookieName, locale, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
	}
	redirect(303, sameOriginTarget(String(form.get('to') ?? '/'), url.origin));
};
