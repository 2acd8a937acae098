/**
 * A tablet's backlog: how long the real kiosk, in Chromium, takes to hand the server N responses it queued offline —
 * against a script posting the same batches from Node, in the same run, to the same server.
 *
 *   DATABASE_URL=postgres://… npm run bench:backlog -- --items 20000      (builds first; --no-build to skip)
 *
 * Creates the PostgreSQL database `puas_bench_backlog` beside DATABASE_URL's (dropped first), one synthetic hall of
 * 48 counters, and starts the built app (`node build`) on it. Then, each on a counter of its own, so the stored rows
 * can be counted:
 *   1. the script: POSTs the N items in batches of 500, one after the other, plain JSON (then the same gzipped);
 *   2. the kiosk: /kiosk paired through ?pair=…, its service worker in control; the page goes offline (CDP), the N
 *      items are written into the kiosk's IndexedDB outbox in the outbox's own format (as N finished surveys would
 *      leave them), the page goes online, and the kiosk's own sync code sends them;
 *   3. the same on a slow tablet: CPU throttled × 6, network 1.6 Mbit/s each way with 100 ms latency (CDP).
 * 1 and 2 run --rounds times (3), alternating; the ratio kiosk ÷ script is the median of the rounds. Each is timed from
 * "online" (or the first POST) until the server holds all N rows, counted in PostgreSQL every 50 ms; the kiosk's time
 * until its outbox is empty is printed too. Writes bench/results/backlog.json; exits 1 when a goal is
 * missed (kiosk ≤ 2 × the script unthrottled — the faster of its two variants —, ≤ 30 s throttled).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import { SKM_2017 } from '../src/lib/domain/instruments';
import type { ResponsePayload } from '../src/lib/kiosk/outbox';
import { openDb } from '../src/lib/server/db/client';
import { publishStandardInstruments } from '../src/lib/server/surveys/instruments';
import { startServer, stopServer } from './lib/harness';
import { createSyntheticOrg, mulberry32, syntheticAnswers, type SyntheticCounter } from './lib/synthetic';

const { values: args } = parseArgs({
	options: {
		items: { type: 'string', default: '20000' },
		port: { type: 'string', default: '4290' },
		'no-build': { type: 'boolean', default: false },
		'no-throttled': { type: 'boolean', default: false },
		/** Script and kiosk, unthrottled, this many times each (the ratio is their median). */
		rounds: { type: 'string', default: '3' },
		/** Give up on one scenario after this many seconds. */
		timeout: { type: 'string', default: '600' }
	}
});
const ITEMS = Number(args.items);
const ROUNDS = Number(args.rounds);
const PORT = Number(args.port);
const BATCH = 500;
const TIMEOUT_MS = Number(args.timeout) * 1000;
const CPU_SLOWDOWN = 6;
/** 1.6 Mbit/s = 200 000 bytes/s, each way; latency per request in ms. */
const SLOW_NETWORK = { offline: false, latency: 100, downloadThroughput: 200_000, uploadThroughput: 200_000 };
const GOAL_RATIO = 2;
const GOAL_THROTTLED_S = 30;

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl?.startsWith('postgres')) {
	console.error('npm run bench:backlog needs DATABASE_URL=postgres://… (a PostgreSQL where it may create a database)');
	process.exit(2);
}
const log = (message: string) => console.log(`[backlog] ${message}`);
if (!args['no-build']) execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });

const dbName = 'puas_bench_backlog';
const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
await admin.unsafe(`create database "${dbName}"`);
await admin.end();
const { db, close } = await openDb(url, { poolMax: 2 });
const skm = (await publishStandardInstruments(db)).get(SKM_2017.code)!;
const org = await createSyntheticOrg(db, skm, 1);
await close();
const sql = postgres(url, { max: 1, onnotice: () => {} });

const origin = `http://127.0.0.1:${PORT}`;
const adminToken = `bench-backlog-${crypto.randomUUID()}`;
const server = await startServer({ DATABASE_URL: url, ORIGIN: origin, ADMIN_API_TOKEN: adminToken, PUAS_DEMO: '0', PUAS_LOCAL_TOKEN: '0' }, PORT);
const adminHeaders = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', accept: 'application/json' };

