import { error, redirect, type Actions } from '@sveltejs/kit';
import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { findPasswordReset, resetPassword } from '$lib/server/auth/password-resets';
import { accountProblem } from '$lib/server/forms/account-problems';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';

/** A used, expired, replaced or unknown link (or its account disabled): it is dead, and says so. */
function gone(): never {
	error(410, { message: m.reset_gone(), code: 'gone' });
}

export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	const link = await findPasswordReset(await getDb(), token);
	if (!link) gone();
	return { token, email: link.email };
};

const ResetForm = v.object({ token: fields.requiredText(100), password: fields.newPassword });

export const actions: Actions = {
	/** Set the new password, spend the link, end every session of the account, and go to sign in. */
	reset: async ({ request }) => {
		const raw = formValues(await request.formData(), ['token', 'password']);
		const parsed = readForm(ResetForm, raw);
		if ('problems' in parsed) {
			if (parsed.problems.some((problem) => problem.field === 'token')) gone();
			return refuse('reset', parsed.problems, { values: raw });
		}
		const result = await resetPassword(await getDb(), parsed.data.token, parsed.data.password);
		if (!('error' in result)) redirect(303, '/login?changed=1');
		if (result.error === 'gone') gone();
		return refuse('reset', accountProblem(result), { values: raw });
	}
};
