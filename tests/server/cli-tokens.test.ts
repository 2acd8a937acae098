/**
 * The token commands of the CLI against the running server: create (printed once), list with last use, revoke for
 * good — as an operator runs them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, startServer, type RunningServer } from './harness';

const run = promisify(execFile);

describe.skipIf(!hasPostgres)('npm run token:*', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server?.stop();
	});

	const cli = (...args: string[]) =>
		run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
			env: { ...process.env, ADMIN_API_TOKEN: server.adminToken, PUAS_URL: server.url },
			encoding: 'utf8'
		});

	it('creates a token, lists it with its last use, and revokes it', async () => {
		const created = await cli('token-create', '--label', 'Sistem antrean CLI');
		const token = /token \(shown only now, store it safely\): (\S+)/.exec(created.stdout)?.[1];
		const id = /^token (\d+) \(Sistem antrean CLI\) created/m.exec(created.stdout)?.[1];
		expect(token).toMatch(/^[\w-]{43}$/);
		expect(id).toBeDefined();
		expect((await fetch(`${server.url}/api/v1/admin/devices`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

		const listed = await cli('token-list');
		expect(listed.stdout).toContain('Sistem antrean CLI');
		expect(listed.stdout).toContain('ADMIN_API_TOKEN');
		expect(listed.stdout).not.toContain(token);

		const revoked = await cli('token-revoke', '--id', id!);
		expect(revoked.stdout).toContain(`token ${id} revoked`);
		expect((await fetch(`${server.url}/api/v1/admin/devices`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
	});

	it('says what is wrong with an unknown id, and exits non-zero', async () => {
		await expect(cli('token-revoke', '--id', '2000000000')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('404') });
		await expect(cli('token-create')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('usage: npm run token:create') });
	});
});
