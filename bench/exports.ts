/**
 * npm run bench:exports — report exports on a real PostgreSQL (DATABASE_URL), against the built app.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:exports -- [--rows 1000000] [--keep]
 *
 * 1. loads N synthetic responses into one mall (12 agencies) of a fresh database beside DATABASE_URL's;
 * 2. the CSV matrix of all N responses through the app (signed-in admin, streamed over HTTP): rows per second, and the
 *    server's resident memory sampled every 20 ms during the download (peak and before); in the same run two
 *    baselines without the app — the same rows and columns read by postgres.js with a cursor, and the app's very COPY
 *    statement read in this process — and the ratios;
 * 3. the PDF and the XLSX of one agency-year (p50 of 5 runs each), and their ratios to the JSON of the same report
 *    (the figures without rendering), timed in the same run.
 * Prints a table and writes bench/results/exports-<rows>.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { SKM_2017, SKM_CODES } from '../src/lib/domain/instruments';
import { createUser } from '../src/lib/server/auth/users';
import { copyOut, openDb } from '../src/lib/server/db/client';
import { matrixCopyQuery } from '../src/lib/server/reports/queries';
import { answerPositions } from '../src/lib/server/responses/answers';
import { rebuildRollups } from '../src/lib/server/rollups/rebuild';
import { publishStandardInstruments } from '../src/lib/server/surveys/instruments';
import { startServer, stopServer, timeRuns } from './lib/harness';
import { copyResponses, createSyntheticOrg } from './lib/synthetic';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const ROWS = Number(args.rows);
const PORT = 4198;
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl?.startsWith('postgres')) {
	console.error('npm run bench:exports needs DATABASE_URL=postgres://… (a PostgreSQL where it may create a database)');
	process.exit(2);
}
const dbName = `puas_bench_exports_${ROWS}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const log = (message: string) => console.log(`[bench] ${message}`);

// ── 1. data ─────────────────────────────────────────────────────────────────────────────────────────────────────
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
await admin.unsafe(`create database "${dbName}"`);
const { db, close } = await openDb(url, { poolMax: 2 });
const skm = (await publishStandardInstruments(db)).get(SKM_2017.code)!;
const org = await createSyntheticOrg(db, skm, 1);
const mallId = org.mallIds[0]!;
log(`1 mall, ${org.counters.length} counters; loading ${ROWS.toLocaleString('en')} responses with COPY …`);
await copyResponses(url, org, skm, ROWS, new Date('2024-01-01T00:00:00Z'), new Date('2026-11-27T00:00:00Z'));
await rebuildRollups(db);
const raw = postgres(url, { max: 2, onnotice: () => {} });
await raw`analyze`;
const timeZone = (await raw<{ time_zone: string }[]>`select time_zone from malls where id = ${mallId}`)[0]!.time_zone;
const agencyId = org.counters[0]!.agencyId;
const agencyYear = (
	await raw<{ n: string }[]>`select count(*) as n from responses where agency_id = ${agencyId}
		and submitted_at >= ${'2025-01-01T00:00:00+08:00'}::timestamptz and submitted_at < ${'2026-01-01T00:00:00+08:00'}::timestamptz`
)[0]!.n;
log(`loaded; agency-year 2025 holds ${Number(agencyYear).toLocaleString('en')} responses`);

// ── server ──────────────────────────────────────────────────────────────────────────────────────────────────────
if (!existsSync('build/index.js')) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const server = await startServer({ DATABASE_URL: url, ORIGIN: `http://127.0.0.1:${PORT}`, PUAS_DEMO: '0', PUAS_LOCAL_TOKEN: '0' }, PORT);
const base = `http://127.0.0.1:${PORT}`;
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

/** The server's resident set size in MB (Linux /proc). */
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;

/** GET a download, reading it as it streams: seconds, bytes, line breaks and the row-count header. */
function fetchDownload(path: string): Promise<{ seconds: number; bytes: number; lines: number; rowsHeader: number | null }> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const request = httpGet(`${base}${path}`, { headers: { cookie } }, (response) => {
			if ((response.statusCode ?? 500) >= 400) return reject(new Error(`${response.statusCode} for ${path}`));
			let bytes = 0;
			let lines = 0;
			response.on('data', (chunk: Buffer) => {
				bytes += chunk.length;
				for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
			});
			response.on('end', () =>
				resolve({ seconds: (performance.now() - started) / 1000, bytes, lines, rowsHeader: response.headers['x-puas-rows'] ? Number(response.headers['x-puas-rows']) : null })
			);
		});
		request.on('error', reject);
	});
}

// ── 2. CSV of every response ────────────────────────────────────────────────────────────────────────────────────
const csvPath = `/app/reports/download?format=csv&scope=mall-${mallId}&period=custom&from=2023-12-31&to=2026-11-27`;
await fetchDownload(csvPath.replace('2023-12-31', '2026-11-01')); // warm the server's code paths on a small period
const rssBefore = rssMb();
let rssPeak = rssBefore;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb())), 20);
const csv = await fetchDownload(csvPath);
clearInterval(sampler);
rssPeak = Math.max(rssPeak, rssMb());
const csvRows = csv.lines - 1;
if (csvRows !== ROWS || csv.rowsHeader !== ROWS) throw new Error(`the CSV holds ${csvRows} rows (header says ${csv.rowsHeader}), expected ${ROWS}`);

