/**
 * Benchmark plumbing: percentiles, a fixed-duration concurrent loop, and the built server as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';

function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[index]!;
}

export interface LoopResult {
	operations: number;
	seconds: number;
	perSecond: number;
	p50: number;
	p95: number;
	p99: number;
}

/** Run `operation` from `concurrency` workers for `seconds`; latency in ms per operation. */
export async function loop(concurrency: number, seconds: number, operation: (worker: number) => Promise<void>): Promise<LoopResult> {
	const latencies: number[] = [];
	const deadline = performance.now() + seconds * 1000;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async (_, worker) => {
			while (performance.now() < deadline) {
				const t = performance.now();
				await operation(worker);
				latencies.push(performance.now() - t);
			}
		})
	);
	const elapsed = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	return {
		operations: latencies.length,
		seconds: elapsed,
		perSecond: latencies.length / elapsed,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		p99: percentile(latencies, 99)
	};
}

/** Time `runs` sequential calls of `operation` (after `warmup` untimed ones); latency in ms. */
export async function timeRuns(runs: number, warmup: number, operation: () => Promise<void>) {
	for (let i = 0; i < warmup; i++) await operation();
	const latencies: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await operation();
		latencies.push(performance.now() - t);
	}
	latencies.sort((a, b) => a - b);
	return { runs, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/**
 * Start the built app (`node build`), or another server script given as node arguments, and wait until `readyPath`
 * answers.
 */
export async function startServer(
	env: Record<string, string>,
	port: number,
	nodeArgs: readonly string[] = ['build/index.js'],
	readyPath = '/api/v1/openapi.json'
): Promise<ChildProcess> {
	const child = spawn(process.execPath, nodeArgs, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
	for (let i = 0; i < 600; i++) {
		if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
		try {
			if ((await fetch(`http://127.0.0.1:${port}${readyPath}`)).ok) return child;
		} catch {
			// starting
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('the server did not start');
}

/** CPU seconds (user + system) a process has used so far, from /proc (NaN where there is none). */
export function cpuSeconds(child: ChildProcess): number {
	try {
		const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in clock ticks (USER_HZ = 100)
	} catch {
		return Number.NaN;
	}
}

/**
 * CPU seconds spent so far by the PostgreSQL server processes on this machine (its backends and helpers), read from
 * /proc; NaN where the database runs elsewhere. A backend that exits between two readings takes its share with it, so
 * read around a load whose connections stay open (the pools of the bench and the servers under test).
 */
export function postgresCpuSeconds(): number {
	let ticks = 0;
	let found = false;
	for (const pid of readdirSync('/proc')) {
		if (!/^\d+$/.test(pid)) continue;
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
			const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
			found = true;
		} catch {
			// the process ended while we read
		}
	}
	return found ? ticks / 100 : Number.NaN;
}

export async function stopServer(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET a JSON document over one kept-alive connection (lighter than fetch, so the timing is the server's). */
export function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
	return new Promise((resolve, reject) => {
		const request = httpGet(url, { headers, agent: keepAlive }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				if ((response.statusCode ?? 500) >= 400) reject(new Error(`${response.statusCode}: ${text.slice(0, 200)}`));
				else resolve(JSON.parse(text) as T);
			});
		});
		request.on('error', reject);
	});
}

/** GET a page over one kept-alive connection; resolves with its length (the body is read in full). */
export function getText(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = httpGet(url, { headers, agent: keepAlive }, (response) => {
			let length = 0;
			response.on('data', (chunk: Buffer) => (length += chunk.length));
			response.on('end', () => ((response.statusCode ?? 500) >= 400 ? reject(new Error(`${response.statusCode} for ${url}`)) : resolve(length)));
		});
		request.on('error', reject);
	});
}
