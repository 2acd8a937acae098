/**
 * Start-up benchmark for `npm start`: the build, then spawn → first HTTP 200 on `/` with a fresh embedded
 * database (initdb, migrations, demo seed) and again with the warm one, and how long SIGTERM takes to exit.
 *
 *   npm run bench:startup
 *
 * Prints a table and writes bench/results/startup.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const port = 3900 + Math.floor(Math.random() * 90);
const dataDir = mkdtempSync(join(tmpdir(), 'puas-bench-start-'));
const rows: { run: string; seconds: number }[] = [];

let started = performance.now();
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(1);
rows.push({ run: 'npm run build', seconds: (performance.now() - started) / 1000 });

async function startOnce(run: string) {
	const begin = performance.now();
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...process.env, PORT: String(port), PGLITE_DIR: dataDir, DATABASE_URL: '', PUAS_DEMO: '' },
		stdio: 'ignore'
	});
	for (;;) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
		} catch {
			// not up yet
		}
		if (child.exitCode !== null) throw new Error(`${run}: the server exited with ${child.exitCode}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	rows.push({ run: `${run}: spawn → first 200`, seconds: (performance.now() - begin) / 1000 });
	const stopping = performance.now();
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
	rows.push({ run: `${run}: SIGTERM → exit`, seconds: (performance.now() - stopping) / 1000 });
}

try {
	await startOnce('fresh data dir (initdb, migrate, seed)');
	await startOnce('warm data dir');
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}

console.table(rows.map((r) => ({ run: r.run, seconds: r.seconds.toFixed(2) })));
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
writeFileSync(join('bench', 'results', 'startup.json'), JSON.stringify({ at: new Date().toISOString(), machine, rows }, null, 2) + '\n');