async function pairingCode(counter: SyntheticCounter): Promise<string> {
	const response = await fetch(`${origin}/api/v1/admin/pairing-codes`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ counter: counter.code }) });
	if (response.status !== 201) throw new Error(`pairing code: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { code: string }).code;
}

/** N finished surveys of one counter, as the kiosk builds them (response-item.ts), seq 1..N, over the last days. */
function backlog(counter: SyntheticCounter, seed: number): ResponsePayload[] {
	const random = mulberry32(seed);
	const start = Date.now() - 3 * 86_400_000;
	return Array.from({ length: ITEMS }, (_, i) => ({
		id: uuidv7({ msecs: start + i * 10_000 }),
		seq: i + 1,
		counterId: counter.id,
		serviceId: counter.serviceId,
		instrument: { code: skm.code, version: skm.version },
		submittedAt: new Date(start + i * 10_000).toISOString(),
		status: 'complete',
		answers: syntheticAnswers(random),
		profile: { sex: random() < 0.5 ? 'L' : 'P', ageBand: random() < 0.7 ? '26-35' : null, education: null, occupation: null },
		comment: random() < 0.1 ? 'Pelayanan cepat dan ramah, terima kasih.' : null
	}));
}

const stored = async (counter: SyntheticCounter) => (await sql<{ n: number }[]>`select count(*)::int as n from responses where counter_id = ${counter.id}`)[0]!.n;

/** Resolves with the ms from `since` until the server holds `ITEMS` rows of `counter` (polled every 50 ms). */
async function allStored(counter: SyntheticCounter, since: number): Promise<number> {
	for (;;) {
		const n = await stored(counter);
		if (n >= ITEMS) {
			if (n > ITEMS) throw new Error(`${n} rows for ${ITEMS} items: stored twice`);
			return performance.now() - since;
		}
		if (performance.now() - since > TIMEOUT_MS) throw new Error(`only ${n} of ${ITEMS} stored after ${TIMEOUT_MS / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

const batchesOf = (items: ResponsePayload[]) =>
	Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => {
		const batch = items.slice(i * BATCH, (i + 1) * BATCH);
		return JSON.stringify({ items: batch, suppressed: [], outbox: { pending: items.length - i * BATCH - batch.length, held: 0 } });
	});

/** The script: pair through the API, POST every batch in order, one at a time; ms until all are stored. */
async function script(counter: SyntheticCounter, seed: number, gzip: boolean): Promise<{ ms: number; bytes: number }> {
	const paired = await fetch(`${origin}/api/v1/devices/pair`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code: await pairingCode(counter), installationId: crypto.randomUUID() })
	});
	const { token } = (await paired.json()) as { token: string };
	const bodies = batchesOf(backlog(counter, seed)).map((json) => (gzip ? gzipSync(json) : json));
	const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
	if (gzip) headers['content-encoding'] = 'gzip';
	const started = performance.now();
	for (const body of bodies) {
		const response = await fetch(`${origin}/api/v1/responses`, { method: 'POST', headers, body });
		if (!response.ok) throw new Error(`script batch: ${response.status} ${await response.text()}`);
		await response.arrayBuffer();
	}
	return { ms: await allStored(counter, started), bytes: bodies.reduce((total, body) => total + body.length, 0) };
}

/** How many entries the kiosk's outbox holds (read in the page, with IndexedDB itself). */
const outboxSize = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('puas-kiosk');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const count = open.result.transaction('outbox').objectStore('outbox').count();
					count.onsuccess = () => {
						open.result.close();
						resolve(count.result);
					};
				};
			})
	);

