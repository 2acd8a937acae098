/**
 * While PostgreSQL is away the server answers 503 with Retry-After, within seconds (a short connect timeout), so
 * tablets back off instead of waiting 30 s for a 500; when it is back the server recovers by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, signInCookie, startServer, type RunningServer } from './harness';
import { MANAGER, pairTablet, prepareHall } from './fixtures';
import { startTcpProxy, throughProxy, type TcpProxy } from './tcp-proxy';

describe.skipIf(!hasPostgres)('the database away', () => {
	let server: RunningServer;
	let proxy: TcpProxy;
	let cookie: string;
	let deviceToken: string;
	let counterId: number;

	beforeAll(async () => {
		const target = new URL(process.env.TEST_DATABASE_URL!);
		proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
		server = await startServer({ serverDatabaseUrl: (direct) => throughProxy(direct, proxy) });
		const { org } = await prepareHall(server);
		counterId = org.a.counter.id;
		deviceToken = await pairTablet(server, org.a.counter.code);
		cookie = await signInCookie(server, MANAGER.email, MANAGER.password);
	});
	afterAll(async () => {
		await server?.stop();
		await proxy?.close();
	});

	const batch = () =>
		JSON.stringify({
			items: [
				{
					id: crypto.randomUUID(),
					seq: 1,
					counterId,
					instrument: { code: 'skm-2017', version: 1 },
					submittedAt: new Date().toISOString(),
					status: 'complete',
					answers: [4, 3, 4, 4, 3, 4, 4, 4, 3]
				}
			]
		});

	/** The requests a hall makes all day: a tablet's batch, the dashboard, an API read, the public page. */
	const calls = () => [
		{ name: 'tablet batch', run: () => fetch(`${server.url}/api/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' }, body: batch() }) },
		{ name: 'dashboard', run: () => fetch(`${server.url}/app`, { headers: { cookie }, redirect: 'manual' }) },
		{ name: 'admin API', run: () => fetch(`${server.url}/api/v1/admin/devices`, { headers: { authorization: `Bearer ${server.adminToken}` } }) },
		{ name: 'public page', run: () => fetch(`${server.url}/publik`) }
	];

	async function timed(run: () => Promise<Response>) {
		const started = performance.now();
		const response = await run();
		await response.arrayBuffer();
		return { response, seconds: (performance.now() - started) / 1000 };
	}

	it('answers every request normally while the database is there', async () => {
		for (const call of calls()) expect((await timed(call.run)).response.status, call.name).toBeLessThan(400);
	});

	it.each(['refuse', 'blackhole'] as const)('answers 503 with Retry-After within seconds while connections are %sd', async (mode) => {
		proxy.setMode(mode);
		for (const call of calls()) {
			const { response, seconds } = await timed(call.run);
			expect(response.status, call.name).toBe(503);
			expect(Number(response.headers.get('retry-after')), call.name).toBeGreaterThan(0);
			// The connect timeout is 3 s; postgres.js's default would hold a request for 30 s.
			expect(seconds, call.name).toBeLessThan(8);
		}
		proxy.setMode('forward');
	});

	it('recovers by itself once the database is back', async () => {
		proxy.setMode('forward');
		for (const call of calls()) {
			let status = 0;
			for (let attempt = 0; attempt < 20 && (status === 0 || status === 503); attempt++) {
				if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500));
				status = (await timed(call.run)).response.status;
			}
			expect(status, call.name).toBeLessThan(400);
		}
		expect(server.process.exitCode).toBeNull();
	});
});
