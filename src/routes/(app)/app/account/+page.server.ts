import { redirect, type Actions } from '@sveltejs/kit';
import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import type { FieldProblem } from '$lib/forms/problems';
import { getDb } from '$lib/server/db';
import { signedIn } from '$lib/server/access/page-access';
import { deleteSessionCookie } from '$lib/server/auth/sessions';
import { passwordProblem } from '$lib/server/auth/passwords';
import { changePassword } from '$lib/server/auth/users';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';

export const load: PageServerLoad = ({ locals }) => {
	const { user } = signedIn(locals);
	return { account: { email: user.email, name: user.name, role: user.role } };
};

const PasswordChange = v.object({ current: fields.password, next: fields.newPassword });

export const actions: Actions = {
	password: async ({ locals, request, cookies, url }) => {
		const { user } = signedIn(locals);
		const parsed = readForm(PasswordChange, formValues(await request.formData(), ['current', 'next']));
		if ('problems' in parsed) return refuse('password', parsed.problems);
		const { current, next } = parsed.data;
		const problem = await passwordProblem(next, { email: user.email, name: user.name });
		if (problem) {
			const refusal: FieldProblem = problem.kind === 'too_weak' ? { field: 'next', problem: 'too_weak', min: problem.score } : { field: 'next', problem: problem.kind };
			return refuse('password', refusal);
		}
		const db = await getDb();
		if (!(await changePassword(db, user.id, current, next))) return refuse('password', { field: 'current', problem: 'wrong' });
		// Every session of the user ended with the change, this one too: sign in again with the new password.
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/login?changed=1');
	}
};