/** The kiosk, paired to `counter`: queue the backlog offline, go online, time the kiosk's own sync. */
async function kiosk(counter: SyntheticCounter, seed: number, throttled: boolean): Promise<{ ms: number; emptyMs: number; requests: number; uploaded: number }> {
	const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'id-ID' });
	try {
		const page = await context.newPage();
		await page.goto(`/kiosk?pair=${await pairingCode(counter)}`);
		await page.getByRole('button', { name: /Sentuh untuk memberi penilaian/ }).waitFor({ timeout: 60_000 });
		await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && navigator.serviceWorker.controller !== null);
		const cdp: CDPSession = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		let requests = 0;
		let uploaded = 0;
		cdp.on('Network.requestWillBeSent', (event: { request: { url: string; method: string; postDataEntries?: { bytes?: string }[] } }) => {
			if (event.request.method !== 'POST' || !event.request.url.endsWith('/api/v1/responses')) return;
			requests++;
			for (const entry of event.request.postDataEntries ?? []) uploaded += entry.bytes ? Buffer.from(entry.bytes, 'base64').length : 0;
		});
		await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
		await page.evaluate(
			(items) =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open('puas-kiosk');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const tx = open.result.transaction(['outbox', 'meta'], 'readwrite');
						const created = Date.now();
						// The outbox's own entry format (src/lib/kiosk/outbox.ts), as SurveySaver leaves each finished survey.
						for (const payload of items) tx.objectStore('outbox').put({ id: payload.id, kind: 'response', seq: payload.seq, payload, createdAt: created, state: 'pending' });
						tx.objectStore('meta').put(items.length + 1, 'nextSeq');
						tx.oncomplete = () => {
							open.result.close();
							resolve();
						};
						tx.onerror = () => reject(tx.error);
					};
				}),
			backlog(counter, seed)
		);
		if ((await outboxSize(page)) !== ITEMS) throw new Error('the backlog was not queued');
		if (throttled) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
		const started = performance.now();
		await cdp.send('Network.emulateNetworkConditions', throttled ? SLOW_NETWORK : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
		const ms = await allStored(counter, started);
		let emptyMs = Number.NaN;
		for (let i = 0; i < 600; i++) {
			if ((await outboxSize(page)) === 0) {
				emptyMs = performance.now() - started;
				break;
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		return { ms, emptyMs, requests, uploaded };
	} finally {
		await context.close();
	}
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']
});
const counters = [...org.counters];
const nextCounter = () => counters.shift()!;
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
let result: Record<string, unknown>;
try {
	log(`${ITEMS.toLocaleString('en')} items in batches of ${BATCH}, ${ROUNDS} rounds; warming the server up with one backlog …`);
	await script(nextCounter(), 1, false);
	const rounds = [];
	for (let round = 1; round <= ROUNDS; round++) {
		const plain = await script(nextCounter(), 10 * round + 2, false);
		const gzip = await script(nextCounter(), 10 * round + 3, true);
		const fast = await kiosk(nextCounter(), 10 * round + 4, false);
		// The script's faster variant is the baseline (the stricter goal).
		const ratio = fast.ms / Math.min(plain.ms, gzip.ms);
		log(
			`round ${round}: script ${seconds(plain.ms)} s plain (${(plain.bytes / 1e6).toFixed(1)} MB), ${seconds(gzip.ms)} s gzip (${(gzip.bytes / 1e6).toFixed(2)} MB); ` +
				`kiosk stored in ${seconds(fast.ms)} s, outbox empty at ${seconds(fast.emptyMs)} s, ${fast.requests} POSTs, ${(fast.uploaded / 1e6).toFixed(2)} MB sent; kiosk ÷ script ${ratio.toFixed(2)}`
		);
		rounds.push({
			scriptPlainSeconds: plain.ms / 1000,
			scriptGzipSeconds: gzip.ms / 1000,
			kioskStoredSeconds: fast.ms / 1000,
			kioskOutboxEmptySeconds: fast.emptyMs / 1000,
			kioskRequests: fast.requests,
			kioskBytesSent: fast.uploaded,
			ratio
		});
	}
	const slow = args['no-throttled'] ? null : await kiosk(nextCounter(), 5, true);
	if (slow) log(`kiosk, CPU × ${CPU_SLOWDOWN} and 1.6 Mbit/s: stored in ${seconds(slow.ms)} s, outbox empty at ${seconds(slow.emptyMs)} s, ${slow.requests} POSTs, ${(slow.uploaded / 1e6).toFixed(2)} MB sent`);
	const ratio = median(rounds.map((r) => r.ratio));
	result = {
		at: new Date().toISOString(),
		machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
		database: 'PostgreSQL (DATABASE_URL, database puas_bench_backlog)',
		items: ITEMS,
		batch: BATCH,
		throttle: { cpuSlowdown: CPU_SLOWDOWN, ...SLOW_NETWORK },
		rounds,
		throttled: slow && { storedSeconds: slow.ms / 1000, outboxEmptySeconds: slow.emptyMs / 1000, requests: slow.requests, bytesSent: slow.uploaded },
		medianRatioKioskToScript: ratio,
		goals: {
			unthrottled: { atMostRatio: GOAL_RATIO, met: ratio <= GOAL_RATIO },
			throttled: slow && { atMostSeconds: GOAL_THROTTLED_S, met: slow.ms / 1000 <= GOAL_THROTTLED_S }
		}
	};
	log(`kiosk ÷ script (the faster of plain and gzip), unthrottled, median of ${ROUNDS}: ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO}): ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'}`);
	if (slow) log(`throttled: ${(slow.ms / 1000).toFixed(1)} s (goal ≤ ${GOAL_THROTTLED_S} s): ${slow.ms / 1000 <= GOAL_THROTTLED_S ? 'met' : 'NOT met'}`);
	if (ratio > GOAL_RATIO || (slow && slow.ms / 1000 > GOAL_THROTTLED_S)) process.exitCode = 1;
} finally {
	await browser.close();
	await stopServer(server);
	await sql.end();
}
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', 'backlog.json'), JSON.stringify(result, null, 2) + '\n');
