/**
 * Checks for pages and form actions under (app). The hooks already ensured a signed-in user (and an admin under
 * /app/admin); these decide per agency and per action, so an id typed into a URL or a form never reaches data the
 * user may not see or change.
 */
import { error } from '@sveltejs/kit';
import { canActOnAgency, canAdminister, canReadAgency, type Access } from '../../domain/roles';
import { actorOf } from '../audit/audit';
import { getDb } from '../db';

export type MallAccess = Access & { mallId: number };

/** The signed-in user as the authenticate hook put it on `locals` (auth/sessions' SessionUser). */
type SignedInUser = NonNullable<App.Locals['user']>;

/** The signed-in user and what they may do (the hooks guarantee both under (app)). */
export function signedIn(locals: App.Locals): { user: SignedInUser; access: MallAccess } {
	const { user, access } = locals;
	if (!user || !access || access.mallId === null) error(401, { message: 'sign in first', code: 'unauthorized' });
	return { user, access: access as MallAccess };
}

/** Reading an agency's data: a foreign agency looks exactly like a missing one (404), so ids cannot be probed. */
function assertCanRead(access: Access, agencyId: number | null | undefined): void {
	if (agencyId == null || !canReadAgency(access, agencyId)) error(404, { message: 'not found', code: 'not_found' });
}

/** Changing an agency's data (complaints, follow-up, alert rules, acknowledgements): evaluators never may. */
export function assertCanAct(access: Access, agencyId: number | null | undefined): void {
	assertCanRead(access, agencyId);
	if (!canActOnAgency(access, agencyId!)) error(403, { message: 'your role may only read', code: 'forbidden' });
}

/** Changing the mall's settings. */
export function assertCanAdminister(access: Access): void {
	if (!canAdminister(access)) error(403, { message: 'admins only', code: 'forbidden' });
}

/**
 * The signed-in admin, their mall and the database (the hooks already answer 403 to others; this is the second lock),
 * and the admin as the actor of the audit log's entries for what they change.
 */
export async function adminOf(locals: App.Locals) {
	const { user, access } = signedIn(locals);
	assertCanAdminister(access);
	return { db: await getDb(), mallId: access.mallId, userId: user.id, user, actor: actorOf(user), access };
}
