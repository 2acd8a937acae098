/**
 * npm run bench — ingestion and dashboard benchmarks on a real PostgreSQL (DATABASE_URL), against the built app.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- [--rows 10000000] [--seconds 15] [--keep] [--port 4199]
 *
 * 1. loads N synthetic responses with COPY into a fresh database beside DATABASE_URL's, builds the rollups;
 * 2. ingestion: single-response and 500-item batch POSTs (autocannon) against `node build`, and in the same run
 *    the same rows inserted by postgres.js without the app (the raw baseline), and their ratio; the single POSTs
 *    also against a bare node:http server doing the same authenticated insert (bench/bare-server.ts, on --port + 1000);
 * 3. dashboard: /api/v1/indicators for a mall-year, an agency-quarter and a counter-month, and in the same run the
 *    naive GROUP BY over raw answers for the same scopes (checked to give the same sums), and their ratio.
 * 4. the dashboard page /app of a mall-year for a signed-in admin, and its ratio to the endpoint of step 3.
 * Prints a table and writes bench/results/bench-<rows>.json.
 *
 * While iterating: `--reuse` keeps a database `puas_bench_<rows>` left by `--keep` (no reload), `--single-only` runs
 * only the single-POST comparison (app, bare server, raw INSERT), `--profile` writes a CPU profile of the app
 * process (`--cpu-prof`) into bench/results/profile/.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import { SKM_2017 } from '../src/lib/domain/instruments';
import { startOfLocalDay } from '../src/lib/domain/periods';
import { openDb } from '../src/lib/server/db/client';
import { rebuildRollups } from '../src/lib/server/rollups/rebuild';
import { createUser } from '../src/lib/server/auth/users';
import { publishStandardInstruments } from '../src/lib/server/surveys/instruments';
import { copyResponses, createSyntheticOrg, loadSyntheticOrg, mulberry32, syntheticAnswers, type SyntheticCounter, type SyntheticOrg } from './lib/synthetic';
import { cpuSeconds, postgresCpuSeconds, getJson, getText, loop, startServer, stopServer, timeRuns } from './lib/harness';

const { values: args } = parseArgs({
	options: {
		rows: { type: 'string', default: '1000000' },
		malls: { type: 'string', default: '20' },
		seconds: { type: 'string', default: '15' },
		connections: { type: 'string', default: '16' },
		'batch-connections': { type: 'string', default: '4' },
		devices: { type: 'string', default: '300' },
		keep: { type: 'boolean', default: false },
		port: { type: 'string', default: '4199' },
		reuse: { type: 'boolean', default: false },
		'single-only': { type: 'boolean', default: false },
		profile: { type: 'boolean', default: false }
	}
});
const ROWS = Number(args.rows);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const BATCH_CONNECTIONS = Number(args['batch-connections']);
const BATCH = 500;
const POOL = 20;
const PORT = Number(args.port);
const BARE_PORT = PORT + 1000;
const ADMIN = `bench-admin-${Date.now()}-${crypto.randomUUID()}`;

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl?.startsWith('postgres')) {
	console.error('npm run bench needs DATABASE_URL=postgres://… (a PostgreSQL where it may create a database)');
	process.exit(2);
}
// The port names the database too, so two runs on different ports never share one.
const dbName = `puas_bench_${ROWS}${PORT === 4199 ? '' : `_${PORT}`}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const log = (message: string) => console.log(`[bench] ${message}`);

// ── 1. data ─────────────────────────────────────────────────────────────────────────────────────────────────────
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const reuse = args.reuse && (await admin`select 1 from pg_database where datname = ${dbName}`).length > 0;
if (!reuse) {
	await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
	await admin.unsafe(`create database "${dbName}"`);
}
const { db, close } = await openDb(url, { poolMax: 4 });
const instruments = await publishStandardInstruments(db);
const skm = instruments.get(SKM_2017.code)!;
let org: SyntheticOrg;
let loadRate = Number.NaN;
let rebuilt = { itemRows: Number.NaN };
let rebuildSeconds = Number.NaN;
if (reuse) {
	org = await loadSyntheticOrg(db);
	log(`reusing ${dbName}: ${org.mallIds.length} malls, ${org.counters.length} counters`);
} else {
	org = await createSyntheticOrg(db, skm, Number(args.malls));
	log(`${org.mallIds.length} malls, ${org.counters.length} counters; loading ${ROWS.toLocaleString('en')} responses with COPY …`);
	const dataFrom = new Date('2024-01-01T00:00:00Z');
	const dataTo = new Date('2026-11-27T00:00:00Z');
	loadRate = await copyResponses(url, org, skm, ROWS, dataFrom, dataTo);
	log(`loaded at ${Math.round(loadRate).toLocaleString('en')} rows/s; building rollups …`);
	const t = performance.now();
	rebuilt = await rebuildRollups(db);
	rebuildSeconds = (performance.now() - t) / 1000;
}
const raw = postgres(url, { max: POOL, onnotice: () => {} });
await raw`analyze`;
const size = (await raw<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('responses')) as size`)[0]!.size;
log(`rollups: ${rebuilt.itemRows.toLocaleString('en')} item rows in ${rebuildSeconds.toFixed(1)} s; responses table ${size}`);

// ── 2. ingestion ────────────────────────────────────────────────────────────────────────────────────────────────
if (!existsSync('build/index.js')) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const server = await startServer(
	{
		DATABASE_URL: url,
		ORIGIN: `http://127.0.0.1:${PORT}`,
		ADMIN_API_TOKEN: ADMIN,
		PUAS_DEMO: '0',
		PUAS_LOCAL_TOKEN: '0',
		PG_POOL_MAX: String(POOL),
		BODY_SIZE_LIMIT: '4M'
	},
	PORT,
	[...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${join('bench', 'results', 'profile')}`] : []), 'build/index.js']
);
const base = `http://127.0.0.1:${PORT}`;
const adminHeaders = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', accept: 'application/json' };

interface BenchDevice {
	token: string;
	counter: SyntheticCounter;
	seq: number;
}
const devices: BenchDevice[] = [];
for (let i = 0; i < Number(args.devices); i++) {
	const counter = org.counters[(i * 7) % org.counters.length]!;
	const created = await (await fetch(`${base}/api/v1/admin/pairing-codes`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ counter: counter.code }) })).json();
	const paired = await (
		await fetch(`${base}/api/v1/devices/pair`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ code: created.code, installationId: crypto.randomUUID() }) })
	).json();
	devices.push({ token: paired.token, counter, seq: 0 });
}
log(`${devices.length} tablets paired`);

const random = mulberry32(7);
function item(device: BenchDevice, at: number) {
	device.seq += 1;
	return {
		id: uuidv7({ msecs: at }),
		seq: device.seq,
		counterId: device.counter.id,
		instrument: { code: 'skm-2017', version: 1 },
		submittedAt: new Date(at).toISOString(),
		status: 'complete',
		answers: syntheticAnswers(random)
	};
}

const countStored = async () => (await raw<{ n: string }[]>`select count(*) as n from responses where device_id is not null`)[0]!.n;

async function cannon(connections: number, itemsPerRequest: number, target = base, serverProcess = server) {
	let next = 0;
	const cpuBefore = cpuSeconds(serverProcess);
	const postgresBefore = postgresCpuSeconds();
	const before = Number(await countStored());
	const result = await autocannon({
		url: target,
		connections,
		duration: SECONDS,
		requests: [
			{
				method: 'POST',
				path: '/api/v1/responses',
				setupRequest: (request) => {
					const device = devices[next++ % devices.length]!;
					const now = Date.now();
					request.headers = { ...request.headers, authorization: `Bearer ${device.token}`, 'content-type': 'application/json' };
					request.body = JSON.stringify({ items: Array.from({ length: itemsPerRequest }, (_, i) => item(device, now - i)) });
					return request;
				}
			}
		]
	});
	const stored = Number(await countStored()) - before;
	if (result.non2xx > 0 || result.errors > 0) throw new Error(`ingestion: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
	// Requests still in flight when the time was up are stored but not counted by autocannon: at most one per connection.
	const answered = result['2xx'] * itemsPerRequest;
	if (stored < answered || stored > answered + connections * itemsPerRequest) {
		throw new Error(`ingestion: ${stored} rows stored for ${result['2xx']} × ${itemsPerRequest} items answered`);
	}
	return {
		requestsPerSecond: result['2xx'] / SECONDS,
		responsesPerSecond: answered / SECONDS,
		/** CPU the server process spent per answered request, ms (its own share, whatever else runs on the machine). */
		cpuMsPerRequest: ((cpuSeconds(serverProcess) - cpuBefore) * 1000) / result['2xx'],
		/** CPU PostgreSQL spent per answered request, ms (its processes on this machine; NaN if it runs elsewhere). */
		postgresCpuMsPerRequest: ((postgresCpuSeconds() - postgresBefore) * 1000) / result['2xx'],
		p50: result.latency.p50,
		p99: result.latency.p99
	};
}

