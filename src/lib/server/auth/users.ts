/**
 * Accounts: creating them, signing in (with a temporary lockout after repeated wrong passwords), changing the
 * password, and what an account may see.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Access, Role } from '../../domain/roles';
import type { Db } from '../db/client';
import { agencies, userAgencies, users } from '../db/schema';
import { hashPassword, verifyPassword } from './passwords';
import { invalidateUserSessions } from './sessions';

/** Wrong passwords in a row before the account locks, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface NewUser {
	mallId: number;
	email: string;
	name: string;
	password: string;
	role: Role;
	agencyIds?: readonly number[];
}

export async function createUser(db: Db, input: NewUser): Promise<number> {
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		const [user] = await tx
			.insert(users)
			.values({ mallId: input.mallId, email: input.email.trim().toLowerCase(), name: input.name.trim(), passwordHash, role: input.role })
			.returning({ id: users.id });
		if (input.role === 'manager' && input.agencyIds?.length) {
			await tx.insert(userAgencies).values(input.agencyIds.map((agencyId) => ({ mallId: input.mallId, userId: user!.id, agencyId })));
		}
		return user!.id;
	});
}

export type LoginResult = { userId: number } | { error: 'invalid' | 'locked' | 'disabled'; lockedUntil?: Date };

let dummyHash: Promise<string> | undefined;

/** Check a password; five wrong ones in a row lock the account for 15 minutes (the same answer for unknown emails). */
export async function checkLogin(db: Db, email: string, password: string, now = new Date()): Promise<LoginResult> {
	const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
	if (!user) {
		dummyHash ??= hashPassword('not-a-real-account-password');
		await verifyPassword(await dummyHash, password); // as long as a real check: no telling which emails exist
		return { error: 'invalid' };
	}
	if (user.disabledAt) return { error: 'disabled' };
	if (user.lockedUntil && user.lockedUntil > now) return { error: 'locked', lockedUntil: user.lockedUntil };
	if (!(await verifyPassword(user.passwordHash, password))) {
		const failed = user.failedLogins + 1;
		const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS) : null;
		await db
			.update(users)
			.set({ failedLogins: lockedUntil ? 0 : failed, lockedUntil })
			.where(eq(users.id, user.id));
		return lockedUntil ? { error: 'locked', lockedUntil } : { error: 'invalid' };
	}
	if (user.failedLogins > 0 || user.lockedUntil) await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
	return { userId: user.id };
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
	agencies: string[];
	disabled: boolean;
	locked: boolean;
}

/** A mall's users with their agencies' names. */
export async function listUsers(db: Db, mallId: number, now = new Date()): Promise<UserListItem[]> {
	const rows = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			disabledAt: users.disabledAt,
			lockedUntil: users.lockedUntil,
			agencies: sql<string[]>`coalesce((select array_agg(a.name order by a.name) from ${userAgencies} ua join ${agencies} a on a.id = ua.agency_id where ua.user_id = ${users.id}), '{}')`
		})
		.from(users)
		.where(eq(users.mallId, mallId))
		.orderBy(asc(users.email));
	return rows.map((r) => ({
		id: r.id,
		email: r.email,
		name: r.name,
		role: r.role,
		agencies: r.agencies,
		disabled: r.disabledAt !== null,
		locked: r.lockedUntil !== null && r.lockedUntil > now
	}));
}

/** Disable (or enable again) an account of the mall; a disabled account is signed out at once. */
export async function setUserDisabled(db: Db, mallId: number, userId: number, disabled: boolean): Promise<boolean> {
	const updated = await db
		.update(users)
		.set({ disabledAt: disabled ? new Date() : null })
		.where(and(eq(users.id, userId), eq(users.mallId, mallId)))
		.returning({ id: users.id });
	if (disabled && updated.length) await invalidateUserSessions(db, userId);
	return updated.length === 1;
}
