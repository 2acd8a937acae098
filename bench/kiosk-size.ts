/**
 * What a counter tablet downloads the first time it opens the kiosk: every response body that crosses the network,
 * the service worker's precache fetches included, measured in Chromium against the built app.
 *
 *   npm run bench:kiosk                 (builds first; --no-build to measure the build/ already there)
 *
 * Starts `node build` on a small embedded demo, opens /kiosk in a fresh browser profile and counts each response's
 * transferred body bytes (Playwright's request sizes, which are Chromium's encoded lengths) until the service worker
 * is active, controls the page and the network has been quiet for a second; then pairs the tablet and counts again
 * until its survey shows. A response the worker answers from its cache moved nothing and is not counted; the
 * worker's own fetches are. Baseline of the same run: the whole client build, gzip (build/client/**\/*.gz), which is
 * what a worker precaching everything would fetch. Also lists the worker's cache once the kiosk is idle. Writes
 * bench/results/kiosk-size.json; exits 1 above the goal (60 KB for the first load, precache included).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Page, type Request } from '@playwright/test';
import { startServer, stopServer } from './lib/harness';

const GOAL_BYTES = 60 * 1024;
const QUIET_MS = 1_000;
const CLIENT = join('build', 'client');

if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });

interface Transfer {
	phase: 'first load' | 'pairing';
	path: string;
	by: 'page' | 'service worker';
	status: number;
	encoding: string;
	body: number;
	headers: number;
	/** Given by the browser's HTTP cache: nothing transferred. */
	cached: boolean;
}

const port = 3990 + Math.floor(Math.random() * 9);
const origin = `http://localhost:${port}`;
const adminToken = randomBytes(24).toString('hex');
const server = await startServer(
	{ ORIGIN: origin, DATABASE_URL: 'memory://', PUAS_DEMO: '1', PUAS_DEMO_UNTIL: '2024-01-04T00:00:00Z', ADMIN_API_TOKEN: adminToken, PUAS_LOCAL_TOKEN: '0' },
	port
);
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']
});
const transfers: Transfer[] = [];
let phase: Transfer['phase'] = 'first load';
let inFlight = 0;
let lastActivity = Date.now();
let cacheKeys: string[] = [];

async function record(request: Request) {
	const response = await request.response();
	// Answered by the service worker (from its cache, or with a fetch of its own that is counted by itself).
	if (!response || response.fromServiceWorker()) return;
	const sizes = await request.sizes();
	// Playwright's body size is Chromium's encoded length less the headers: a response the HTTP cache gave (the
	// worker fetching what the page just loaded) has an encoded length of 0, so nothing of it crossed the network.
	const cached = sizes.responseBodySize + sizes.responseHeadersSize <= 0;
	const path = new URL(request.url()).pathname;
	const encoding = (await response.headerValue('content-encoding')) ?? 'identity';
	let body = cached ? 0 : Math.max(0, sizes.responseBodySize);
	// Chromium reports the worker script's own fetch without its body: count the file the server sent.
	if (!cached && body === 0 && path === '/service-worker.js' && response.status() === 200) body = encodedFileSize(path, encoding);
	transfers.push({
		phase,
		path,
		by: request.serviceWorker() ? 'service worker' : 'page',
		status: response.status(),
		encoding,
		body,
		headers: cached ? 0 : sizes.responseHeadersSize,
		cached
	});
}

/** The size of a static file as the server sends it in `encoding` (adapter-node's precompressed .br/.gz). */
function encodedFileSize(path: string, encoding: string): number {
	const suffix = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '';
	return statSync(join(CLIENT, decodeURIComponent(path) + suffix)).size;
}

/** Resolves once no request has been open for QUIET_MS. */
async function networkQuiet() {
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		if (inFlight === 0 && Date.now() - lastActivity >= QUIET_MS) return;
	}
}

async function serviceWorkerInControl(page: Page) {
	await page.waitForFunction(async () => {
		const registration = await navigator.serviceWorker.ready;
		return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
	});
}

try {
	const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'id-ID' });
	context.on('request', () => {
		inFlight++;
		lastActivity = Date.now();
	});
	const settle = (request: Request) => {
		inFlight--;
		lastActivity = Date.now();
		return record(request);
	};
	const pending: Promise<void>[] = [];
	context.on('requestfinished', (request) => void pending.push(settle(request)));
	context.on('requestfailed', () => {
		inFlight--;
		lastActivity = Date.now();
	});

	const page = await context.newPage();
	await page.goto('/kiosk');
	await page.getByLabel('Kode pemasangan').waitFor();
	await serviceWorkerInControl(page);
	await networkQuiet();
	await Promise.all(pending);
	cacheKeys = await page.evaluate(async () => {
		const keys: string[] = [];
		for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) keys.push(new URL(request.url).pathname);
		return keys.sort();
	});

	phase = 'pairing';
	const code = await fetch(`${origin}/api/v1/admin/pairing-codes`, {
		method: 'POST',
		headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ counter: 'DNS-01' })
	}).then(async (r) => {
		if (r.status !== 201) throw new Error(`pairing code: ${r.status} ${await r.text()}`);
		return ((await r.json()) as { code: string }).code;
	});
	await page.getByLabel('Kode pemasangan').fill(code);
	await page.getByRole('button', { name: 'Pasangkan' }).click();
	await page.getByRole('button', { name: 'Pasangkan' }).waitFor({ state: 'detached' });
	await networkQuiet();
	await Promise.all(pending);
	await context.close();
} finally {
	await browser.close();
	await stopServer(server);
}

