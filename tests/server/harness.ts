/**
 * The built app as a real server process (`node scripts/start.js`, as `npm start` runs it) on a fresh PostgreSQL
 * database of its own, for tests that need the whole stack: real sockets, real bodies, the real process's memory.
 * Needs TEST_DATABASE_URL (the suite skips without it); the global setup builds the app first if it is stale.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { openTestDb, type TestDb } from '../../src/lib/server/db/test-db';

export const hasPostgres = !!process.env.TEST_DATABASE_URL;

export interface RunningServer {
	url: string;
	process: ChildProcess;
	/** The test's own connection to the server's database (to prepare data and read what arrived). */
	database: TestDb;
	adminToken: string;
	/** What the server printed so far. */
	output(): string;
	/** The server process's resident memory now and its peak so far, in MiB (Linux /proc). */
	memory(): { rssMiB: number; peakMiB: number };
	stop(): Promise<void>;
}

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
	return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

export interface ServerOptions {
	/** Extra environment for the server (e.g. ADDRESS_HEADER). */
	env?: Record<string, string>;
	/** Where the server reaches the database, when not directly (e.g. through a proxy the test controls). */
	serverDatabaseUrl?: (direct: string) => Promise<string> | string;
	/** Use this database instead of a fresh one (two servers on one database). */
	database?: TestDb;
}

/** Start the built app on a fresh database and wait until it answers. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
	const database = options.database ?? (await openTestDb());
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const adminToken = randomBytes(32).toString('base64url');
	const child = spawn(process.execPath, ['scripts/start.js'], {
		cwd: process.cwd(),
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			TZ: 'Asia/Tokyo',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			DATABASE_URL: options.serverDatabaseUrl ? await options.serverDatabaseUrl(database.url) : database.url,
			PUAS_DEMO: '0',
			PUAS_LOCAL_TOKEN: '0',
			ADMIN_API_TOKEN: adminToken,
			// An empty database makes the server write a setup link beside this file: not into the checkout.
			PUAS_TOKEN_FILE: join(tmpdir(), `puas-server-${port}`, 'admin-token'),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
		if (output.includes('[puas] ready')) break;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`the server did not start within 60 s:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		url,
		process: child,
		database,
		adminToken,
		output: () => output,
		memory: () => memoryOf(child.pid!),
		stop: async () => {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await exited;
				clearTimeout(timer);
			}
			if (!options.database) await database.close();
		}
	};
}

/** Sign in through the login form as a browser would; the session cookie for later requests. */
export async function signInCookie(server: RunningServer, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
	const response = await fetch(`${server.url}/login`, {
		method: 'POST',
		headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams({ email, password }),
		redirect: 'manual'
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('puas_session='));
	if (response.status !== 303 || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status}`);
	return cookie.split(';')[0]!;
}
