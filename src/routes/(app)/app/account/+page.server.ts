import { fail, redirect, type Actions } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signedIn } from '$lib/server/access/page-access';
import { deleteSessionCookie } from '$lib/server/auth/sessions';
import { passwordProblem } from '$lib/server/auth/passwords';
import { changePassword } from '$lib/server/auth/users';

export const load: PageServerLoad = ({ locals }) => {
	const { user } = signedIn(locals);
	return { account: { email: user.email, name: user.name, role: user.role } };
};

export const actions: Actions = {
	password: async ({ locals, request, cookies, url }) => {
		const { user } = signedIn(locals);
		const form = await request.formData();
		const current = String(form.get('current') ?? '');
		const next = String(form.get('next') ?? '');
		const problem = await passwordProblem(next, { email: user.email, name: user.name });
		if (problem) return fail(400, { field: 'next' as const, error: problem.kind, score: problem.kind === 'too_weak' ? problem.score : null });
		const db = await getDb();
		if (!(await changePassword(db, user.id, current, next))) return fail(400, { field: 'current' as const, error: 'wrong' as const });
		// Every session of the user ended with the change, this one too: sign in again with the new password.
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/login?changed=1');
	}
};
