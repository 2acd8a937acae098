/**
 * Every API handler starts with a guard — requireDevice, requireAdmin, requireOperator, requireReader, requireTicketIssuer, or an explicit allowPublic —
 * so a route can never be left open by forgetting one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const GUARDS = ['requireDevice', 'requireAdmin', 'requireOperator', 'requireReader', 'requireTicketIssuer', 'allowPublic'];
/** Handlers that may be public, and why. Anything else public fails this test. */
const PUBLIC_ROUTES: Record<string, string> = {
	'api/v1/devices/pair/+server.ts': 'a tablet pairs with a one-time code before it has a token (rate-limited)',
	'api/v1/qr/responses/+server.ts': 'citizens rate from their phones without an account (rate-limited)',
	'api/v1/openapi.json/+server.ts': 'the API description is public'
};

function serverFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? serverFiles(path) : entry.name === '+server.ts' ? [path] : [];
	});
}

const routesDir = join(process.cwd(), 'src', 'routes');
const apiFiles = serverFiles(join(routesDir, 'api'));

describe('API route guards', () => {
	it('finds the API routes', () => {
		expect(apiFiles.length).toBeGreaterThanOrEqual(8);
	});

	it.each(apiFiles.map((file) => [relative(routesDir, file), file]))('%s: each handler calls a guard first', (name, file) => {
		const source = readFileSync(file, 'utf8');
		const handlers = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE): RequestHandler = async \((\w+|\{[^)]*\})\) => \{\n([^\n]*)/g)];
		expect(handlers.length, 'handlers must be written `export const METHOD: RequestHandler = async (event) => {`').toBeGreaterThan(0);
		expect(source.match(/export (const|function|async function) (GET|POST|PUT|PATCH|DELETE|fallback)\b/g)?.length).toBe(handlers.length);
		for (const [, method, , firstLine] of handlers) {
			const guard = GUARDS.find((g) => firstLine!.includes(`await ${g}(`));
			expect(guard, `${name} ${method} must start with one of ${GUARDS.join(', ')}`).toBeDefined();
			if (guard === 'allowPublic') expect(PUBLIC_ROUTES[name], `${name} ${method} is public but not listed in PUBLIC_ROUTES`).toBeDefined();
		}
	});
});

/**
 * Pages: the hooks decide by route group (policyFor), before any load or action runs. Every server file under
 * (app) must also take the user's access from signedIn(locals) in each load and each form action — the per-agency
 * checks build on it — and anything outside (app) and the API must be listed as public with a reason.
 */
import { policyFor } from '../../src/lib/server/access/route-policy';

const PUBLIC_PAGES: Record<string, string> = {
	'(public)/+page.server.ts': 'the mall-wide IKM is published for everyone',
	'(public)/+layout.server.ts': 'says only whether the visitor is signed in (the header links to sign-in or to the dashboard)',
	'(public)/login/+page.server.ts': 'signing in (rate-limited per address, accounts lock after 5 wrong passwords)',
	'(public)/setup/+page.server.ts': 'sets the first hall up, only with the one-time link printed at start (410 once a hall exists)',
	'(public)/reset/+page.server.ts': 'sets a new password only with the one-time link an admin handed out (256-bit token, hash stored; 410 once used or after 24 h)',
	'(public)/poster/[...path]/+page.server.ts': 'a printable QR poster for a counter (public by design)',
	'(public)/s/[...path]/+page.server.ts': 'the QR survey citizens open on their phones (rate-limited)',
	'(kiosk)/kiosk/+page.ts': 'the prerendered kiosk shell; the tablet authenticates with its device token',
	'bahasa/+server.ts': 'switches the language cookie (same-site redirects only)',
	'(public)/publik/+page.server.ts': 'the transparency page: only published reports, no comments, no profile cell under 5',
	'(public)/publik/data.csv/+server.ts': 'open data of the published reports (the same figures as /publik)',
	'(public)/publik/data.json/+server.ts': 'open data of the published reports (the same figures as /publik)',
	'(public)/logo/[slug]/+server.ts': "a hall's logo as shown on /publik and the kiosk (checked PNG or script-free SVG, served under a CSP that runs nothing)",
	'(public)/verify/[hash]/+page.server.ts': 'anyone holding a finalized report’s SHA-256 may check it (the 256-bit hash is the key)'
};

function allServerFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return allServerFiles(path);
		return /^\+(page|layout)(\.server)?\.ts$|^\+server\.ts$/.test(entry.name) ? [path] : [];
	});
}

/** "src/routes/(app)/app/admin/users/+page.server.ts" → "/(app)/app/admin/users" (SvelteKit's route id). */
const routeIdOf = (file: string) => '/' + relative(routesDir, file).split('/').slice(0, -1).join('/');

