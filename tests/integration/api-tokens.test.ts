/**
 * API tokens: a minimum length for configured ones, a list with last use, revocation for good, and a changed
 * configured token (environment, token file) replacing the one before it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	configuredTokenProblem,
	createApiToken,
	listApiTokens,
	MIN_API_TOKEN_LENGTH,
	registerConfiguredToken,
	retireConfiguredToken,
	revokeApiToken,
	verifyApiToken
} from '../../src/lib/server/access/api-tokens';
import { ensureLocalAdminToken, localTokenLabel } from '../../src/lib/server/access/local-token';
import { apiTokens } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let other: Organization;
let dir: string;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'token-mall');
	other = await createOrganization(handle.db, 'token-other');
	dir = mkdtempSync(join(tmpdir(), 'puas-tokens-'));
});
afterAll(async () => {
	await handle?.close();
	rmSync(dir, { recursive: true, force: true });
});

const strong = (c: string) => c.repeat(MIN_API_TOKEN_LENGTH);

describe('configured tokens', () => {
	it.each([
		['x', /at least 32 characters \(it has 1\)/],
		['short-but-not-enough-0123456789', /at least 32/],
		[`${'a'.repeat(20)} ${'b'.repeat(20)}`, /spaces/]
	])('refuses %j', (token, problem) => {
		expect(configuredTokenProblem(token)).toMatch(problem);
	});

	it('accepts a generated one', () => {
		expect(configuredTokenProblem('0123456789abcdefghijklmnopqrstuvwxyzABCDEFG')).toBeNull();
	});

	it('replaces the token configured before: the old value stops working, a revoked one stays revoked', async () => {
		await registerConfiguredToken(handle.db, strong('a'), 'ADMIN_API_TOKEN');
		expect(await verifyApiToken(handle.db, strong('a'))).toMatchObject({ label: 'ADMIN_API_TOKEN', mallId: null });
		await registerConfiguredToken(handle.db, strong('b'), 'ADMIN_API_TOKEN');
		expect(await verifyApiToken(handle.db, strong('a'))).toBeNull();
		expect(await verifyApiToken(handle.db, strong('b'))).toMatchObject({ label: 'ADMIN_API_TOKEN', mallId: null });
		// Restarting with the old value does not bring it back.
		await registerConfiguredToken(handle.db, strong('a'), 'ADMIN_API_TOKEN');
		expect(await verifyApiToken(handle.db, strong('a'))).toBeNull();
	});

	it('revokes a configured token whose setting was removed', async () => {
		await registerConfiguredToken(handle.db, strong('e'), 'TEST_TOKEN');
		expect(await verifyApiToken(handle.db, strong('e'))).toMatchObject({ label: 'TEST_TOKEN', mallId: null });
		await retireConfiguredToken(handle.db, 'TEST_TOKEN');
		expect(await verifyApiToken(handle.db, strong('e'))).toBeNull();
	});

	it('does the same for the local token file when it is written anew', async () => {
		const file = join(dir, 'admin-token');
		writeFileSync(file, strong('c'));
		await ensureLocalAdminToken(handle.db, file);
		expect(await verifyApiToken(handle.db, strong('c'))).toMatchObject({ label: localTokenLabel(file), mallId: null });
		writeFileSync(file, strong('d'));
		await ensureLocalAdminToken(handle.db, file);
		expect(await verifyApiToken(handle.db, strong('c'))).toBeNull();
		expect(await verifyApiToken(handle.db, strong('d'))).toMatchObject({ label: localTokenLabel(file), mallId: null });
		writeFileSync(file, 'tiny');
		await expect(ensureLocalAdminToken(handle.db, file)).rejects.toThrow(/at least 32 characters/);
	});
});

describe('created tokens', () => {
	it('are listed with their last use, recorded at most once a minute', async () => {
		const created = await createApiToken(handle.db, { label: 'Sistem antrean', mallId: org.mall.id });
		const t0 = new Date('2026-11-27T10:00:00Z');
		expect(await verifyApiToken(handle.db, created.token, t0)).toMatchObject({ id: created.id, mallId: org.mall.id });
		await verifyApiToken(handle.db, created.token, new Date(t0.getTime() + 30_000));
		let [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
		expect(row!.lastUsedAt).toEqual(t0);
		await verifyApiToken(handle.db, created.token, new Date(t0.getTime() + 90_000));
		[row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
		expect(row!.lastUsedAt).toEqual(new Date(t0.getTime() + 90_000));
		const listed = await listApiTokens(handle.db, org.mall.id);
		expect(listed.find((t) => t.id === created.id)).toMatchObject({ label: 'Sistem antrean', mall: 'token-mall', revokedAt: null });
		// Another mall's tokens are not in this mall's list; the installation's are.
		const foreign = await createApiToken(handle.db, { label: 'Other hall', mallId: other.mall.id });
		expect(listed.map((t) => t.id)).not.toContain(foreign.id);
		expect(listed.some((t) => t.mall === null)).toBe(true);
	});

	it('are revoked for good, and only by whom they belong to', async () => {
		const mine = await createApiToken(handle.db, { label: 'Skrip laporan', mallId: org.mall.id });
		const foreign = await createApiToken(handle.db, { label: 'Other hall', mallId: other.mall.id });
		const installation = await createApiToken(handle.db, { label: 'Operator', mallId: null });
		expect(await revokeApiToken(handle.db, foreign.id, org.mall.id)).toBe('not_found');
		expect(await revokeApiToken(handle.db, installation.id, org.mall.id)).toBe('forbidden');
		expect(await revokeApiToken(handle.db, 2_000_000_000, org.mall.id)).toBe('not_found');
		expect(await revokeApiToken(handle.db, mine.id, org.mall.id)).toBe('revoked');
		expect(await revokeApiToken(handle.db, mine.id, org.mall.id)).toBe('already_revoked');
		expect(await verifyApiToken(handle.db, mine.token)).toBeNull();
		expect(await verifyApiToken(handle.db, foreign.token)).toEqual({ id: foreign.id, mallId: other.mall.id, regionScope: null, label: 'Other hall', kind: 'admin' });
		// The installation-wide caller (the CLI's token) revokes any.
		expect(await revokeApiToken(handle.db, installation.id, null)).toBe('revoked');
		expect(await verifyApiToken(handle.db, installation.token)).toBeNull();
	});

	it('of kind integration always serve one hall, and say their kind when verified', async () => {
		const queue = await createApiToken(handle.db, { label: 'Antrean', mallId: org.mall.id, kind: 'integration' });
		expect(await verifyApiToken(handle.db, queue.token)).toEqual({ id: queue.id, mallId: org.mall.id, regionScope: null, label: 'Antrean', kind: 'integration' });
		expect((await listApiTokens(handle.db, org.mall.id)).find((t) => t.id === queue.id)).toMatchObject({ kind: 'integration', mall: org.mall.slug });
		await expect(createApiToken(handle.db, { label: 'Antrean semua', mallId: null, kind: 'integration' })).rejects.toThrow(/needs a hall/);
	});
});
