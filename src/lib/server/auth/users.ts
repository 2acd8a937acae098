/**
 * Accounts: creating them, changing the password, what an account may see, and an admin's changes to the mall's
 * accounts (role, agencies, disabling, signing out), each written to the audit log with the admin who made it. A hall
 * always keeps an active admin: the last one is neither demoted nor disabled. Signing in is ./sign-in, reset links
 * ./password-resets.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { findRegion } from '../../domain/regions';
import type { Access, Role } from '../../domain/roles';
import { recordAudit, type Actor } from '../audit/audit';
import type { Db } from '../db/client';
import { agencies, sessions, userAgencies, users } from '../db/schema';
import { isUniqueViolation } from '../organization/settings';
import { hashPassword, passwordProblem, verifyPassword, type PasswordProblem } from './passwords';
import { invalidateUserSessions } from './sessions';
import { lockedUserIds } from './sign-in';

export interface NewUser {
	/** The hall; null for an operator and for an evaluator of a region or the nation. */
	mallId: number | null;
	/** An evaluator across halls (mallId null): its province or kabupaten/kota code; absent or null: the nation. */
	regionScope?: string | null;
	email: string;
	name: string;
	password: string;
	role: Role;
	/** A manager's agencies (at least one, all of the mall); ignored for admins and evaluators, who see every agency. */
	agencyIds?: readonly number[];
}

/** Why an account was not created or changed, with the field to blame. */
export type UserProblem =
	| { error: 'email_taken'; field: 'email' }
	| { error: 'password_too_short' | 'password_is_email'; field: 'password' }
	/** zxcvbn's `score` (0–4) is below MIN_PASSWORD_SCORE. */
	| { error: 'password_too_weak'; field: 'password'; score: number }
	| { error: 'agency_required' | 'unknown_agency'; field: 'agencies' }
	/** An admin or manager without a hall, an operator in one, a region for anyone but an evaluator across halls. */
	| { error: 'hall_required' | 'no_hall_for_operator'; field: 'mall' }
	| { error: 'region_only_for_evaluators' | 'unknown_region'; field: 'region' };

/** Whether an account's role, hall and region fit together (the table's users_reach check, said with the field). */
function reachProblem(input: Pick<NewUser, 'mallId' | 'regionScope' | 'role'>): UserProblem | null {
	const region = input.regionScope ?? null;
	if (region !== null && (input.role !== 'evaluator' || input.mallId !== null)) return { error: 'region_only_for_evaluators', field: 'region' };
	if (region !== null && !findRegion(region)) return { error: 'unknown_region', field: 'region' };
	if (input.role === 'operator' && input.mallId !== null) return { error: 'no_hall_for_operator', field: 'mall' };
	if ((input.role === 'admin' || input.role === 'manager') && input.mallId === null) return { error: 'hall_required', field: 'mall' };
	return null;
}

/** The password policy's refusal as the accounts' problem with the password field. */
export function passwordRefusal(weak: PasswordProblem): UserProblem {
	if (weak.kind === 'too_weak') return { error: 'password_too_weak', field: 'password', score: weak.score };
	return { error: weak.kind === 'too_short' ? 'password_too_short' : 'password_is_email', field: 'password' };
}

/**
 * Create an account (the password is checked and hashed here); a problem names the field instead of throwing. With an
 * `actor`, the account is written to the audit log (never its password).
 */
export async function createUser(db: Db, input: NewUser, actor?: Actor): Promise<{ userId: number } | UserProblem> {
	const email = input.email.trim().toLowerCase();
	const weak = await passwordProblem(input.password, { email, name: input.name });
	if (weak) return passwordRefusal(weak);
	return insertUser(db, { ...input, email, passwordHash: await hashPassword(input.password) }, actor);
}

/**
 * Insert an account whose password is already hashed (the demo seed hashes its one password once). Checks what
 * the database would otherwise refuse with an exception: a taken email, a manager without agencies of the mall.
 */
export async function insertUser(
	db: Db,
	input: Omit<NewUser, 'password'> & { passwordHash: string },
	actor?: Actor
): Promise<{ userId: number } | UserProblem> {
	const email = input.email.trim().toLowerCase();
	const reach = reachProblem(input);
	if (reach) return reach;
	const agencyIds = input.role === 'manager' ? [...new Set(input.agencyIds ?? [])] : [];
	if (input.role === 'manager') {
		const problem = await agencyProblem(db, input.mallId!, agencyIds);
		if (problem) return problem;
	}
	try {
		return await db.transaction(async (tx) => {
			const [user] = await tx
				.insert(users)
				.values({ mallId: input.mallId, regionScope: input.regionScope ?? null, email, name: input.name.trim(), passwordHash: input.passwordHash, role: input.role })
				.returning({ id: users.id });
			if (agencyIds.length) {
				await tx.insert(userAgencies).values(agencyIds.map((agencyId) => ({ mallId: input.mallId!, userId: user!.id, agencyId })));
			}
			if (actor) {
				const after = { email, name: input.name.trim(), role: input.role, ...(input.role === 'manager' ? { agencyIds } : {}), ...(input.mallId === null ? { regionScope: input.regionScope ?? null } : {}) };
				await recordAudit(tx, { mallId: input.mallId, actor, action: 'user.create', entity: 'user', entityId: user!.id, after });
			}
			return { userId: user!.id };
		});
	} catch (err) {
		if (isUniqueViolation(err, 'users_email_unique')) return { error: 'email_taken', field: 'email' };
		throw err;
	}
}

