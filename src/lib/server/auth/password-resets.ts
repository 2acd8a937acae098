/**
 * Password reset links: an admin creates one for an account of the hall and hands it to its owner (it is shown once;
 * the database keeps only the token's SHA-256). The link is valid 24 hours and once: the owner sets a new password
 * under the same policy as every other (passwordProblem), every session of the account ends, and the link is dead.
 * A new link replaces the one before. Neither the token nor the password ever reaches the audit log.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit/audit';
import type { Db } from '../db/client';
import { passwordResets, users } from '../db/schema';
import { generateToken, hashToken } from '../access/tokens';
import { hashPassword, passwordProblem } from './passwords';
import { invalidateUserSessions } from './sessions';
import { passwordRefusal, type UserProblem } from './users';

export const RESET_LINK_TTL_MS = 24 * 3600_000;

/**
 * A reset link for an account of the mall: the token (returned once, to be shown as a link) and when it expires.
 * `disabled` for a deactivated account (it could not sign in with the new password), `not_found` for none of the mall.
 */
export async function createPasswordReset(
	db: Db,
	mallId: number,
	userId: number,
	actor: Actor,
	now = new Date()
): Promise<{ token: string; expiresAt: Date; email: string } | { error: 'not_found' | 'disabled' }> {
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ email: users.email, disabledAt: users.disabledAt })
			.from(users)
			.where(and(eq(users.id, userId), eq(users.mallId, mallId)))
			.for('update');
		if (!user) return { error: 'not_found' as const };
		if (user.disabledAt) return { error: 'disabled' as const };
		// The link before stops working: only the newest one handed out is valid.
		await tx
			.update(passwordResets)
			.set({ expiresAt: now })
			.where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
		const token = generateToken();
		const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_MS);
		await tx.insert(passwordResets).values({ userId, tokenHash: hashToken(token), createdBy: actor.userId, createdAt: now, expiresAt });
		await recordAudit(tx, { mallId, actor, action: 'user.reset_link', entity: 'user', entityId: userId, after: { expiresAt: expiresAt.toISOString() } });
		return { token, expiresAt, email: user.email };
	});
}

interface LiveLink {
	id: number;
	userId: number;
	mallId: number | null;
	email: string;
	name: string;
}

/** The link's account while the link is live: unused, not expired, the account not disabled; else null. */
async function liveLink(db: Db, token: string, now: Date, lock = false): Promise<LiveLink | null> {
	if (!token) return null;
	const query = db
		.select({ id: passwordResets.id, userId: users.id, mallId: users.mallId, email: users.email, name: users.name })
		.from(passwordResets)
		.innerJoin(users, eq(users.id, passwordResets.userId))
		.where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now), isNull(users.disabledAt)));
	const [row] = await (lock ? query.for('update', { of: passwordResets }) : query);
	return row ?? null;
}

/** Whom a live reset link is for (the page names the account); null when the link is unknown, used or expired. */
export async function findPasswordReset(db: Db, token: string, now = new Date()): Promise<{ email: string } | null> {
	const link = await liveLink(db, token, now);
	return link && { email: link.email };
}

/**
 * Set a new password with a reset link: the password is checked against the policy first (a refusal names it, and
 * the link stays live), then, in one transaction, it is stored, the link is spent and every session of the account
 * ends. `gone` when the link is unknown, used, expired, or its account disabled.
 */
export async function resetPassword(db: Db, token: string, password: string, now = new Date()): Promise<{ userId: number } | { error: 'gone' } | UserProblem> {
	const link = await liveLink(db, token, now);
	if (!link) return { error: 'gone' };
	const weak = await passwordProblem(password, { email: link.email, name: link.name });
	if (weak) return passwordRefusal(weak);
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		// Checked again under a lock: two tabs sending the same link set one password, the other finds it spent.
		const locked = await liveLink(tx, token, now, true);
		if (!locked) return { error: 'gone' as const };
		await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, locked.userId));
		await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, locked.id));
		await invalidateUserSessions(tx, locked.userId);
		await recordAudit(tx, {
			mallId: locked.mallId,
			actor: { userId: locked.userId, label: locked.email },
			action: 'user.password_reset',
			entity: 'user',
			entityId: locked.userId,
			after: { passwordChangedAt: now.toISOString() }
		});
		return { userId: locked.userId };
	});
}
