/**
 * What the kiosk route transfers: the JS and CSS a browser loads to show /kiosk's survey, gzip-compressed, from the
 * built app. (The service worker also caches the whole client build once at install, for offline use; that
 * one-time figure is printed too.)
 *
 *   npm run bench:kiosk        (builds first)
 *
 * Follows the kiosk page's module graph from build/client (every static import, and the CSS the entries name) the
 * way the browser does, so code the kiosk never loads (e.g. the dashboard's charts) does not count. Writes
 * bench/results/kiosk-size.json. Goal: ≤ 40 KB gzip.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const GOAL_BYTES = 40 * 1024;
execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });

const clientRoot = join('build', 'client');
const html = readFileSync(join('build', 'prerendered', 'kiosk.html'), 'utf8');
// What the page names: its stylesheets, modulepreloads and the entry scripts it imports.
const queue = [...html.matchAll(/(?:href|src|import\()\s*=?\s*["']([^"']+\.(?:js|css))["']/g)].map((m) => m[1]!);
const seen = new Map<string, { raw: number; gzip: number }>();

function resolvePath(from: string, spec: string): string {
	const base = from.split('/').slice(0, -1).join('/');
	const parts = (spec.startsWith('/') ? spec.slice(1) : `${base}/${spec}`).split('/');
	const out: string[] = [];
	for (const part of parts) {
		if (part === '..') out.pop();
		else if (part !== '.' && part !== '') out.push(part);
	}
	return out.join('/');
}

const pending = queue.map((spec) => resolvePath('kiosk.html', spec.replace(/^\.\//, '')));
while (pending.length) {
	const path = pending.pop()!;
	if (seen.has(path)) continue;
	const content = readFileSync(join(clientRoot, path));
	seen.set(path, { raw: content.length, gzip: gzipSync(content, { level: 9 }).length });
	if (!path.endsWith('.js')) continue;
	const text = content.toString('utf8');
	// Static imports only (import … from "./x.js", import "./x.js"): a dynamic import() loads on demand, e.g. the
	// pairing screen or the staff panel, which a paired kiosk showing its survey never fetches.
	for (const match of text.matchAll(/(?:import|export)\s*(?:[^"'();]*?from\s*)?["']([^"']+\.js)["']/g)) pending.push(resolvePath(path, match[1]!));
}

const rows = [...seen.entries()].map(([file, size]) => ({ file, ...size })).sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
console.table(rows.map((r) => ({ file: r.file, 'raw KB': (r.raw / 1024).toFixed(1), 'gzip KB': (r.gzip / 1024).toFixed(1) })));
console.log(`kiosk JS + CSS: ${(total.raw / 1024).toFixed(1)} KB raw, ${(total.gzip / 1024).toFixed(1)} KB gzip (goal ≤ ${GOAL_BYTES / 1024} KB gzip)`);
const precache = readdirRecursive(clientRoot).filter((f) => /\.(js|css)$/.test(f) && !f.endsWith('service-worker.js'));
const precacheGzip = precache.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
console.log(`service worker one-time precache of the client build: ${precache.length} files, ${(precacheGzip / 1024).toFixed(1)} KB gzip`);
writeFileSync(
	join('bench', 'results', 'kiosk-size.json'),
	JSON.stringify({ at: new Date().toISOString(), files: rows, total, goalBytes: GOAL_BYTES, precache: { files: precache.length, gzip: precacheGzip } }, null, 2) + '\n'
);
if (total.gzip > GOAL_BYTES) process.exitCode = 1;

function readdirRecursive(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? readdirRecursive(join(dir, entry.name)) : [join(dir, entry.name)]
	);
}