// The raw baseline: the same rows and columns, read by postgres.js with a cursor (no app, no HTTP, no CSV).
let rawRows = 0;
let started = performance.now();
const cursor = raw`select to_char(r.submitted_at at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI') as at, a.name as agency, s.name as service,
		c.code as counter, r.channel, r.status, r.answers, r.sex, r.age_band, r.education, r.occupation
	from responses r join agencies a on a.id = r.agency_id join services s on s.id = r.service_id left join counters c on c.id = r.counter_id
	where r.mall_id = ${mallId} order by r.submitted_at, r.id`.cursor(5000);
for await (const rows of cursor) rawRows += rows.length;
const rawSeconds = (performance.now() - started) / 1000;
if (rawRows !== ROWS) throw new Error(`the raw read gave ${rawRows} rows`);

// PostgreSQL's own ceiling: the app's very COPY statement read in this process (no HTTP, no app server).
const range = { mallId, timeZone, from: '2023-12-31', to: '2026-11-27', receivedBy: null };
started = performance.now();
const copy = (await copyOut(db, matrixCopyQuery({ type: 'mall', id: mallId }, range, await answerPositions(db, SKM_CODES), SKM_CODES), 'format csv'))!;
let copyRows = 0;
for await (const chunk of copy as AsyncIterable<Buffer>) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) copyRows++;
const copySeconds = (performance.now() - started) / 1000;
if (copyRows !== ROWS) throw new Error(`the COPY gave ${copyRows} rows`);

// ── 3. PDF of an agency-year ────────────────────────────────────────────────────────────────────────────────────
const reportPath = (format: string) => `/app/reports/download?format=${format}&scope=agency-${agencyId}&period=year&value=2025`;
let pdfBytes = 0;
const pdf = await timeRuns(5, 1, async () => {
	pdfBytes = (await fetchDownload(reportPath('pdf'))).bytes;
});
const json = await timeRuns(5, 1, async () => {
	await fetchDownload(reportPath('json'));
});
let xlsxBytes = 0;
const xlsx = await timeRuns(5, 1, async () => {
	xlsxBytes = (await fetchDownload(reportPath('xlsx'))).bytes;
});

await stopServer(server);
await raw.end();
await close();
if (!args.keep) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
await admin.end();

// ── report ──────────────────────────────────────────────────────────────────────────────────────────────────────
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const csvRate = ROWS / csv.seconds;
const rawRate = rawRows / rawSeconds;
console.log(`\nPuas export benchmark — ${fmt(ROWS)} responses in one mall, ${cpus().length} × ${cpus()[0]?.model}`);
console.table([
	{ export: 'CSV matrix, all rows (app, HTTP)', rows: fmt(ROWS), seconds: fmt(csv.seconds, 2), 'rows/s': fmt(csvRate), MB: fmt(csv.bytes / 2 ** 20, 1) },
	{ export: 'same rows, postgres.js cursor (raw)', rows: fmt(rawRows), seconds: fmt(rawSeconds, 2), 'rows/s': fmt(rawRate), MB: '' },
	{ export: 'the same COPY, read in-process (no app)', rows: fmt(copyRows), seconds: fmt(copySeconds, 2), 'rows/s': fmt(ROWS / copySeconds), MB: '' }
]);
console.log(`CSV ratio app ÷ raw cursor: ${(csvRate / rawRate).toFixed(2)}; app ÷ in-process COPY: ${(csvRate / (ROWS / copySeconds)).toFixed(2)}; server RSS ${fmt(rssBefore)} MB before, peak ${fmt(rssPeak)} MB during the CSV`);
console.log(
	`agency-year 2025 (${fmt(Number(agencyYear))} responses): PDF p50 ${fmt(pdf.p50, 0)} ms, p95 ${fmt(pdf.p95, 0)} ms (${fmt(pdfBytes / 1024)} KB); ` +
		`JSON p50 ${fmt(json.p50, 0)} ms; PDF ÷ JSON ${(pdf.p50 / json.p50).toFixed(1)}`
);
console.log(
	`agency-year 2025: XLSX p50 ${fmt(xlsx.p50, 0)} ms, p95 ${fmt(xlsx.p95, 0)} ms (${fmt(xlsxBytes / 1024)} KB) beside JSON p50 ${fmt(json.p50, 0)} ms (same run): XLSX ÷ JSON ${(xlsx.p50 / json.p50).toFixed(1)}`
);
const result = {
	at: new Date().toISOString(),
	rows: ROWS,
	machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
	csv: { seconds: csv.seconds, rowsPerSecond: csvRate, bytes: csv.bytes, rssBeforeMb: rssBefore, rssPeakMb: rssPeak },
	rawBaseline: { seconds: rawSeconds, rowsPerSecond: rawRate },
	copyInProcess: { seconds: copySeconds, rowsPerSecond: ROWS / copySeconds },
	ratioCsvToRaw: csvRate / rawRate,
	agencyYear: { responses: Number(agencyYear), pdf: { ...pdf, bytes: pdfBytes }, json, xlsx: { ...xlsx, bytes: xlsxBytes }, ratioPdfToJson: pdf.p50 / json.p50, ratioXlsxToJson: xlsx.p50 / json.p50 }
};
writeFileSync(join('bench', 'results', `exports-${ROWS}.json`), JSON.stringify(result, null, 2) + '\n');
log(`written bench/results/exports-${ROWS}.json`);
