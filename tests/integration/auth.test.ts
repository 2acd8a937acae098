/**
 * Accounts: argon2id hashes, sessions stored only as hashes, sliding expiry, signing in against guessing (failures
 * only, per address and per account and address, atomic under races, one answer and one cost for every refusal),
 * logout and password change ending sessions, and what each role may reach.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { sessions, users } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { createSession, invalidateSession, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { accessOf, changePassword, createUser, setUserDisabled } from '../../src/lib/server/auth/users';
import { LOGIN_WINDOW_SECONDS, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, lockedUserIds, signIn } from '../../src/lib/server/auth/sign-in';
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

const login = (email: string, password: string, address = '10.0.0.1', now?: Date) => signIn(handle.db, { email, password, address }, now);

describe('passwords and sign-in', () => {
	it('stores an argon2id hash, never the password, and matches the email case-insensitively', async () => {
		const [row] = await handle.db.select().from(users).where(eq(users.id, managerId));
		expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(row!.passwordHash).not.toContain(PASSWORD);
		expect(row!.email).toBe('manajer@example.go.id');
		expect(await login(' MANAJER@example.go.id ', PASSWORD)).toEqual({ userId: managerId });
	});

	it('answers an unknown email, a wrong password, a locked and a disabled account the same way', async () => {
		expect(await login('nobody@example.go.id', PASSWORD)).toEqual({ error: 'invalid' });
		expect(await login('manajer@example.go.id', 'wrong-password')).toEqual({ error: 'invalid' });
		expect(await login('manajer@example.go.id', PASSWORD)).toEqual({ userId: managerId });
	});

	it(`locks an account from one address after ${MAX_FAILURES_PER_ACCOUNT} wrong passwords, for that address only, until the window ends`, async () => {
		const t0 = new Date('2026-03-02T01:00:00Z');
		for (let i = 1; i <= MAX_FAILURES_PER_ACCOUNT; i++) expect(await login('manajer@example.go.id', `wrong-${i}`, '10.0.0.2', t0)).toEqual({ error: 'invalid' });
		expect(await lockedUserIds(handle.db, org.mall.id, t0)).toEqual(new Set([managerId]));
		// The right password from the attacker's address is refused with the same answer …
		expect(await login('manajer@example.go.id', PASSWORD, '10.0.0.2', t0)).toEqual({ error: 'invalid' });
		// … while the manager at their own desk signs in: nobody can keep an account locked from elsewhere.
		expect(await login('manajer@example.go.id', PASSWORD, '10.0.0.3', t0)).toEqual({ userId: managerId });
		expect(await login('manajer@example.go.id', PASSWORD, '10.0.0.2', new Date(t0.getTime() + LOGIN_WINDOW_SECONDS * 1000))).toEqual({ userId: managerId });
	});

	it('counts only failures per address: a hall of staff behind one NAT signs in at opening time', async () => {
		const t0 = new Date('2026-03-03T00:00:00Z');
		for (let i = 0; i < MAX_FAILURES_PER_ADDRESS * 2; i++) expect(await login('manajer@example.go.id', PASSWORD, '10.0.1.1', t0)).toEqual({ userId: managerId });
		// Failures over many accounts from one address reach the address limit.
		for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) expect(await login(`guess-${i}@example.go.id`, 'wrong-password', '10.0.1.1', t0)).toEqual({ error: 'invalid' });
		expect(await login('manajer@example.go.id', PASSWORD, '10.0.1.1', t0)).toMatchObject({ error: 'rate_limited' });
		expect(await login('manajer@example.go.id', PASSWORD, '10.0.1.2', t0)).toEqual({ userId: managerId });
	});

	it('holds the limits under a race: of 40 parallel failures from one address, exactly 20 are checked', async () => {
		const t0 = new Date('2026-03-04T00:00:00Z');
		const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`race-${i}@example.go.id`, 'wrong-password', '10.0.2.1', t0)));
		// Counted and judged in one statement each: a "check, then count" would have let all 40 through to the check.
		expect(results.filter((r) => 'error' in r && r.error === 'invalid')).toHaveLength(MAX_FAILURES_PER_ADDRESS);
		expect(results.filter((r) => 'error' in r && r.error === 'rate_limited')).toHaveLength(40 - MAX_FAILURES_PER_ADDRESS);
		const [row] = rowsOf<{ hits: number }>(await handle.db.execute(sql`select hits from rate_limits where key = ${'login-fail-address:10.0.2.1'}`));
		expect(row!.hits).toBe(40);
		expect(await login('manajer@example.go.id', PASSWORD, '10.0.2.1', t0)).toMatchObject({ error: 'rate_limited' });
	});

	it('takes as long for an unknown, locked or disabled account as for a wrong password (one argon2 check each)', async () => {
		const disabled = await createUser(handle.db, { mallId: org.mall.id, email: 'nonaktif@example.go.id', name: 'Nonaktif', password: PASSWORD, role: 'evaluator' });
		if (!('userId' in disabled)) throw new Error(JSON.stringify(disabled));
		await setUserDisabled(handle.db, org.mall.id, disabled.userId, true, null);
		const t0 = new Date('2026-03-05T00:00:00Z');
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await login('manajer@example.go.id', 'wrong', '10.0.3.1', t0);
		const timed = async (email: string, password: string, address: string) => {
			const samples: number[] = [];
			for (let i = 0; i < 5; i++) {
				const started = performance.now();
				expect(await login(email, password, address, t0)).toEqual({ error: 'invalid' });
				samples.push(performance.now() - started);
			}
			return samples.sort((a, b) => a - b)[2]!;
		};
		const wrong = await timed('manajer@example.go.id', 'wrong-password', '10.0.3.2');
		// Ratios against the wrong-password case in the same run: an answer without the argon2 check is ~50 × faster.
		for (const [email, password, address] of [
			['nobody@example.go.id', PASSWORD, '10.0.3.3'],
			['manajer@example.go.id', PASSWORD, '10.0.3.1'],
			['nonaktif@example.go.id', PASSWORD, '10.0.3.4']
		] as const) {
			expect((await timed(email, password, address)) / wrong).toBeGreaterThan(0.5);
		}
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
		expect((await validateSessionToken(handle.db, b.token))?.user.id).toBe(managerId);
		expect(await changePassword(handle.db, managerId, 'not-the-password', 'new-password-123')).toBe(false);
		expect((await validateSessionToken(handle.db, b.token))?.user.id).toBe(managerId);
		expect(await changePassword(handle.db, managerId, PASSWORD, 'new-password-123')).toBe(true);
		expect(await validateSessionToken(handle.db, b.token)).toBeNull();
		expect(await handle.db.select().from(sessions).where(eq(sessions.userId, managerId))).toEqual([]);
		expect(await login('manajer@example.go.id', 'new-password-123', '10.0.9.9')).toEqual({ userId: managerId });
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
