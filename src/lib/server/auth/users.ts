/**
 * Accounts: creating them, changing the password, what an account may see, and an admin's changes to the mall's
 * accounts (agencies, disabling). Signing in is ./sign-in.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Access, Role } from '../../domain/roles';
import type { Db } from '../db/client';
import { agencies, userAgencies, users } from '../db/schema';
import { isUniqueViolation } from '../organization/settings';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { invalidateUserSessions } from './sessions';
import { lockedUserIds } from './sign-in';

export interface NewUser {
	mallId: number;
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
	| { error: 'agency_required' | 'unknown_agency'; field: 'agencies' };

/** Create an account (the password is checked and hashed here); a problem names the field instead of throwing. */
export async function createUser(db: Db, input: NewUser): Promise<{ userId: number } | UserProblem> {
	const email = input.email.trim().toLowerCase();
	const weak = await passwordProblem(input.password, { email, name: input.name });
	if (weak?.kind === 'too_weak') return { error: 'password_too_weak', field: 'password', score: weak.score };
	if (weak) return { error: weak.kind === 'too_short' ? 'password_too_short' : 'password_is_email', field: 'password' };
	return insertUser(db, { ...input, email, passwordHash: await hashPassword(input.password) });
}

/**
 * Insert an account whose password is already hashed (the demo seed hashes its one password once). Checks what
 * the database would otherwise refuse with an exception: a taken email, a manager without agencies of the mall.
 */
export async function insertUser(
	db: Db,
	input: Omit<NewUser, 'password'> & { passwordHash: string }
): Promise<{ userId: number } | UserProblem> {
	const email = input.email.trim().toLowerCase();
	const agencyIds = input.role === 'manager' ? [...new Set(input.agencyIds ?? [])] : [];
	if (input.role === 'manager') {
		const problem = await agencyProblem(db, input.mallId, agencyIds);
		if (problem) return problem;
	}
	try {
		return await db.transaction(async (tx) => {
			const [user] = await tx
				.insert(users)
				.values({ mallId: input.mallId, email, name: input.name.trim(), passwordHash: input.passwordHash, role: input.role })
				.returning({ id: users.id });
			if (agencyIds.length) {
				await tx.insert(userAgencies).values(agencyIds.map((agencyId) => ({ mallId: input.mallId, userId: user!.id, agencyId })));
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

/** What a signed-in user may see: the whole mall, or a manager's agencies. */
export async function accessOf(db: Db, user: { id: number; mallId: number; role: Role }): Promise<Access> {
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

/** Replace a manager's agencies (at least one, all of the mall). */
export async function setUserAgencies(
	db: Db,
	mallId: number,
	userId: number,
	agencyIds: readonly number[]
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
		await tx.delete(userAgencies).where(eq(userAgencies.userId, userId));
		await tx.insert(userAgencies).values(unique.map((agencyId) => ({ mallId, userId, agencyId })));
	});
	return 'done';
}

/**
 * Disable (or enable again) an account of the mall; a disabled account is signed out at once. Nobody disables
 * their own account: the last admin could lock the mall out of its settings.
 */
export async function setUserDisabled(
	db: Db,
	mallId: number,
	userId: number,
	disabled: boolean,
	actingUserId: number | null
): Promise<'done' | 'not_found' | 'self'> {
	if (disabled && userId === actingUserId) return 'self';
	const updated = await db
		.update(users)
		.set({ disabledAt: disabled ? new Date() : null })
		.where(and(eq(users.id, userId), eq(users.mallId, mallId)))
		.returning({ id: users.id });
	if (updated.length === 0) return 'not_found';
	if (disabled) await invalidateUserSessions(db, userId);
	return 'done';
}
