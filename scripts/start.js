// `npm start`: build if the sources changed since the last build, then serve the app (migrations and, on an
// empty embedded database, the Kupang demo run in the server's init hook) and print where it listens.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const buildEntry = join(root, 'build', 'handler.js');
const inputs = ['src', 'static', 'messages', 'drizzle', 'project.inlang', 'package-lock.json', 'svelte.config.js', 'vite.config.ts'];

/** Newest modification time under a path (files and folders), ignoring generated code. */
function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = stat.mtimeMs;
	for (const entry of readdirSync(path)) {
		if (entry === 'paraglide') continue;
		latest = Math.max(latest, newest(join(path, entry)));
	}
	return latest;
}

const builtAt = existsSync(buildEntry) ? statSync(buildEntry).mtimeMs : 0;
if (builtAt < Math.max(...inputs.map((input) => newest(join(root, input))))) {
	console.log('[puas] building the app (first start or sources changed) …');
	const built = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (built.status !== 0) process.exit(built.status ?? 1);
}

process.env.PORT ??= '3000';
process.env.HOST ??= '0.0.0.0';
// adapter-node needs the public origin, or form posts fail its CSRF check on plain http.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
process.chdir(root);

await import(join(root, 'build', 'index.js'));

// The server listens once its init hook (migrations, demo seed) is done; say where as soon as it answers.
const url = process.env.ORIGIN;
for (let attempt = 0; attempt < 600; attempt++) {
	try {
		const response = await fetch(`http://127.0.0.1:${process.env.PORT}/`);
		if (response.ok) {
			console.log(`\n[puas] ready: open ${url}\n`);
			break;
		}
	} catch {
		// not listening yet
	}
	await new Promise((resolve) => setTimeout(resolve, 200));
}
