/**
 * Checks for pages and form actions under (app). The hooks already ensured a signed-in user (and an admin under
 * /app/admin); these decide per agency and per action, so an id typed into a URL or a form never reaches data the
 * user may not see or change.
 */
import { error, redirect } from '@sveltejs/kit';
import { canActOnAgency, canAdminister, canOperate, canReadAgency, canReadComments, readsAcrossHalls, type Access } from '../../domain/roles';
import { actorOf } from '../audit/audit';
import { getDb } from '../db';

export type MallAccess = Access & { mallId: number };

/** The signed-in user as the authenticate hook put it on `locals` (auth/sessions' SessionUser). */
type SignedInUser = NonNullable<App.Locals['user']>;

/** The signed-in user, what they may do in the hall in view, and all they may read (the layout; any reach). */
export function signedInUser(locals: App.Locals): { user: SignedInUser; access: Access; reach: Access } {
	const { user, access } = locals;
	if (!user || !access) error(401, { message: 'sign in first', code: 'unauthorized' });
	// The hooks set both; where only `access` is given (a hall's own user), it is all the user reaches.
	return { user, access, reach: locals.reach ?? access };
}

/**
 * The signed-in user and what they may do in a hall's pages (the hooks guarantee a user under (app)). A reader across
 * halls who has no hall in view is sent to the halls page to choose one.
 */
export function signedIn(locals: App.Locals): { user: SignedInUser; access: MallAccess } {
	const { user, access } = signedInUser(locals);
	if (access.mallId === null) redirect(303, '/app/halls');
	return { user, access: access as MallAccess };
}

/** A reader across halls (operator, evaluator of a region or the nation) on the halls pages; a hall's own users go home. */
export function acrossHalls(locals: App.Locals): { user: SignedInUser; reach: Access } {
	const { user, reach } = signedInUser(locals);
	if (!readsAcrossHalls(reach)) redirect(303, '/app');
	return { user, reach };
}

/** An installation operator's page (a new hall): anyone else, a hall's users and evaluators across halls included, 403. */
export function operatorOf(locals: App.Locals): { user: SignedInUser; reach: Access } {
	const { user, reach } = signedInUser(locals);
	if (!canOperate(reach)) error(403, { message: 'installation operators only', code: 'forbidden' });
	return { user, reach };
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

/** Reading citizens' comments (the comments and follow-up pages): an installation operator never may. */
export function assertReadsComments(access: Access): void {
	if (!canReadComments(access)) error(403, { message: 'operators do not read citizens’ comments', code: 'forbidden' });
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