/** The gzip file adapter-node would send for a static path, if there is one. */
function gzipSize(path: string): number | null {
	return existsSync(join(CLIENT, decodeURIComponent(path) + '.gz')) ? encodedFileSize(path, 'gzip') : null;
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const sum = (rows: readonly Transfer[], pick: (t: Transfer) => number) => rows.reduce((total, t) => total + pick(t), 0);
const asGzip = (t: Transfer) => (t.encoding === 'br' && t.body > 0 ? (gzipSize(t.path) ?? t.body) : t.body);
const shown = process.argv.includes('--verbose') ? transfers : [...transfers].sort((a, b) => b.body - a.body).slice(0, 15);
if (shown.length < transfers.length) console.log(`the ${shown.length} largest of ${transfers.length} responses (--verbose for all):`);
console.table(shown.map((t) => ({ phase: t.phase, path: t.path, by: t.by, status: t.status, encoding: t.cached ? 'http cache' : t.encoding, 'body KB': kb(t.body), 'gzip KB': kb(asGzip(t)) })));

const firstLoad = transfers.filter((t) => t.phase === 'first load');
const precache = transfers.filter((t) => t.by === 'service worker');
const wholeBuild = walk(CLIENT).filter((f) => f.endsWith('.gz') && !f.endsWith('service-worker.js.gz'));
const wholeBuildGzip = wholeBuild.reduce((total, f) => total + statSync(f).size, 0);
const result = {
	at: new Date().toISOString(),
	goalBytes: GOAL_BYTES,
	firstLoad: { requests: firstLoad.length, body: sum(firstLoad, (t) => t.body), gzip: sum(firstLoad, asGzip), headers: sum(firstLoad, (t) => t.headers) },
	precache: { requests: precache.length, body: sum(precache, (t) => t.body), gzip: sum(precache, asGzip) },
	withPairing: { requests: transfers.length, body: sum(transfers, (t) => t.body), gzip: sum(transfers, asGzip), headers: sum(transfers, (t) => t.headers) },
	uncompressed: transfers.filter((t) => t.encoding === 'identity' && t.body > 1024).map((t) => t.path),
	wholeBuild: { files: wholeBuild.length, gzip: wholeBuildGzip },
	cacheKeys,
	transfers
};

console.log(`worker cache after the first load: ${cacheKeys.length} entries${cacheKeys.length <= 20 ? `: ${cacheKeys.join(' ')}` : ''}`);
console.log(`first load, until the service worker controls the kiosk and it is idle: ${firstLoad.length} responses, ${kb(result.firstLoad.body)} KB transferred (${kb(result.firstLoad.gzip)} KB as gzip) + ${kb(result.firstLoad.headers)} KB headers`);
console.log(`  of which the service worker (its script and its precache, which revalidates what the page has just loaded): ${precache.length} responses (${precache.filter((t) => t.cached).length} from the HTTP cache), ${kb(result.precache.body)} KB (${kb(result.precache.gzip)} KB as gzip)`);
console.log(`first load + pairing until the survey shows: ${transfers.length} responses, ${kb(result.withPairing.body)} KB (${kb(result.withPairing.gzip)} KB as gzip)`);
if (result.uncompressed.length) console.log(`sent uncompressed (> 1 KB): ${result.uncompressed.join(', ')}`);
console.log(`baseline, same build: the whole client build is ${wholeBuild.length} files, ${kb(wholeBuildGzip)} KB gzip; first load ÷ whole build = ${(result.firstLoad.gzip / wholeBuildGzip).toFixed(2)}`);
console.log(`goal: first load ≤ ${kb(GOAL_BYTES)} KB gzip: ${result.withPairing.gzip <= GOAL_BYTES ? 'met' : 'NOT met'} (${kb(result.withPairing.gzip)} KB with pairing)`);
writeFileSync(join('bench', 'results', 'kiosk-size.json'), JSON.stringify(result, null, 2) + '\n');
if (result.withPairing.gzip > GOAL_BYTES) process.exitCode = 1;