const COLUMNS = ['id', 'mall_id', 'agency_id', 'service_id', 'counter_id', 'instrument_id', 'submitted_at', 'channel', 'status', 'answers'] as const;
function rawRow(counter: SyntheticCounter, at: number) {
	return {
		id: uuidv7({ msecs: at }),
		mall_id: counter.mallId,
		agency_id: counter.agencyId,
		service_id: counter.serviceId,
		counter_id: counter.id,
		instrument_id: skm.id,
		submitted_at: new Date(at).toISOString(),
		channel: 'qr',
		status: 'complete',
		answers: `{${syntheticAnswers(random).map((a) => a ?? 'NULL').join(',')}}`
	};
}
async function rawInserts(connections: number, rowsPerInsert: number) {
	let next = 0;
	const result = await loop(connections, SECONDS, async () => {
		const counter = org.counters[next++ % org.counters.length]!;
		const now = Date.now();
		const rows = Array.from({ length: rowsPerInsert }, (_, i) => rawRow(counter, now - i));
		await raw`insert into responses ${raw(rows, ...COLUMNS)}`;
	});
	return { requestsPerSecond: result.perSecond, responsesPerSecond: result.perSecond * rowsPerInsert, p50: result.p50, p99: result.p99 };
}

log(`single-response POSTs, ${CONNECTIONS} connections, ${SECONDS} s …`);
const single = await cannon(CONNECTIONS, 1);
// The same load on the bare server (bench/bare-server.ts): same tokens, same bodies, one indexed token lookup and one
// plain INSERT per request, no framework and no rollups.
const bareServer = await startServer({ DATABASE_URL: url, PG_POOL_MAX: String(POOL) }, BARE_PORT, ['--import', 'tsx', join('bench', 'bare-server.ts')], '/');
const singleBare = await cannon(CONNECTIONS, 1, `http://127.0.0.1:${BARE_PORT}`, bareServer);
await stopServer(bareServer);
const singleRaw = await rawInserts(CONNECTIONS, 1);
const singleOnly = args['single-only'];
const skipped = { requestsPerSecond: Number.NaN, responsesPerSecond: Number.NaN, cpuMsPerRequest: Number.NaN, postgresCpuMsPerRequest: Number.NaN, p50: Number.NaN, p99: Number.NaN };
if (!singleOnly) log(`500-item batch POSTs, ${BATCH_CONNECTIONS} connections, ${SECONDS} s …`);
const batch = singleOnly ? skipped : await cannon(BATCH_CONNECTIONS, BATCH);
const batchRaw = singleOnly ? skipped : await rawInserts(BATCH_CONNECTIONS, BATCH);

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratioBare = single.requestsPerSecond / singleBare.requestsPerSecond;
const bareLine = () =>
	`single POST app ÷ bare server: ${ratioBare.toFixed(2)} (app ${fmt(single.requestsPerSecond)} req/s, p99 ${fmt(single.p99, 1)} ms, ` +
	`${fmt(single.cpuMsPerRequest, 2)} ms CPU/request + PostgreSQL ${fmt(single.postgresCpuMsPerRequest, 2)}; ` +
	`bare ${fmt(singleBare.requestsPerSecond)} req/s, p99 ${fmt(singleBare.p99, 1)} ms, ` +
	`${fmt(singleBare.cpuMsPerRequest, 2)} ms CPU/request + PostgreSQL ${fmt(singleBare.postgresCpuMsPerRequest, 2)})`;
