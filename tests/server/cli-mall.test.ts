/**
 * From an empty PostgreSQL to a hall through the shell: the server prints a setup link at start, `npm run
 * mall:create` creates the hall and its first admin through the running server, the admin signs in, and the link
 * then answers 410.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, startServer, type RunningServer } from './harness';

const run = promisify(execFile);

describe.skipIf(!hasPostgres)('npm run mall:create', () => {
	let server: RunningServer;
	let folder: string;
	beforeAll(async () => {
		folder = mkdtempSync(join(tmpdir(), 'puas-cli-mall-'));
		server = await startServer({ env: { PUAS_TOKEN_FILE: join(folder, 'admin-token') } });
	});
	afterAll(async () => {
		await server?.stop();
		rmSync(folder, { recursive: true, force: true });
	});

	const cli = (...args: string[]) =>
		run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'mall-create', ...args], {
			env: { ...process.env, ADMIN_API_TOKEN: server.adminToken, PUAS_URL: server.url },
			encoding: 'utf8'
		});
	const kupang = ['--slug', 'mpp-kota-kupang', '--name', 'Mal Pelayanan Publik Kota Kupang', '--time-zone', 'Asia/Makassar', '--region', '53.71'];

	it('creates the hall and its admin, prints the password once, and the setup link dies', async () => {
		const link = /no hall yet: set one up at (\S+)/.exec(server.output())?.[1];
		expect(link).toMatch(/\/setup\?token=[\w-]{43}$/);
		expect((await fetch(link!)).status).toBe(200);

		const created = await cli(...kupang, '--admin-email', 'admin@mpp.kupangkota.go.id', '--admin-name', 'Admin MPP');
		expect(created.stdout).toContain('hall mpp-kota-kupang (Mal Pelayanan Publik Kota Kupang, Kota Kupang, Asia/Makassar) created; admin admin@mpp.kupangkota.go.id');
		const password = /admin password \(shown only now, pass it on safely\): (\S+)/.exec(created.stdout)?.[1];
		expect(password).toMatch(/^\S{16,}$/);

		const signedIn = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: new URLSearchParams({ email: 'admin@mpp.kupangkota.go.id', password: password! }),
			redirect: 'manual'
		});
		expect(signedIn.status).toBe(303);
		expect(signedIn.headers.get('location')).toBe('/app');
		expect((await fetch(link!)).status).toBe(410);
	});

	it('names the field of each refusal and exits non-zero', async () => {
		await expect(cli(...kupang, '--admin-email', 'lain@example.id')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('409: slug') });
		await expect(cli('--slug', 'mpp-sikka', '--name', 'MPP Sikka', '--time-zone', 'Asia/Tokyo', '--region', '53.07', '--admin-email', 'a@b.id')).rejects.toMatchObject({
			code: 1,
			stderr: expect.stringContaining('timeZone')
		});
		await expect(cli('--slug', 'mpp-sikka', '--name', 'MPP Sikka', '--time-zone', 'Asia/Makassar', '--region', '53.99', '--admin-email', 'a@b.id')).rejects.toMatchObject({
			code: 1,
			stderr: expect.stringContaining('region')
		});
		await expect(cli('--slug', 'mpp-sikka', '--name', 'MPP Sikka', '--time-zone', 'Asia/Makassar', '--region', '53.07', '--admin-email', 'bukan-email')).rejects.toMatchObject({
			code: 1,
			stderr: expect.stringContaining('admin.email')
		});
		await expect(cli('--slug', 'mpp-sikka')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('usage: npm run mall:create') });
	});
});
