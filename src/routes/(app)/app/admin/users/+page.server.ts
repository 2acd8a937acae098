import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as accounts from '$lib/server/auth/users';
import { createPasswordReset } from '$lib/server/auth/password-resets';
import { listAgencies } from '$lib/server/organization/queries';
import { accountProblem } from '$lib/server/forms/account-problems';
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
const UserRole = v.object({ user: fields.id, role: fields.role, agencies: fields.agencyIds });

export const actions: Actions = {
	createUser: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['email', 'name', 'role', 'password'], ['agencies']);
		const parsed = readForm(NewUser, raw);
		if ('problems' in parsed) return refuse('createUser', parsed.problems, { values: raw });
		const { agencies: agencyIds, ...user } = parsed.data;
		const created = await accounts.createUser(db, { mallId, ...user, agencyIds }, actor);
		if ('error' in created) return refuse('createUser', accountProblem(created), { values: raw });
		saved(url, 'user_created', `user-${created.userId}`);
	},

	setAgencies: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['user'], ['agencies']);
		const id = rowIdOf(raw.user);
		const parsed = readForm(UserAgencies, raw);
		if ('problems' in parsed) return refuse('setAgencies', parsed.problems, { id, values: raw });
		const result = await accounts.setUserAgencies(db, mallId, parsed.data.user, parsed.data.agencies, actor);
		if (result === 'not_found') return refuse('setAgencies', { field: 'user', problem: 'not_found' }, { id, values: raw });
		if (result === 'not_manager') return refuse('setAgencies', { field: 'agencies', problem: 'not_manager' }, { id, values: raw });
		if (result !== 'done') return refuse('setAgencies', accountProblem(result), { id, values: raw });
		saved(url, 'user_agencies', `user-${id}`);
	},

	/** Admin, manager (with at least one agency) or evaluator; the hall's last active admin keeps the role. */
	setRole: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['user', 'role'], ['agencies']);
		const id = rowIdOf(raw.user);
		const parsed = readForm(UserRole, raw);
		if ('problems' in parsed) return refuse('setRole', parsed.problems, { id, values: raw });
		const result = await accounts.setUserRole(db, mallId, parsed.data.user, { role: parsed.data.role, agencyIds: parsed.data.agencies }, actor);
		if (result === 'not_found') return refuse('setRole', { field: 'user', problem: 'not_found' }, { id, values: raw });
		if (result === 'last_admin') return refuse('setRole', { field: 'role', problem: 'last_admin' }, { id, values: raw });
		if (result !== 'done') return refuse('setRole', accountProblem(result), { id, values: raw });
		saved(url, 'user_role', `user-${id}`);
	},

	/** A one-time link (24 h) is shown once (only its hash is kept), so this answers with it instead of a 303. */
	resetLink: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['user']);
		const id = rowIdOf(raw.user);
		const parsed = readForm(SomeUser, raw);
		if ('problems' in parsed) return refuse('resetLink', parsed.problems, { id });
		const created = await createPasswordReset(db, mallId, parsed.data.user, actor);
		if ('error' in created) return refuse('resetLink', { field: 'user', problem: created.error }, { id });
		const link = new URL(`/reset?token=${encodeURIComponent(created.token)}`, url.origin).toString();
		return { reset: { userId: parsed.data.user, email: created.email, link, expiresAt: created.expiresAt } };
	},

	signOut: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['user']);
		const id = rowIdOf(raw.user);
		const parsed = readForm(SomeUser, raw);
		if ('problems' in parsed) return refuse('signOut', parsed.problems, { id });
		if ((await accounts.signOutUser(db, mallId, parsed.data.user, actor)) === 'not_found') return refuse('signOut', { field: 'user', problem: 'not_found' }, { id });
		saved(url, 'user_signed_out', `user-${id}`);
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

/** Disable or enable an account of the admin's mall (never the admin's own, nor the last active admin: see setUserDisabled). */
async function switchUser({ db, mallId, actor }: Awaited<ReturnType<typeof adminOf>>, form: FormData, url: URL, disabled: boolean) {
	const action = disabled ? 'disableUser' : 'enableUser';
	const raw = formValues(form, ['user']);
	const id = rowIdOf(raw.user);
	const parsed = readForm(SomeUser, raw);
	if ('problems' in parsed) return refuse(action, parsed.problems, { id });
	const result = await accounts.setUserDisabled(db, mallId, parsed.data.user, disabled, actor);
	if (result !== 'done') return refuse(action, { field: 'user', problem: result }, { id });
	saved(url, disabled ? 'user_disabled' : 'user_enabled', `user-${id}`);
}
