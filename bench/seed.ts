/**
 * Seed-time benchmark: the Kupang demo (~100 000 responses) into a fresh database.
 *
 *   npm run bench:seed                 PGlite in memory and on disk
 *   DATABASE_URL=postgres://… npm run bench:seed   … and a fresh PostgreSQL database beside that URL's
 *
 * Prints a table and writes bench/results/seed.json. The baseline in the same run is generating the same
 * responses without storing them, so the ratio shows what the database adds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDb } from '../src/lib/server/db/client';
import { generateDemoResponses } from '../src/lib/server/demo/generate';
import { seedDemoIfEmpty } from '../src/lib/server/demo/seed';

const until = new Date();
const rows: { target: string; responses: number; seconds: number; perSecond: number; vsGenerate: number }[] = [];

let started = performance.now();
const generated = [...generateDemoResponses(until)].length;
const generateSeconds = (performance.now() - started) / 1000;
rows.push({ target: 'generate only (baseline)', responses: generated, seconds: generateSeconds, perSecond: generated / generateSeconds, vsGenerate: 1 });

async function measure(target: string, url: string | undefined, options: Parameters<typeof openDb>[1] = {}) {
	const handle = await openDb(url, options);
	started = performance.now();
	const result = await seedDemoIfEmpty(handle.db, until);
	const seconds = (performance.now() - started) / 1000;
	await handle.close();
	rows.push({ target, responses: result.responses, seconds, perSecond: result.responses / seconds, vsGenerate: seconds / generateSeconds });
}

await measure('PGlite in memory', 'memory://');
const dir = mkdtempSync(join(tmpdir(), 'puas-bench-seed-'));
await measure('PGlite on disk', undefined, { pgliteDir: dir });
rmSync(dir, { recursive: true, force: true });

if (process.env.DATABASE_URL) {
	const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
	const name = `puas_bench_seed_${Date.now()}`;
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(process.env.DATABASE_URL);
	url.pathname = `/${name}`;
	try {
		await measure('PostgreSQL', url.toString());
	} finally {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
	}
}

console.table(
	rows.map((r) => ({
		target: r.target,
		responses: r.responses,
		seconds: r.seconds.toFixed(2),
		'responses/s': Math.round(r.perSecond),
		'× generate time': r.vsGenerate.toFixed(1)
	}))
);
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
writeFileSync(join('bench', 'results', 'seed.json'), JSON.stringify({ at: new Date().toISOString(), machine, rows }, null, 2) + '\n');