async function finish() {
	await stopServer(server);
	await raw.end();
	await close();
	if (!args.keep) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
	await admin.end();
}
if (singleOnly) {
	await finish();
	console.log(`\n${bareLine()}; raw single INSERT ${fmt(singleRaw.requestsPerSecond)}/s, p99 ${fmt(singleRaw.p99, 1)} ms`);
	process.exit(0);
}

// ── 3. dashboard ────────────────────────────────────────────────────────────────────────────────────────────────
const mallId = org.mallIds[0]!;
const [mall] = await raw<{ time_zone: string }[]>`select time_zone from malls where id = ${mallId}`;
const firstCounter = org.counters.find((c) => c.mallId === mallId)!;
const scopes = [
	{ name: 'mall-year', scope: 'mall', column: 'mall_id', id: mallId, from: '2025-01-01', to: '2025-12-31', granularity: 'month' },
	{ name: 'agency-quarter', scope: 'agency', column: 'agency_id', id: firstCounter.agencyId, from: '2025-04-01', to: '2025-06-30', granularity: 'week' },
	{ name: 'counter-month', scope: 'counter', column: 'counter_id', id: firstCounter.id, from: '2025-06-01', to: '2025-06-30', granularity: 'day' }
] as const;

const dashboard = [];
for (const s of scopes) {
	const query = `${base}/api/v1/indicators?scope=${s.scope}&id=${s.id}&from=${s.from}&to=${s.to}&granularity=${s.granularity}`;
	let figures: { unsur: { n: number; sum: number }[]; respondents: number } | undefined;
	// Warm up every pooled connection (each prepares and plans its statements once), as in a long-running server.
	const endpoint = await timeRuns(300, 200, async () => {
		figures = await getJson(query, adminHeaders);
	});
	// The naive query a dashboard without rollups would run: unnest every answer of the period, group by item.
	const fromUtc = startOfLocalDay(s.from, mall!.time_zone);
	const dayAfter = new Date(Date.parse(`${s.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	const toUtc = startOfLocalDay(dayAfter, mall!.time_zone);
	let naiveRows: { position: string; sum: string; n: string }[] = [];
	const naive = await timeRuns(5, 1, async () => {
		naiveRows = await raw.unsafe(
			`select a.position, sum(a.value) as sum, count(a.value) as n
			from responses r cross join lateral unnest(r.answers) with ordinality as a(value, position)
			where r.${s.column} = $1 and r.instrument_id = $2 and r.submitted_at >= $3 and r.submitted_at < $4
			group by a.position order by a.position`,
			[s.id, skm.id, fromUtc.toISOString(), toUtc.toISOString()]
		);
	});
	const same = naiveRows.every((row, i) => Number(row.sum) === figures!.unsur[i]!.sum && Number(row.n) === figures!.unsur[i]!.n);
	if (!same) throw new Error(`${s.name}: the endpoint and the naive query disagree`);
	dashboard.push({ scope: s.name, respondents: figures!.respondents, endpoint, naive, ratio: naive.p50 / endpoint.p50 });
}

// ── 4. dashboard page ───────────────────────────────────────────────────────────────────────────────────────────
// The whole /app page of a mall-year (headline, previous year, unsur, series, ranking with sparklines, heatmap from
// raw responses), rendered by the server for a signed-in admin; its ratio to the indicators endpoint of the same run.
const email = 'bench-admin@puas.test';
const password = 'bench-password-not-secret';
await createUser(db, { mallId, email, name: 'Bench admin', password, role: 'admin' });
const login = await fetch(`${base}/login`, {
	method: 'POST',
	body: new URLSearchParams({ email, password }),
	headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
	redirect: 'manual'
});
const cookie = login.headers.get('set-cookie')?.split(';')[0];
if (login.status !== 303 || !cookie) throw new Error(`bench sign-in failed: ${login.status}`);
let pageBytes = 0;
const dashboardPage = await timeRuns(100, 20, async () => {
	pageBytes = await getText(`${base}/app?scope=mall-${mallId}&period=year&value=2025`, { cookie, accept: 'text/html' });
});
const pageRatio = dashboardPage.p50 / dashboard[0]!.endpoint.p50;

await finish();

// ── report ──────────────────────────────────────────────────────────────────────────────────────────────────────
console.log(`\nPuas benchmark — ${fmt(ROWS)} responses loaded (${size}), ${cpus().length} × ${cpus()[0]?.model}`);
console.table([
	{ benchmark: 'single POST (app)', 'req/s': fmt(single.requestsPerSecond), 'responses/s': fmt(single.responsesPerSecond), 'p50 ms': fmt(single.p50, 1), 'p99 ms': fmt(single.p99, 1) },
	{ benchmark: 'single POST (bare server)', 'req/s': fmt(singleBare.requestsPerSecond), 'responses/s': fmt(singleBare.responsesPerSecond), 'p50 ms': fmt(singleBare.p50, 1), 'p99 ms': fmt(singleBare.p99, 1) },
	{ benchmark: 'single INSERT (raw)', 'req/s': fmt(singleRaw.requestsPerSecond), 'responses/s': fmt(singleRaw.responsesPerSecond), 'p50 ms': fmt(singleRaw.p50, 1), 'p99 ms': fmt(singleRaw.p99, 1) },
	{ benchmark: '500-item POST (app)', 'req/s': fmt(batch.requestsPerSecond, 1), 'responses/s': fmt(batch.responsesPerSecond), 'p50 ms': fmt(batch.p50, 1), 'p99 ms': fmt(batch.p99, 1) },
	{ benchmark: '500-row INSERT (raw)', 'req/s': fmt(batchRaw.requestsPerSecond, 1), 'responses/s': fmt(batchRaw.responsesPerSecond), 'p50 ms': fmt(batchRaw.p50, 1), 'p99 ms': fmt(batchRaw.p99, 1) }
]);
console.log(bareLine());
console.log(`ratio app ÷ raw: single ${(single.responsesPerSecond / singleRaw.responsesPerSecond).toFixed(2)}, batch ${(batch.responsesPerSecond / batchRaw.responsesPerSecond).toFixed(2)}`);
console.table(
	dashboard.map((d) => ({
		indicators: d.scope,
		respondents: fmt(d.respondents),
		'endpoint p50 ms': fmt(d.endpoint.p50, 1),
		'endpoint p95 ms': fmt(d.endpoint.p95, 1),
		'naive GROUP BY p50 ms': fmt(d.naive.p50, 0),
		'× faster': fmt(d.ratio, 0)
	}))
);
console.log(
	`dashboard page /app, mall-year 2025: p50 ${fmt(dashboardPage.p50, 1)} ms, p95 ${fmt(dashboardPage.p95, 1)} ms (${fmt(pageBytes / 1024)} KB HTML), ` +
		`${fmt(pageRatio, 1)} × the indicators endpoint of the same scope`
);
const result = {
	at: new Date().toISOString(),
	rows: ROWS,
	responsesTable: size,
	machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
	load: { rowsPerSecond: loadRate, rollupRebuildSeconds: rebuildSeconds, rollupItemRows: rebuilt.itemRows },
	ingestion: { single, singleBare, ratioSingleBare: ratioBare, singleRaw, batch, batchRaw, ratioSingle: single.responsesPerSecond / singleRaw.responsesPerSecond, ratioBatch: batch.responsesPerSecond / batchRaw.responsesPerSecond },
	dashboard,
	dashboardPage: { scope: 'mall-year', ...dashboardPage, htmlBytes: pageBytes, ratioToEndpoint: pageRatio },
	settings: { seconds: SECONDS, connections: CONNECTIONS, batchConnections: BATCH_CONNECTIONS, devices: devices.length, pool: POOL }
};
writeFileSync(join('bench', 'results', `bench-${ROWS}.json`), JSON.stringify(result, null, 2) + '\n');
log(`written bench/results/bench-${ROWS}.json`);