/** A manager needs at least one agency, and every one must belong to the mall. */
async function agencyProblem(db: Db, mallId: number, agencyIds: readonly number[]): Promise<UserProblem | null> {
	if (agencyIds.length === 0) return { error: 'agency_required', field: 'agencies' };
	const found = await db
		.select({ id: agencies.id })
		.from(agencies)
		.where(and(eq(agencies.mallId, mallId), inArray(agencies.id, [...agencyIds])));
	return found.length === agencyIds.length ? null : { error: 'unknown_agency', field: 'agencies' };
}

/** Change a password after checking the current one; signs the user out of every session. */
export async function changePassword(db: Db, userId: number, current: string, next: string): Promise<boolean> {
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user || !(await verifyPassword(user.passwordHash, current))) return false;
	await db.update(users).set({ passwordHash: await hashPassword(next), passwordChangedAt: new Date() }).where(eq(users.id, userId));
	await invalidateUserSessions(db, userId);
	return true;
}

/** What a signed-in user may see: the whole mall, a manager's agencies, or the halls of a region or the nation. */
export async function accessOf(db: Db, user: { id: number; mallId: number | null; regionScope?: string | null; role: Role }): Promise<Access> {
	if (user.mallId === null) {
		// An operator or an evaluator across halls (the table's check keeps admins and managers in a hall).
		return { userId: user.id, role: user.role, mallId: null, ...(user.regionScope ? { region: user.regionScope } : {}), agencyIds: null };
	}
	if (user.role !== 'manager') return { userId: user.id, role: user.role, mallId: user.mallId, agencyIds: null };
	const rows = await db.select({ agencyId: userAgencies.agencyId }).from(userAgencies).where(eq(userAgencies.userId, user.id));
	return { userId: user.id, role: 'manager', mallId: user.mallId, agencyIds: rows.map((r) => r.agencyId) };
}

export interface UserListItem {
	id: number;
	email: string;
	name: string;
	role: Role;
	/** A manager's agencies by name (empty for other roles). */
	agencies: { id: number; code: string; name: string }[];
	disabled: boolean;
	locked: boolean;
}

/** A mall's users by email (or just one of them), with their agencies. */
export async function listUsers(db: Db, mallId: number, options: { userId?: number; now?: Date } = {}): Promise<UserListItem[]> {
	const now = options.now ?? new Date();
	const rows = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(and(eq(users.mallId, mallId), options.userId === undefined ? undefined : eq(users.id, options.userId)))
		.orderBy(asc(users.email));
	const locked = await lockedUserIds(db, mallId, now);
	const memberships = await db
		.select({ userId: userAgencies.userId, id: agencies.id, code: agencies.code, name: agencies.name })
		.from(userAgencies)
		.innerJoin(agencies, eq(agencies.id, userAgencies.agencyId))
		.where(eq(userAgencies.mallId, mallId))
		.orderBy(asc(agencies.name));
	return rows.map((r) => ({
		id: r.id,
		email: r.email,
		name: r.name,
		role: r.role,
		agencies: memberships.filter((a) => a.userId === r.id).map(({ userId: _, ...agency }) => agency),
		disabled: r.disabledAt !== null,
		locked: locked.has(r.id)
	}));
}

/** A user's agency ids, in id order (what an audit entry records of a manager's agencies). */
async function agencyIdsOf(db: Db, userId: number): Promise<number[]> {
	const rows = await db.select({ agencyId: userAgencies.agencyId }).from(userAgencies).where(eq(userAgencies.userId, userId)).orderBy(asc(userAgencies.agencyId));
	return rows.map((r) => r.agencyId);
}

