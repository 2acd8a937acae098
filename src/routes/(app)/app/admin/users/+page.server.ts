import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import * as accounts from '$lib/server/auth/users';
import { listAgencies } from '$lib/server/organization/queries';
import type { FieldProblem } from '$lib/forms/problems';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';
import { adminOf } from '$lib/server/access/page-access';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId, userId } = await adminOf(locals);
	const [users, agencies] = await Promise.all([accounts.listUsers(db, mallId), listAgencies(db, mallId)]);
	return { users, agencies: agencies.map(({ id, code, name }) => ({ id, code, name })), me: userId };
};

const NewUser = v.object({ email: fields.email, name: fields.name, role: fields.role, password: fields.newPassword, agencies: fields.agencyIds });
const UserAgencies = v.object({ user: fields.id, agencies: fields.agencyIds });
const SomeUser = v.object({ user: fields.id });

/** A refusal of the accounts module, as the field and problem the page shows. */
function problemOf(refusal: accounts.UserProblem): FieldProblem {
	switch (refusal.error) {
		case 'email_taken':
			return { field: 'email', problem: 'taken' };
		case 'password_too_short':
			return { field: 'password', problem: 'too_short', min: MIN_PASSWORD_LENGTH };
		case 'password_is_email':
			return { field: 'password', problem: 'is_email' };
		case 'password_too_weak':
			return { field: 'password', problem: 'too_weak', min: refusal.score };
		case 'agency_required':
			return { field: 'agencies', problem: 'agency_required' };
		case 'unknown_agency':
			return { field: 'agencies', problem: 'not_found' };
	}
}

export const actions: Actions = {
	createUser: async ({ locals, request, url }) => {
		const { db, mallId } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['email', 'name', 'role', 'password'], ['agencies']);
		const parsed = readForm(NewUser, raw);
		if ('problems' in parsed) return refuse('createUser', parsed.problems, { values: raw });
		const { agencies: agencyIds, ...user } = parsed.data;
		const created = await accounts.createUser(db, { mallId, ...user, agencyIds });
		if ('error' in created) return refuse('createUser', problemOf(created), { values: raw });
		saved(url, 'user_created', `user-${created.userId}`);
	},

	setAgencies: async ({ locals, request, url }) => {
		const { db, mallId } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['user'], ['agencies']);
		const id = rowIdOf(raw.user);
		const parsed = readForm(UserAgencies, raw);
		if ('problems' in parsed) return refuse('setAgencies', parsed.problems, { id, values: raw });
		const result = await accounts.setUserAgencies(db, mallId, parsed.data.user, parsed.data.agencies);
		if (result === 'not_found') return refuse('setAgencies', { field: 'user', problem: 'not_found' }, { id, values: raw });
		if (result === 'not_manager') return refuse('setAgencies', { field: 'agencies', problem: 'not_manager' }, { id, values: raw });
		if (result !== 'done') return refuse('setAgencies', problemOf(result), { id, values: raw });
		saved(url, 'user_agencies', `user-${id}`);
	},

	disableUser: async ({ locals, request, url }) => {
		const admin = await adminOf(locals);
		return switchUser(admin, await request.formData(), url, true);
	},

	enableUser: async ({ locals, request, url }) => {
		const admin = await adminOf(locals);
		return switchUser(admin, await request.formData(), url, false);
	}
};

/** Disable or enable an account of the admin's mall (never the admin's own: see setUserDisabled). */
async function switchUser({ db, mallId, userId }: Awaited<ReturnType<typeof adminOf>>, form: FormData, url: URL, disabled: boolean) {
	const action = disabled ? 'disableUser' : 'enableUser';
	const raw = formValues(form, ['user']);
	const id = rowIdOf(raw.user);
	const parsed = readForm(SomeUser, raw);
	if ('problems' in parsed) return refuse(action, parsed.problems, { id });
	const result = await accounts.setUserDisabled(db, mallId, parsed.data.user, disabled, userId);
	if (result !== 'done') return refuse(action, { field: 'user', problem: result }, { id });
	saved(url, disabled ? 'user_disabled' : 'user_enabled', `user-${id}`);
}