const allFiles = allServerFiles(routesDir).map((file) => ({ file, name: relative(routesDir, file), id: routeIdOf(file) }));
const appFiles = allFiles.filter((f) => f.name.startsWith('(app)/'));

describe('page route guards', () => {
	it('the hooks run the route-group guard after authentication on every request; bodies are counted first and read only after the guard', () => {
		const hooks = readFileSync(join(process.cwd(), 'src', 'hooks.server.ts'), 'utf8');
		const handles = /export const handle = sequence\(([^)]*)\);/.exec(hooks)?.[1]?.split(',').map((name) => name.trim());
		expect(handles?.[0]).toBe('securityHeaders');
		expect(handles).toEqual(expect.arrayContaining(['i18n', 'databaseAvailability', 'limitBodies', 'authenticate', 'guard', 'refuseBadInput']));
		const at = (name: string) => handles!.indexOf(name);
		expect(at('authenticate')).toBe(at('guard') - 1);
		expect(at('limitBodies')).toBeLessThan(at('authenticate'));
		expect(at('guard')).toBeLessThan(at('refuseBadInput'));
		expect(hooks).toMatch(/export const handleError: HandleServerError/);
	});

	it('finds the app routes', () => {
		expect(appFiles.length).toBeGreaterThanOrEqual(8);
	});

	// signedIn: a hall's pages; adminOf: its settings; acrossHalls: the halls pages of a reader across halls; operatorOf:
	// the installation operator's (a new hall); signedInUser:
	// the layout, which serves both.
	const CHECKS = /signedIn\(locals\)|adminOf\(locals\)|acrossHalls\(locals\)|operatorOf\(locals\)|signedInUser\(locals\)/;
	it.each(appFiles.map((f) => [f.name, f]))('%s: signed-in policy, and every load and action starts from signedIn(locals)', (name, f) => {
		const policy = policyFor(f.id);
		expect(policy, `${name}`).toBe(f.id.startsWith('/(app)/app/admin') ? 'admin' : 'signed-in');
		const source = readFileSync(f.file, 'utf8');
		if (name.endsWith('logout/+server.ts')) return; // logout: ends the caller's own session only
		if (name.endsWith('+server.ts')) {
			const handlers = [...source.matchAll(/export const (GET|POST): RequestHandler = async \(([^)]*)\) => \{\n([^\n]*)/g)];
			expect(handlers.length, `${name} has no handler written the checked way`).toBeGreaterThan(0);
			for (const [, method, , firstLine] of handlers) expect(firstLine, `${name} ${method}`).toMatch(/signedIn\(locals\)|acrossHalls\(locals\)/);
			return;
		}
		const loads = [...source.matchAll(/export const load: \w+ = (?:async )?\(([^)]*)\) => \{\n([^\n]*)/g)];
		const actions = [...source.matchAll(/^\t(\w+): async \(([^)]*)\) => \{\n([^\n]*)/gm)];
		expect(loads.length + actions.length, `${name} has no load or action written the checked way`).toBeGreaterThan(0);
		for (const [, , firstLine] of loads) expect(firstLine, `${name} load`).toMatch(CHECKS);
		for (const [, action, , firstLine] of actions) expect(firstLine, `${name} action ${action}`).toMatch(CHECKS);
		if (/signedInUser\(locals\)/.test(source)) expect(name, 'signedInUser is the layout’s only').toBe('(app)/+layout.server.ts');
		if (source.includes('export const actions')) {
			const declared = source.slice(source.indexOf('export const actions')).match(/^\t(\w+): /gm) ?? [];
			expect(actions.length, `${name}: every action must be written \`name: async ({ locals, … }) => {\` with the check first`).toBe(declared.length);
		}
	});

	it('everything outside (app) and the API is public on purpose', () => {
		for (const f of allFiles.filter((f) => !f.name.startsWith('(app)/') && !f.name.startsWith('api/'))) {
			expect(policyFor(f.id), f.name).toBe('public');
			expect(PUBLIC_PAGES[f.name], `${f.name} is public but not listed in PUBLIC_PAGES`).toBeDefined();
		}
	});

	it('the policy itself: groups map to the right requirement', () => {
		expect(policyFor('/(app)/app')).toBe('signed-in');
		expect(policyFor('/(app)/app/comments')).toBe('signed-in');
		expect(policyFor('/(app)/app/admin/users')).toBe('admin');
		expect(policyFor('/api/v1/indicators')).toBe('api');
		expect(policyFor('/(public)/login')).toBe('public');
		expect(policyFor(null)).toBe('public');
	});
});
