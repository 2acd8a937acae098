import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { createUser, listUsers, type UserListItem } from '$lib/server/auth/users';
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

const asJson = (user: UserListItem) => ({ ...user, agencies: user.agencies.map(({ code, name }) => ({ code, name })) });

/** The mall's accounts with their role, a manager's agencies, and whether they are disabled or locked. */
export const GET: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const mall = await mallFor(db, mallId, event.url.searchParams.get('mall') ?? undefined);
	return json({ users: (await listUsers(db, mall.id)).map(asJson) });
};

/** Create an account; a manager needs at least one agency (by code). 409 when the email is taken. */
export const POST: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const input = await readJson(event.request, CreateUserSchema);
	const mall = await mallFor(db, mallId, input.mall);
	const codes = input.agencies ?? [];
	if (input.role !== 'manager' && codes.length > 0) {
		error(400, { message: 'agencies: only a manager has agencies (admins and evaluators see every agency)', code: 'invalid_body' });
	}
	const { ids, unknown } = await agencyIdsByCode(db, mall.id, codes);
	if (unknown.length) error(400, { message: `agencies: no agency with code ${unknown.join(', ')} in ${mall.slug}`, code: 'unknown_agency' });
	const created = await createUser(db, { mallId: mall.id, email: input.email, name: input.name, password: input.password, role: input.role, agencyIds: ids });
	if ('error' in created) {
		const message = {
			email_taken: 'email: an account with this email already exists',
			password_too_short: 'password: too short',
			password_is_email: 'password: may not be the email',
			agency_required: 'agencies: a manager needs at least one agency',
			unknown_agency: 'agencies: unknown agency'
		}[created.error];
		error(created.error === 'email_taken' ? 409 : 400, { message, code: created.error });
	}
	const [user] = await listUsers(db, mall.id, { userId: created.userId });
	return json({ user: asJson(user!) }, { status: 201 });
};