/** Replace a manager's agencies (at least one, all of the mall). */
export async function setUserAgencies(
	db: Db,
	mallId: number,
	userId: number,
	agencyIds: readonly number[],
	actor?: Actor
): Promise<'done' | 'not_found' | 'not_manager' | UserProblem> {
	const [user] = await db
		.select({ role: users.role })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.mallId, mallId)));
	if (!user) return 'not_found';
	if (user.role !== 'manager') return 'not_manager';
	const unique = [...new Set(agencyIds)];
	const problem = await agencyProblem(db, mallId, unique);
	if (problem) return problem;
	await db.transaction(async (tx) => {
		const before = await agencyIdsOf(tx, userId);
		await tx.delete(userAgencies).where(eq(userAgencies.userId, userId));
		await tx.insert(userAgencies).values(unique.map((agencyId) => ({ mallId, userId, agencyId })));
		const after = [...unique].sort((a, b) => a - b);
		if (actor && JSON.stringify(before) !== JSON.stringify(after)) {
			await recordAudit(tx, { mallId, actor, action: 'user.agencies', entity: 'user', entityId: userId, before: { agencyIds: before }, after: { agencyIds: after } });
		}
	});
	return 'done';
}

/**
 * Whether `userId` is the mall's last active admin. Reads the active admins with a lock, so two admins stepping down
 * at once cannot leave the hall without one.
 */
async function isLastActiveAdmin(tx: Db, mallId: number, userId: number): Promise<boolean> {
	const admins = await tx
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.mallId, mallId), eq(users.role, 'admin'), isNull(users.disabledAt)))
		.for('update');
	return admins.length === 1 && admins[0]!.id === userId;
}

/**
 * Change an account's role; a manager gets `agencyIds` (at least one, all of the mall), other roles see every agency.
 * `last_admin` when it would demote the hall's last active admin.
 */
export async function setUserRole(
	db: Db,
	mallId: number,
	userId: number,
	change: { role: Role; agencyIds?: readonly number[] },
	actor: Actor
): Promise<'done' | 'not_found' | 'last_admin' | UserProblem> {
	const agencyIds = change.role === 'manager' ? [...new Set(change.agencyIds ?? [])].sort((a, b) => a - b) : [];
	if (change.role === 'manager') {
		const problem = await agencyProblem(db, mallId, agencyIds);
		if (problem) return problem;
	}
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ role: users.role })
			.from(users)
			.where(and(eq(users.id, userId), eq(users.mallId, mallId)))
			.for('update');
		if (!user) return 'not_found' as const;
		if (user.role === 'admin' && change.role !== 'admin' && (await isLastActiveAdmin(tx, mallId, userId))) return 'last_admin' as const;
		const before = { role: user.role, agencyIds: await agencyIdsOf(tx, userId) };
		await tx.update(users).set({ role: change.role }).where(eq(users.id, userId));
		await tx.delete(userAgencies).where(eq(userAgencies.userId, userId));
		if (agencyIds.length) await tx.insert(userAgencies).values(agencyIds.map((agencyId) => ({ mallId, userId, agencyId })));
		if (before.role !== change.role || JSON.stringify(before.agencyIds) !== JSON.stringify(agencyIds)) {
			await recordAudit(tx, { mallId, actor, action: 'user.role', entity: 'user', entityId: userId, before, after: { role: change.role, agencyIds } });
		}
		return 'done' as const;
	});
}

/** End every session of an account of the mall (it signs in again); the count of sessions ended is audited. */
export async function signOutUser(db: Db, mallId: number, userId: number, actor: Actor): Promise<'done' | 'not_found'> {
	return db.transaction(async (tx) => {
		const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.mallId, mallId)));
		if (!user) return 'not_found' as const;
		const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
		await recordAudit(tx, { mallId, actor, action: 'user.sign_out', entity: 'user', entityId: userId, after: { sessionsEnded: ended.length } });
		return 'done' as const;
	});
}

/**
 * Disable (or enable again) an account of the mall; a disabled account is signed out at once and cannot sign in.
 * Nobody disables their own account, and the hall's last active admin is not disabled (`last_admin`): the mall would
 * be locked out of its settings. `actor` is who does it (null: a tool, unaudited).
 */
export async function setUserDisabled(
	db: Db,
	mallId: number,
	userId: number,
	disabled: boolean,
	actor: Actor | null,
	now = new Date()
): Promise<'done' | 'not_found' | 'self' | 'last_admin'> {
	if (disabled && userId === actor?.userId) return 'self';
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ disabledAt: users.disabledAt })
			.from(users)
			.where(and(eq(users.id, userId), eq(users.mallId, mallId)))
			.for('update');
		if (!user) return 'not_found' as const;
		if (disabled && (await isLastActiveAdmin(tx, mallId, userId))) return 'last_admin' as const;
		if ((user.disabledAt !== null) === disabled) return 'done' as const;
		const disabledAt = disabled ? now : null;
		await tx.update(users).set({ disabledAt }).where(eq(users.id, userId));
		if (disabled) await invalidateUserSessions(tx, userId);
		if (actor) {
			const entry = { before: { disabledAt: user.disabledAt?.toISOString() ?? null }, after: { disabledAt: disabledAt?.toISOString() ?? null } };
			await recordAudit(tx, { mallId, actor, action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: userId, ...entry });
		}
		return 'done' as const;
	});
}
