import { error, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDatabase, getDb } from '$lib/server/db';
import { appliedMigrationCount, migrationNote, withStartupLock } from '$lib/server/db/client';
import { shouldSeedDemo } from '$lib/server/demo/policy';
import { configuredTokenProblem, registerConfiguredToken, retireConfiguredToken } from '$lib/server/access/api-tokens';
import { ensureLocalAdminToken, localTokenLabel } from '$lib/server/access/local-token';
import { offerSetupLink, setupLinkFile } from '$lib/server/setup/hall-setup';
import { publishStandardInstruments } from '$lib/server/surveys/instruments';
import { policyFor } from '$lib/server/access/route-policy';
import { JOBS } from '$lib/server/jobs/jobs';
import { startJobs } from '$lib/server/jobs/scheduler';
import { healRollups } from '$lib/server/rollups/rebuild';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie, validateSessionToken } from '$lib/server/auth/sessions';
import { accessOf } from '$lib/server/auth/users';
import { HALL_COOKIE, hallInView } from '$lib/server/access/hall-in-view';
import { databaseAvailability, limitBodies, refuseBadInput, securityHeaders, unexpectedErrorBody } from '$lib/server/edge/hooks';

export const init: ServerInit = async () => {
	// Prerendering runs this too; the build must never open (or seed) a database.
	if (building) return;
	const started = performance.now();
	const adminToken = env.ADMIN_API_TOKEN || undefined;
	const tokenProblem = adminToken ? configuredTokenProblem(adminToken) : null;
	if (tokenProblem) throw new Error(`ADMIN_API_TOKEN ${tokenProblem}`);
	const { db, kind, close, migrationsApplied } = await getDatabase();
	process.once('sveltekit:shutdown', () => void close()); // else an open pool keeps `node build` alive after SIGTERM
	console.log(`[puas] database ready: ${kind}, ${migrationNote(migrationsApplied, await appliedMigrationCount(db))}`);
	// Instances starting together on one empty database take turns: each start-up write runs once, the others find it done.
	await withStartupLock(db, kind, async () => {
		await publishStandardInstruments(db);
		// A migration that changed the rollups' shape empties them; they are rebuilt from the raw responses here.
		if (await healRollups(db)) console.log('[puas] rollups rebuilt from the stored responses');
		// A configured token replaces the one before it; a setting removed revokes the token it held.
		if (adminToken) await registerConfiguredToken(db, adminToken, 'ADMIN_API_TOKEN');
		else await retireConfiguredToken(db, 'ADMIN_API_TOKEN');
		if (env.PUAS_LOCAL_TOKEN !== '0') await ensureLocalAdminToken(db, env.PUAS_TOKEN_FILE || undefined);
		else await retireConfiguredToken(db, localTokenLabel(env.PUAS_TOKEN_FILE || undefined));
		if (shouldSeedDemo(env.PUAS_DEMO, kind)) {
			const { seedDemoIfEmpty } = await import('$lib/server/demo/seed');
			const until = env.PUAS_DEMO_UNTIL ? new Date(env.PUAS_DEMO_UNTIL) : new Date();
			const seeded = await seedDemoIfEmpty(db, until);
			if (seeded.seeded) console.log(`[puas] demo seeded: ${seeded.responses} responses (MPP Kota Kupang and MPP Kabupaten Sikka)`);
		}
		// No hall yet: a one-time link to set one up (it dies when used; a later start prints a new one).
		const setupLink = await offerSetupLink(db, env.ORIGIN || `http://localhost:${env.PORT || 3000}`, setupLinkFile(env.PUAS_TOKEN_FILE || undefined));
		if (setupLink) console.log(`[puas] no hall yet: set one up at ${setupLink}`);
	});
	// Alert checks each minute, pruning each hour: once per slot across all instances (a lease row in PostgreSQL).
	const stopJobs = startJobs(db, JOBS);
	process.once('sveltekit:shutdown', stopJobs);
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

/** Who is signed in: the session cookie, checked against the database (every instance sees the same sessions). */
const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.access = null;
	event.locals.reach = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const db = await getDb();
		const session = await validateSessionToken(db, token);
		const secure = event.url.protocol === 'https:';
		if (session) {
			setSessionCookie(event.cookies, token, session.expiresAt, secure);
			event.locals.user = session.user;
			event.locals.reach = await accessOf(db, session.user);
			// A reader across halls looks at one hall at a time (chosen on /app/halls); a hall's own user at theirs.
			event.locals.access = await hallInView(db, event.locals.reach, event.cookies.get(HALL_COOKIE));
		} else deleteSessionCookie(event.cookies, secure);
	}
	return resolve(event);
};

/** The route group's policy, enforced before any load function or form action of the route runs. */
const guard: Handle = async ({ event, resolve }) => {
	const policy = policyFor(event.route.id);
	if ((policy === 'signed-in' || policy === 'admin') && !event.locals.user) {
		redirect(303, `/login?to=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	if (policy === 'admin' && event.locals.user?.role !== 'admin') error(403, { message: 'admins only', code: 'forbidden' });
	return resolve(event);
};

// Bodies are counted from the first byte (limitBodies) but read only after the guard, so an anonymous visitor's body
// never gets parsed for a route they may not use.
export const handle = sequence(securityHeaders, i18n, databaseAvailability, limitBodies, authenticate, guard, refuseBadInput);

/** An unexpected error: logged with an id; the visitor gets a translated sentence and that id, never a stack. */
export const handleError: HandleServerError = ({ error: failure, event, status }) => unexpectedErrorBody(event, failure, status);
