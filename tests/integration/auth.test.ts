/**
 * Accounts: argon2id hashes, sessions stored only as hashes, sliding expiry, the temporary lockout after five wrong
 * passwords, logout and password change ending sessions, and what each role may reach.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { sessions, users } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { createSession, invalidateSession, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { accessOf, changePassword, checkLogin, createUser, LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../src/lib/server/auth/users';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

const PASSWORD = 'kata-sandi-uji-1';
let handle: TestDb;
let org: Organization;
let managerId: number;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'auth-mall');
	const created = await createUser(handle.db, { mallId: org.mall.id, email: 'Manajer@Example.go.id', name: 'Manajer A', password: PASSWORD, role: 'manager', agencyIds: [org.a.agency.id] });
	if (!('userId' in created)) throw new Error(JSON.stringify(created));
	managerId = created.userId;
});
afterAll(async () => {
	await handle?.close();
});

describe('passwords and sign-in', () => {
	it('stores an argon2id hash, never the password, and matches the email case-insensitively', async () => {
		const [row] = await handle.db.select().from(users).where(eq(users.id, managerId));
		expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(row!.passwordHash).not.toContain(PASSWORD);
		expect(row!.email).toBe('manajer@example.go.id');
		expect(await checkLogin(handle.db, ' MANAJER@example.go.id ', PASSWORD)).toEqual({ userId: managerId });
	});

	it('answers an unknown email exactly like a wrong password', async () => {
		expect(await checkLogin(handle.db, 'nobody@example.go.id', PASSWORD)).toEqual({ error: 'invalid' });
		expect(await checkLogin(handle.db, 'manajer@example.go.id', 'wrong-password')).toEqual({ error: 'invalid' });
		expect(await checkLogin(handle.db, 'manajer@example.go.id', PASSWORD)).toEqual({ userId: managerId }); // resets the count
	});

	it(`locks the account for 15 minutes after ${MAX_FAILED_LOGINS} wrong passwords, even for the right one`, async () => {
		const t0 = new Date('2026-03-02T01:00:00Z');
		for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect(await checkLogin(handle.db, 'manajer@example.go.id', `wrong-${i}`, t0)).toEqual({ error: 'invalid' });
		const locked = await checkLogin(handle.db, 'manajer@example.go.id', 'wrong-last', t0);
		expect(locked).toEqual({ error: 'locked', lockedUntil: new Date(t0.getTime() + LOCKOUT_MS) });
		expect(await checkLogin(handle.db, 'manajer@example.go.id', PASSWORD, new Date(t0.getTime() + LOCKOUT_MS - 1000))).toMatchObject({ error: 'locked' });
		expect(await checkLogin(handle.db, 'manajer@example.go.id', PASSWORD, new Date(t0.getTime() + LOCKOUT_MS + 1000))).toEqual({ userId: managerId });
	});
});

describe('sessions', () => {
	it('keeps only the SHA-256 of the token, and finds the user by the token', async () => {
		const { token } = await createSession(handle.db, managerId);
		const stored = rowsOf<{ id: string }>(await handle.db.execute(sql`select id from sessions where user_id = ${managerId}`)).map((r) => r.id);
		expect(stored).not.toContain(token);
		expect(stored.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
		expect((await validateSessionToken(handle.db, token))?.user).toMatchObject({ id: managerId, role: 'manager', mallId: org.mall.id });
		expect(await validateSessionToken(handle.db, token + 'x')).toBeNull();
	});

	it('extends a session used in its last 15 days, and ends one past its expiry', async () => {
		const t0 = new Date('2026-03-01T00:00:00Z');
		const { token, expiresAt } = await createSession(handle.db, managerId, t0);
		const day = 86_400_000;
		expect((await validateSessionToken(handle.db, token, new Date(t0.getTime() + 10 * day)))?.expiresAt).toEqual(expiresAt);
		const renewed = await validateSessionToken(handle.db, token, new Date(t0.getTime() + 20 * day));
		expect(renewed?.expiresAt).toEqual(new Date(t0.getTime() + 50 * day));
		expect(await validateSessionToken(handle.db, token, new Date(t0.getTime() + 51 * day))).toBeNull();
		expect(await validateSessionToken(handle.db, token, new Date(t0.getTime() + 20 * day))).toBeNull(); // deleted, not only expired
	});

	it('ends on logout, and every session ends when the password changes', async () => {
		const a = await createSession(handle.db, managerId);
		const b = await createSession(handle.db, managerId);
		await invalidateSession(handle.db, a.token);
		expect(await validateSessionToken(handle.db, a.token)).toBeNull();
		expect(await validateSessionToken(handle.db, b.token)).not.toBeNull();
		expect(await changePassword(handle.db, managerId, 'not-the-password', 'new-password-123')).toBe(false);
		expect(await validateSessionToken(handle.db, b.token)).not.toBeNull();
		expect(await changePassword(handle.db, managerId, PASSWORD, 'new-password-123')).toBe(true);
		expect(await validateSessionToken(handle.db, b.token)).toBeNull();
		expect(await handle.db.select().from(sessions).where(eq(sessions.userId, managerId))).toEqual([]);
		expect(await checkLogin(handle.db, 'manajer@example.go.id', 'new-password-123')).toEqual({ userId: managerId });
	});
});

describe('access', () => {
	it('limits a manager to their agencies and gives admins and evaluators the whole mall', async () => {
		expect(await accessOf(handle.db, { id: managerId, mallId: org.mall.id, role: 'manager' })).toEqual({
			userId: managerId,
			role: 'manager',
			mallId: org.mall.id,
			agencyIds: [org.a.agency.id]
		});
		expect(await accessOf(handle.db, { id: 99, mallId: org.mall.id, role: 'evaluator' })).toEqual({ userId: 99, role: 'evaluator', mallId: org.mall.id, agencyIds: null });
	});
});
