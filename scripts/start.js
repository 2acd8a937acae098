// `npm start`: build if the sources changed since the last build, then serve the app (migrations and, on an
// empty embedded database, the Kupang demo run in the server's init hook) and print where it listens.
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.js';

const root = new URL('..', import.meta.url).pathname;

/** Whether the server seeds the demo into an empty database (as src/lib/server/demo/policy.ts decides). */
function demoPolicy() {
	const setting = process.env.PUAS_DEMO;
	if (setting === '0') return false;
	if (setting === '1') return true;
	return !/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
}

/** The demo's accounts (src/lib/server/demo/users.ts; a test keeps the two lists equal). */
function printDemoLogins() {
	const logins = [
		['admin', 'admin@puas.demo'],
		['manager (Dukcapil)', 'manager@puas.demo'],
		['evaluator', 'evaluator@puas.demo'],
		['operator (every hall, no hall of its own)', 'operator@puas.demo'],
		['evaluator of NTT province (both halls)', 'inspektorat@puas.demo']
	];
	console.log('[puas] demo sign-in (password puas-demo-2026), if this database holds the demo:');
	for (const [role, email] of logins) console.log(`         ${email.padEnd(22)} ${role}`);
	console.log('');
}

buildIfStale();

process.env.PORT ??= '3000';
// adapter-node's own cap, a last line above the largest per-route limit (the import page's 16 MiB; see
// src/lib/server/edge/body-limits.ts): each route's limit is counted as the bytes arrive, before this one.
process.env.BODY_SIZE_LIMIT ??= '17M';
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
			if (demoPolicy()) printDemoLogins();
			break;
		}
	} catch {
		// not listening yet
	}
	await new Promise((resolve) => setTimeout(resolve, 200));
}
