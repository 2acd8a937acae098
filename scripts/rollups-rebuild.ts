/**
 * npm run rollups:rebuild — recompute every rollup from the raw responses.
 *
 * With DATABASE_URL (PostgreSQL) it works on the database directly, with or without the app running. On embedded
 * PGlite, which only the server process may open, it asks the running server (as the device:* commands do), found at
 * `--url <base>`, else PUAS_URL, else ORIGIN, else http://localhost:$PORT (3000).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPostgresUrl, openDb } from '../src/lib/server/db/client';
import { rebuildRollups } from '../src/lib/server/rollups/rebuild';
import { SERVER_URL_HELP, serverUrl } from './lib/server-url';

const started = performance.now();
let result: { itemRows: number; countRows: number };
if (isPostgresUrl(process.env.DATABASE_URL)) {
	const { db, close } = await openDb(process.env.DATABASE_URL);
	result = await rebuildRollups(db);
	await close();
} else {
	const { values } = parseArgs({ options: { url: { type: 'string' } } });
	const server = serverUrl(values.url, process.env);
	if ('problem' in server) {
		process.stderr.write(`puas: ${server.problem} (server: ${SERVER_URL_HELP})\n`);
		process.exit(1);
	}
	const base = server.url;
	const tokenFile = process.env.PUAS_TOKEN_FILE ?? './data/admin-token';
	const token = process.env.ADMIN_API_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '');
	const response = await fetch(new URL('/api/v1/admin/rollups/rebuild', base), {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, accept: 'application/json' }
	}).catch(() => {
		process.stderr.write(`puas: cannot reach Puas at ${base}; start it (npm start) or set DATABASE_URL\n`);
		process.exit(1);
	});
	if (!response.ok) {
		process.stderr.write(`puas: ${response.status} ${(await response.text()).slice(0, 200)}\n`);
		process.exit(1);
	}
	result = await response.json();
}
console.log(`rollups rebuilt: ${result.itemRows} item rows, ${result.countRows} count rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
