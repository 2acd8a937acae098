import { error, json, type RequestHandler } from '@sveltejs/kit';
import { canAdminister, canOperate } from '$lib/domain/roles';
import { requireAdmin, requireReader } from '$lib/server/access/guards';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE } from '$lib/server/auth/passwords';
import { createUser, listUsers, type UserListItem, type UserProblem } from '$lib/server/auth/users';
import { readJson } from '$lib/server/http';
import { CreateUserSchema } from '$lib/server/openapi/requests';
import { agencyIdsByCode, resolveMall } from '$lib/server/organization/settings';
import type { Db } from '$lib/server/db/client';

/** The mall the call works on (see resolveMall), or the 4xx that names the `mall` field. */
async function mallFor(db: Db, tokenMallId: number | null, slug: string | undefined) {
	const mall = await resolveMall(db, tokenMallId, slug);
	if ('error' in mall) {
		if (mall.error === 'mall_required') error(400, { message: 'mall: name the mall (its slug); this token serves several', code: 'invalid_body' });
		error(404, { message: `mall: no mall ${slug ?? ''} for this token`.trim(), code: 'not_found' });
	}
	return mall;
}

/** A refusal of createUser as the message of its 4xx, naming the field. */
function refusalMessage(refusal: UserProblem): string {
	switch (refusal.error) {
		case 'email_taken':
			return 'email: an account with this email already exists';
		case 'password_too_short':
			return `password: must be at least ${MIN_PASSWORD_LENGTH} characters`;
		case 'password_is_email':
			return 'password: may not be the email';
		case 'password_too_weak':
			return `password: too easy to guess (zxcvbn strength ${refusal.score} of 4, at least ${MIN_PASSWORD_SCORE} needed): common words and passwords, keyboard patterns, repeats, years, the account's name and email and words such as "puas" or "kupang" are guessed quickly; use a longer passphrase of several unrelated words`;
		case 'agency_required':
			return 'agencies: a manager needs at least one agency';
		case 'unknown_agency':
			return 'agencies: unknown agency';
		case 'hall_required':
			return 'mall: an admin or manager belongs to a hall';
		case 'no_hall_for_operator':
			return 'mall: an operator belongs to no hall';
		case 'region_only_for_evaluators':
			return 'region: only an evaluator reads a region or the nation';
		case 'unknown_region':
			return 'region: no province or kabupaten/kota has this code';
	}
}

const asJson = (user: UserListItem) => ({ ...user, agencies: user.agencies.map(({ code, name }) => ({ code, name })) });

/** The mall's accounts with their role, a manager's agencies, and whether they are disabled or locked. */
export const GET: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const mall = await mallFor(db, mallId, event.url.searchParams.get('mall') ?? undefined);
	return json({ users: (await listUsers(db, mall.id)).map(asJson) });
};

/**
 * Create an account; a manager needs at least one agency (by code). 409 when the email is taken. An operator, or an
 * evaluator of a region or the nation (`region`), belongs to no hall: only an operator (or an installation-wide
 * token) creates them.
 */
export const POST: RequestHandler = async (event) => {
	const { db, access, actor } = await requireReader(event);
	if (!canAdminister(access) && !canOperate(access)) error(403, { message: 'admins only', code: 'forbidden' });
	const input = await readJson(event.request, CreateUserSchema);
	if (input.role === 'operator' || input.region !== undefined) {
		if (!canOperate(access)) error(403, { message: 'role: only an installation operator creates accounts across halls', code: 'forbidden' });
		if (input.mall !== undefined) error(400, { message: 'mall: an account across halls belongs to no hall', code: 'invalid_body' });
		if (input.agencies?.length) error(400, { message: 'agencies: only a manager has agencies', code: 'invalid_body' });
		const regionScope = input.region === undefined || input.region === 'nation' ? null : input.region;
		const created = await createUser(db, { mallId: null, regionScope, email: input.email, name: input.name, password: input.password, role: input.role }, actor);
		if ('error' in created) error(created.error === 'email_taken' ? 409 : 400, { message: refusalMessage(created), code: created.error });
		const user = { id: created.userId, email: input.email, name: input.name.trim(), role: input.role, agencies: [], disabled: false, locked: false, region: input.region ?? 'nation' };
		return json({ user }, { status: 201 });
	}
	if (!canAdminister(access)) error(403, { message: 'admins only', code: 'forbidden' });
	const mall = await mallFor(db, access.mallId, input.mall);
	const codes = input.agencies ?? [];
	if (input.role !== 'manager' && codes.length > 0) {
		error(400, { message: 'agencies: only a manager has agencies (admins and evaluators see every agency)', code: 'invalid_body' });
	}
	const { ids, unknown } = await agencyIdsByCode(db, mall.id, codes);
	if (unknown.length) error(400, { message: `agencies: no agency with code ${unknown.join(', ')} in ${mall.slug}`, code: 'unknown_agency' });
	const created = await createUser(db, { mallId: mall.id, email: input.email, name: input.name, password: input.password, role: input.role, agencyIds: ids }, actor);
	if ('error' in created) error(created.error === 'email_taken' ? 409 : 400, { message: refusalMessage(created), code: created.error });
	const [user] = await listUsers(db, mall.id, { userId: created.userId });
	return json({ user: asJson(user!) }, { status: 201 });
};
