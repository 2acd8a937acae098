/**
 * The server dies in the middle of a sync — after it stored the batch, before the tablet heard back — and comes
 * back: still exactly 25 ratings, none lost, none doubled. This test runs its own server on an on-disk PGlite,
 * so the kill is a real SIGKILL of the process that holds the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Admin, KioskPage, eventually } from './kiosk-page';

test('a server killed mid-sync and restarted: exactly 25, none lost, none doubled', async ({ browser, request }, info) => {
	test.setTimeout(180_000);
	const port = info.project.name === 'tablet-landscape' ? 4174 : 4175;
	const origin = `http://localhost:${port}`;
	const dataDir = mkdtempSync(join(tmpdir(), 'puas-e2e-restart-'));
	let server = await startServer(port, dataDir);
	try {
		const admin = new Admin(request, origin);
		await admin.setCounter('DNS-01', { surveyMode: 'quick', minIntervalSeconds: 0 });
		// No service worker here: page.route must see the kiosk's own requests.
		const context = await browser.newContext({ ...info.project.use, baseURL: origin, serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.clock.install();
		const kiosk = new KioskPage(page);
		await kiosk.pairWith(admin, 'DNS-01');
		const device = await admin.deviceAt('DNS-01');

		await context.setOffline(true);
		for (let i = 0; i < 25; i++) {
			await kiosk.choose(i % 2 ? 3 : 4);
			await expect(kiosk.thanks()).toBeVisible();
			await page.clock.fastForward(5_500);
		}

		let killedAfterCommit = false;
		await page.route('**/api/v1/responses', async (route) => {
			if (killedAfterCommit) return route.continue();
			killedAfterCommit = true;
			const answered = await route.fetch(); // the server stores the whole batch and answers …
			expect(answered.status()).toBe(200);
			await stopServer(server, 'SIGKILL'); // … but dies before the tablet hears it
			await route.abort('connectionreset');
		});
		await context.setOffline(false);
		await eventually(
			async () => killedAfterCommit && (server.exitCode !== null || server.signalCode !== null),
			(done) => expect(done).toBe(true)
		);

		server = await startServer(port, dataDir);
		// The tablet retries on its backoff timer.
		const arrived = await eventually(
			async () => {
				await page.clock.fastForward(10_000);
				return admin.deviceAt('DNS-01');
			},
			(d) => expect(d.received).toBe(25)
		);
		expect(arrived).toMatchObject({ id: device.id, highestSeq: 25, gaps: [] });
		const stored = await admin.responsesOf(device.id);
		expect(stored.map((r) => r.deviceSeq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
		expect(new Set(stored.map((r) => r.id)).size).toBe(25);
		await context.close();
	} finally {
		await stopServer(server, 'SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
});

/** The built app on its own port and data directory, with a small demo (a few days of 2024). */
async function startServer(port: number, dataDir: string): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['build/index.js'], {
		env: {
			...process.env,
			PORT: String(port),
			ORIGIN: `http://localhost:${port}`,
			DATABASE_URL: '',
			PGLITE_DIR: dataDir,
			PUAS_DEMO: '1',
			PUAS_DEMO_UNTIL: '2024-01-04T00:00:00Z',
			ADMIN_API_TOKEN: process.env.E2E_ADMIN_TOKEN,
			PUAS_LOCAL_TOKEN: '0'
		},
		stdio: 'ignore'
	});
	await eventually(
		async () => {
			if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
			return fetch(`http://localhost:${port}/`).then((r) => r.ok, () => false);
		},
		(up) => expect(up).toBe(true),
		60_000
	);
	return child;
}

async function stopServer(child: ChildProcess, signal: NodeJS.Signals) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	await exited;
}
