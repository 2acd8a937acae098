/**
 * Sessions in the database (every instance sees the same), the way Lucia's guide does them: the browser holds a
 * random token, the database only its SHA-256. Sessions last 30 days and are extended when used in their last 15.
 */
import type { Cookies } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';
import { generateToken, hashToken } from '../access/tokens';
import type { Role } from '../../domain/roles';
import { hallArchived } from '../db/archived';

export const SESSION_COOKIE = 'puas_session';
const DAY_MS = 86_400_000;
const LIFETIME_MS = 30 * DAY_MS;
const RENEW_WITHIN_MS = 15 * DAY_MS;

export interface SessionUser {
	id: number;
	/** Null for an operator and for an evaluator of a region or the nation. */
	mallId: number | null;
	/** An evaluator across halls: the province or kabupaten/kota it reads (null: the nation, or a hall's user). */
	regionScope: string | null;
	email: string;
	name: string;
	role: Role;
}

export async function createSession(db: Db, userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
	const token = generateToken();
	const expiresAt = new Date(now.getTime() + LIFETIME_MS);
	await db.insert(sessions).values({ id: hashToken(token), userId, expiresAt });
	return { token, expiresAt };
}

/** The session's user, extending the session when it is in its last 15 days; null if unknown, expired or disabled. */
export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<{ user: SessionUser; expiresAt: Date } | null> {
	const id = hashToken(token);
	const [row] = await db
		.select({
			expiresAt: sessions.expiresAt,
			user: { id: users.id, mallId: users.mallId, regionScope: users.regionScope, email: users.email, name: users.name, role: users.role },
			disabledAt: users.disabledAt,
			hallArchived: hallArchived(users.mallId)
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id));
	if (!row || row.disabledAt || row.hallArchived) return null;
	let expiresAt = row.expiresAt;
	if (expiresAt <= now) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	if (expiresAt.getTime() - now.getTime() < RENEW_WITHIN_MS) {
		expiresAt = new Date(now.getTime() + LIFETIME_MS);
		await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
	}
	return { user: row.user, expiresAt };
}

export async function invalidateSession(db: Db, token: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

/** Sign a user out everywhere (after a password change, or when disabled). */
export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
