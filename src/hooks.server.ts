import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDatabase } from '$lib/server/db';
import { appliedMigrationCount } from '$lib/server/db/client';
import { shouldSeedDemo } from '$lib/server/demo/policy';
import { registerApiToken } from '$lib/server/access/api-tokens';
import { ensureLocalAdminToken } from '$lib/server/access/local-token';
import { publishStandardInstruments } from '$lib/server/surveys/instruments';

export const init: ServerInit = async () => {
	// Prerendering the kiosk shell runs this too; the build must never open (or seed) a database.
	if (building) return;
	const started = performance.now();
	const { db, kind, close } = await getDatabase();
	process.once('sveltekit:shutdown', () => void close()); // else an open pool keeps `node build` alive after SIGTERM
	console.log(`[puas] database ready: ${kind}, ${await appliedMigrationCount(db)} migrations applied`);
	await publishStandardInstruments(db);
	if (env.ADMIN_API_TOKEN) await registerApiToken(db, env.ADMIN_API_TOKEN, 'ADMIN_API_TOKEN');
	if (env.PUAS_LOCAL_TOKEN !== '0') await ensureLocalAdminToken(db, env.PUAS_TOKEN_FILE || undefined);

	if (shouldSeedDemo(env.PUAS_DEMO, kind)) {
		const { seedDemoIfEmpty } = await import('$lib/server/demo/seed');
		const until = env.PUAS_DEMO_UNTIL ? new Date(env.PUAS_DEMO_UNTIL) : new Date();
		const seeded = await seedDemoIfEmpty(db, until);
		if (seeded.seeded) console.log(`[puas] demo seeded: ${seeded.responses} responses (MPP Kota Kupang)`);
	}
	console.log(`[puas] started in ${Math.round(performance.now() - started)} ms`);
};

/** Pages in the visitor's language. The JSON API has no language, and ingestion should not pay for one. */
const i18n: Handle = ({ event, resolve }) => {
	if (event.url.pathname.startsWith('/api/')) return resolve(event);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	});
};

export const handle = sequence(i18n);
