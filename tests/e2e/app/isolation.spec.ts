/**
 * Isolation: every role against every route of the app and the API, with another agency's ids.
 *
 * The routes and form actions are read from src/routes, and every one must have a probe here, so a new route or
 * action fails this test until it is classified. The manager of Dukcapil must never read or change Satpas SIM's
 * data (a foreign unit answers like a missing one), the evaluator reads everything and changes nothing, anonymous
 * visitors are sent to the login page (pages) or get 401 (API), and the foreign rows are checked unchanged after.
 * The same spec runs on PGlite (npm test) and on PostgreSQL (.ci/run: E2E_DATABASE_URL).
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEMO_AGENCIES } from '../../../src/lib/server/demo/kupang';
import { DEMO_SIKKA } from '../../../src/lib/server/demo/sikka';
import { E2E_ADMIN_TOKEN } from '../../../playwright.config';
import { DEMO, signIn } from './session';

const ROUTES_DIR = join(process.cwd(), 'src', 'routes');
const OWN_AGENCY = 'Dinas Kependudukan dan Pencatatan Sipil';
const FOREIGN_AGENCY = DEMO_AGENCIES.find((a) => a.code === 'satpas-sim')!.name;
const FOREIGN_NAMES = DEMO_AGENCIES.filter((a) => a.code !== 'dukcapil').map((a) => a.name);

/** Every route directory with a page or an endpoint, as a URL pattern ("/app/admin/users"), and its form actions. */
function inventory() {
	const found: { path: string; kind: 'page' | 'endpoint'; actions: string[]; file: string }[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name === '+page.svelte' || entry.name === '+server.ts') {
				const path = '/' + relative(ROUTES_DIR, dir).split('/').filter((part) => !/^\(.*\)$/.test(part)).join('/');
				const serverFile = join(dir, '+page.server.ts');
				let actions: string[] = [];
				try {
					const source = readFileSync(serverFile, 'utf8');
					const block = source.slice(source.indexOf('export const actions'));
					actions = source.includes('export const actions') ? [...block.matchAll(/^\t(\w+): async/gm)].map((m) => m[1]!) : [];
				} catch {
					// no server file
				}
				found.push({ path: path === '/' ? '/' : path.replace(/\/$/, ''), kind: entry.name === '+page.svelte' ? 'page' : 'endpoint', actions, file: relative(ROUTES_DIR, full) });
			}
		}
	};
	walk(ROUTES_DIR);
	return found;
}

const ROUTES = inventory();
const APP_PAGES = ROUTES.filter((r) => r.kind === 'page' && r.path.startsWith('/app'));
const ADMIN_PAGES = APP_PAGES.filter((r) => r.path.startsWith('/app/admin'));
/** Pages and downloads under /app that read the whole hall's record (the audit log): admins and evaluators only. */
const CLOSED_TO_MANAGERS = ['/app/audit', '/app/audit/download', '/app/integrity'];
/** The installation operator's pages (a new hall): closed to every role of a hall (regions.spec.ts: the operator's own). */
const OPERATOR_PAGES = ['/app/halls/new', '/app/halls/kinds'];
const MEMBER_PAGES = APP_PAGES.filter((r) => !r.path.startsWith('/app/admin') && !CLOSED_TO_MANAGERS.includes(r.path) && !OPERATOR_PAGES.includes(r.path));

/** The ids the probes use: Satpas SIM's (foreign to the Dukcapil manager), found and created by the admin. */
interface Foreign {
	/** The hall the rows are in. */
	mall: number;
	agency: number;
	service: number;
	counter: number;
	ownAgency: number;
	responseId: string;
	complaint: number;
	followUp: number;
	rule: number;
	alert: number;
	/** A finalized (unpublished) report of the foreign agency. */
	snapshot: string;
	/** An uploaded (uncommitted) historical matrix for the foreign service. */
	upload: number;
	/** An innovation of the foreign agency, registered by the admin. */
	innovation: number;
	/** The foreign service's code (volumes are posted by code). */
	serviceCode: string;
	/** Citizens the foreign agency served in 2025, by the admin's reform sheet, before any probe. */
	served2025: number;
}

/** Citizens an agency served in 2025, read from its reform sheet (JSON) by a reader who may see it. */
async function servedIn2025(context: APIRequestContext, agency: number): Promise<number> {
	const response = await context.get(`/app/reform/download?format=json&scope=agency-${agency}&year=2025`);
	expect(response.status()).toBe(200);
	return (await response.json()).figures.volume.year.current;
}

const idsIn = (html: string, prefix: string) => [...html.matchAll(new RegExp(`scope=${prefix}-(\\d+)`, 'g'))].map((m) => Number(m[1]));
const firstMatch = (text: string, pattern: RegExp, what: string) => {
	const match = text.match(pattern);
	if (!match) throw new Error(`could not find ${what}`);
	return match[1]!;
};

async function post(context: APIRequestContext, baseURL: string, path: string, form: Record<string, string>) {
	return context.post(path, { form, headers: { origin: baseURL, accept: 'text/html' }, maxRedirects: 0 });
}

/** Whose rows a probe aims at: an agency of a hall (its name, its hall's other agency, a service code) and a tag for the texts. */
interface ForeignTarget {
	foreignAgency: string;
	ownAgency: string;
	serviceCode: string;
	/** Appended to the follow-up's, rule's and innovation's texts, so each hall's can be told apart. */
	tag: string;
}

const KUPANG_TARGET: ForeignTarget = {
	foreignAgency: FOREIGN_AGENCY,
	ownAgency: OWN_AGENCY,
	serviceCode: DEMO_AGENCIES.find((a) => a.code === 'satpas-sim')!.services[0]!.code,
	tag: ''
};
/** The demo's second hall (MPP Kabupaten Sikka): its Samsat's rows, made by its own admin, probed by Kupang's users. */
const SIKKA_TARGET: ForeignTarget = {
	foreignAgency: DEMO_SIKKA.agencies.find((a) => a.code === 'samsat')!.name,
	ownAgency: DEMO_SIKKA.agencies.find((a) => a.code === 'dukcapil')!.name,
	serviceCode: DEMO_SIKKA.agencies.find((a) => a.code === 'samsat')!.services[0]!.code,
	tag: ' (Sikka)'
};
const SIKKA_NAMES = [DEMO_SIKKA.mall.name, ...DEMO_SIKKA.agencies.map((a) => a.name)];
const followUpText = (t: ForeignTarget) => `Tambah petugas loket pada jam sibuk${t.tag}`;
const ruleName = (t: ForeignTarget) => `Isolasi: uji${t.tag}`;
const innovationName = (t: ForeignTarget) => `Isolasi: inovasi asing${t.tag}`;

async function prepareForeign(admin: APIRequestContext, baseURL: string, target: ForeignTarget = KUPANG_TARGET): Promise<Foreign> {
	const home = await (await admin.get('/app')).text();
	const agencyOption = (name: string) => Number(firstMatch(home, new RegExp(`value="agency-(\\d+)"[^>]*>\\s*(?:&nbsp;|\\u00a0|\\s)*${name}`), name));
	const mall = Number(firstMatch(home, /value="mall-(\d+)"/, 'the hall'));
	const agency = agencyOption(target.foreignAgency);
	const ownAgency = agencyOption(target.ownAgency);
	const service = idsIn(await (await admin.get(`/app?scope=agency-${agency}`)).text(), 'service')[0]!;
	const counter = idsIn(await (await admin.get(`/app?scope=service-${service}`)).text(), 'counter')[0]!;

	// A Satpas SIM comment, marked as a complaint by the admin, with a follow-up item.
	const comments = await (await admin.get(`/app/comments?agency=${agency}`)).text();
	const responseId = firstMatch(comments, /name="response" value="([0-9a-f-]{36})"/, 'a foreign comment');
	const marked = await post(admin, baseURL, '/app/comments?/markComplaint', { response: responseId });
	expect(marked.status()).toBe(303);
	const complaint = Number(firstMatch(marked.headers()['location']!, /complaint=(\d+)/, 'the complaint id'));
	const created = await post(admin, baseURL, `/app/follow-ups/new?complaint=${complaint}`, {
		complaint: String(complaint),
		action: followUpText(target),
		owner: 'Kepala Satpas',
		due_date: inAMonth()
	});
	expect(created.status()).toBe(303);
	const followUp = Number(firstMatch(created.headers()['location']!, /#follow-up-(\d+)/, 'the follow-up id'));

	// A rule on a Satpas SIM counter that fires at once (every mean is below 4 over a year), and its alert.
	const rule = await post(admin, baseURL, '/app/alerts?/createRule', {
		name: ruleName(target),
		agency: String(agency),
		counter: String(counter),
		window: '365',
		window_unit: 'days',
		threshold: '4',
		min_responses: '1'
	});
	expect(rule.status()).toBe(303);
	const ruleId = Number(firstMatch(rule.headers()['location']!, /#rule-(\d+)/, 'the rule id'));
	expect((await post(admin, baseURL, '/app/alerts?/checkNow', {})).status()).toBe(303);
	const alerts = await (await admin.get('/app/alerts')).text();
	const alert = Number(firstMatch(alerts, new RegExp(`${ruleName(target).replace(/[()]/g, '\\$&')}[\\s\\S]*?name="id" value="(\\d+)"`), 'the foreign alert'));
	// Last year: only an ended period can be final.
	const finalized = await post(admin, baseURL, `/app/reports?/finalize&scope=agency-${agency}&period=year&value=${YEAR - 1}`, {});
	expect(finalized.status()).toBe(303);
	const snapshot = firstMatch(finalized.headers()['location']!, /finalized=([0-9a-f]{64})/, 'the snapshot hash');
	const uploaded = await admin.post('/app/reports/import?/upload', {
		multipart: { service: String(service), period: 'year', value: String(Number(YEAR) - 3), file: { name: 'lama.csv', mimeType: 'text/csv', buffer: Buffer.from('U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n') } },
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(uploaded.status()).toBe(303);
	const upload = Number(firstMatch(uploaded.headers()['location']!, /upload=(\d+)/, 'the upload id'));
	const registered = await post(admin, baseURL, '/app/innovations/edit', {
		name: innovationName(target),
		agency: String(agency),
		launch_date: '2025-05-05',
		kind: 'public-service',
		medium: 'digital',
		stage: 'design'
	});
	expect(registered.status()).toBe(303);
	const innovation = Number(firstMatch(registered.headers()['location']!, /id=(\d+)/, 'the innovation id'));
	const serviceCode = target.serviceCode;
	return { mall, agency, service, counter, ownAgency, responseId, complaint, followUp, rule: ruleId, alert, snapshot, upload, innovation, serviceCode, served2025: await servedIn2025(admin, agency) };
}

/** A due date a follow-up plan takes (from today to two years ahead): a month from now. */
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** A form for each action of the member pages, aimed at the foreign agency's rows. */
function foreignForms(f: Foreign): Record<string, { path: string; form: Record<string, string> }> {
	return {
		'/app/comments?/markComplaint': { path: '/app/comments?/markComplaint', form: { response: f.responseId } },
		'/app/follow-ups?/setStatus': { path: '/app/follow-ups?/setStatus', form: { id: String(f.followUp), status: 'done' } },
		'/app/follow-ups/new?/default': {
			path: '/app/follow-ups/new',
			form: { agency: String(f.agency), unsur: 'U3', action: 'x', owner: 'x', due_date: inAMonth() }
		},
		'/app/alerts?/acknowledge': { path: '/app/alerts?/acknowledge', form: { id: String(f.alert) } },
		'/app/alerts?/setEnabled': { path: '/app/alerts?/setEnabled', form: { id: String(f.rule), enabled: 'false' } },
		'/app/alerts?/deleteRule': { path: '/app/alerts?/deleteRule', form: { id: String(f.rule) } },
		'/app/alerts?/createRule': {
			path: '/app/alerts?/createRule',
			form: { name: 'asing', agency: String(f.agency), counter: '', window: '30', window_unit: 'days', threshold: '3', min_responses: '1' }
		},
		// Not about another agency, but must still be refused to evaluators (they change nothing).
		'/app/alerts?/checkNow': { path: '/app/alerts?/checkNow', form: {} },
		'/app/account?/password': { path: '/app/account?/password', form: { current: 'wrong-password-x', next: 'another-password-1' } },
		'/app/reports?/finalize': { path: `/app/reports?/finalize&scope=agency-${f.agency}&period=year&value=${YEAR - 1}`, form: { reason: 'isolasi' } },
		'/app/reports?/publish': { path: `/app/reports?/publish&scope=agency-${f.agency}&period=year&value=${YEAR}`, form: { hash: f.snapshot, published: 'true' } },
		'/app/reports/import?/upload': { path: '/app/reports/import?/upload', form: { service: String(f.service), period: 'year', value: String(YEAR) } },
		'/app/reports/import?/commit': { path: '/app/reports/import?/commit', form: { upload: String(f.upload) } },
		'/app/innovations/edit?/default': {
			path: `/app/innovations/edit?id=${f.innovation}`,
			form: { name: 'diubah', agency: String(f.agency), launch_date: '2025-05-05', kind: 'governance', medium: 'digital', stage: 'design' }
		},
		'/app/volumes?/save': { path: '/app/volumes?/save', form: { service: f.serviceCode, month: '2025-05', served: '1' } },
		'/app/volumes?/import': { path: '/app/volumes?/import', form: { file: `layanan,bulan,dilayani\n${f.serviceCode},2025-05,1\n` } },
		'/app/reform?/recordOffline': { path: `/app/reform?scope=agency-${f.agency}&year=${YEAR}&/recordOffline`, form: { note: 'asing' } },
		// Archiving a hall is the installation operator's alone: every role of a hall is refused, for its own hall too.
		'/app/halls?/archiveHall': { path: '/app/halls?/archiveHall', form: { hall: String(f.mall) } },
		'/app/halls?/restoreHall': { path: '/app/halls?/restoreHall', form: { hall: String(f.mall) } }
	};
}

/** GET probes of member pages with foreign ids in the query (each page's own parameters). */
const foreignQueries = (f: Foreign): Record<string, string[]> => ({
	'/app': [`/app?scope=agency-${f.agency}`, `/app?scope=service-${f.service}`, `/app?scope=counter-${f.counter}`],
	'/app/comments': [`/app/comments?agency=${f.agency}`, `/app/comments?agency=${f.agency}&q=a`],
	'/app/follow-ups': [`/app/follow-ups?complaint=${f.complaint}`],
	'/app/follow-ups/new': [`/app/follow-ups/new?complaint=${f.complaint}`],
	'/app/alerts': ['/app/alerts'],
	'/app/devices': ['/app/devices'],
	'/app/account': ['/app/account'],
	'/app/reports': [`/app/reports?scope=agency-${f.agency}&period=year&value=${YEAR}`, `/app/reports?scope=service-${f.service}&period=year&value=${YEAR}`],
	'/app/reports/import': [`/app/reports/import?upload=${f.upload}`],
	'/app/innovations': ['/app/innovations'],
	'/app/innovations/edit': [`/app/innovations/edit?id=${f.innovation}`],
	'/app/innovations/impact': [`/app/innovations/impact?id=${f.innovation}`, `/app/innovations/impact?id=${f.innovation}&compare=1`],
	'/app/volumes': ['/app/volumes', `/app/volumes?year=${YEAR}`],
	'/app/reform': [`/app/reform?scope=agency-${f.agency}&year=${YEAR}`, `/app/reform?scope=mall-${f.mall}&year=${YEAR}`],
	// The halls page is for readers across halls: a hall's own users are sent to their dashboard (regions.spec.ts).
	'/app/halls': ['/app/halls', '/app/halls?scope=nation', '/app/halls?scope=region-53']
});

/**
 * The halls pages' endpoints (choosing a hall to look at, the ranking's downloads) are for readers across halls: a
 * hall's own user is sent home, keeps their hall and gets no file (probed below; regions.spec.ts: the readers').
 */
const ACROSS_HALLS = ['/app/halls/[id]', '/app/halls/download'];

/** Endpoints under /app (downloads): a foreign scope or snapshot is a 404 to the manager, a file to the evaluator. */
const foreignDownloads = (f: Foreign): Record<string, string[]> => ({
	'/app/reports/download': [
		`/app/reports/download?format=json&scope=agency-${f.agency}&period=year&value=${YEAR}`,
		`/app/reports/download?format=csv&scope=service-${f.service}&period=year&value=${YEAR}`,
		`/app/reports/download?format=pdf&snapshot=${f.snapshot}`,
		`/app/reports/download?format=quick&scope=agency-${f.agency}&period=year&value=${YEAR}`,
		`/app/reports/download?format=quick&snapshot=${f.snapshot}`
	],
	'/app/reform/download': [`/app/reform/download?format=json&scope=agency-${f.agency}&year=${YEAR}`, `/app/reform/download?format=xlsx&scope=mall-${f.mall}&year=${YEAR}`]
});

/** API endpoints: how each is called, and what each role gets. */
const API_EXPECTED: Record<
	string,
	{ method: 'GET' | 'POST' | 'PATCH' | 'PUT'; path: (f: Foreign) => string; body?: (f: Foreign) => unknown; anonymous: number; manager: number; evaluator: number }
> = {
	'/api/v1/indicators': { method: 'GET', path: (f) => `/api/v1/indicators?scope=agency&id=${f.agency}`, anonymous: 401, manager: 404, evaluator: 200 },
	// The halls a caller may read: a hall's own users their hall only (regions.spec.ts checks the list).
	'/api/v1/halls': { method: 'GET', path: () => '/api/v1/halls', anonymous: 401, manager: 200, evaluator: 200 },
	// Integrity checks are the hall's admins' and evaluators': a manager is refused even for their own agency.
	'/api/v1/integrity': { method: 'GET', path: (f) => `/api/v1/integrity?from=${YEAR}-01-01&to=${YEAR}-12-31&agency=${f.agency}`, anonymous: 401, manager: 403, evaluator: 200 },
	'/api/v1/admin/malls': { method: 'POST', path: () => '/api/v1/admin/malls', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/devices': { method: 'GET', path: () => '/api/v1/admin/devices', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/users': { method: 'GET', path: () => '/api/v1/admin/users', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/responses': { method: 'GET', path: () => '/api/v1/admin/responses?device=1', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/responses/[id]': { method: 'GET', path: (f) => `/api/v1/admin/responses/${f.responseId}`, anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/pairing-codes': { method: 'POST', path: () => '/api/v1/admin/pairing-codes', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/counters/[code]': { method: 'PATCH', path: () => '/api/v1/admin/counters/SIM-01', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/devices/[id]/revoke': { method: 'POST', path: () => '/api/v1/admin/devices/1/revoke', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/malls/[slug]/kiosk-pin': { method: 'PUT', path: () => '/api/v1/admin/malls/mpp-kota-kupang/kiosk-pin', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/rollups/rebuild': { method: 'POST', path: () => '/api/v1/admin/rollups/rebuild', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/tokens': { method: 'GET', path: () => '/api/v1/admin/tokens', anonymous: 401, manager: 403, evaluator: 403 },
	'/api/v1/admin/tokens/[id]/revoke': { method: 'POST', path: () => '/api/v1/admin/tokens/1/revoke', anonymous: 401, manager: 403, evaluator: 403 },
	// Tickets are issued by the hall's queue system or an admin: no manager or evaluator issues one, not even for a
	// counter of another agency (a counter of another hall is a 404 for an admin: tests/integration/tickets.test.ts).
	'/api/v1/tickets': { method: 'POST', path: () => '/api/v1/tickets', body: () => ({ counter: 'SIM-01' }), anonymous: 401, manager: 403, evaluator: 403 },
	// A session is not a device token: the kiosk endpoints refuse users of every role.
	'/api/v1/responses': { method: 'POST', path: () => '/api/v1/responses', anonymous: 401, manager: 401, evaluator: 401 },
	'/api/v1/kiosk/config': { method: 'GET', path: () => '/api/v1/kiosk/config', anonymous: 401, manager: 401, evaluator: 401 },
	// A manager may post only their own services' volumes: another agency's service code is refused (400, names the row).
	'/api/v1/volumes': {
		method: 'POST',
		path: () => '/api/v1/volumes',
		body: (f) => ({ volumes: [{ service: f.serviceCode, month: '2025-05', served: 1 }] }),
		anonymous: 401,
		manager: 400,
		evaluator: 403
	}
};
/** Public on purpose (the static guard test lists why). */
const API_PUBLIC = ['/api/v1/devices/pair', '/api/v1/qr/responses', '/api/v1/openapi.json'];
const PUBLIC_PAGES = ['/', '/login', '/setup', '/reset', '/poster/[...path]', '/s/[...path]', '/kiosk', '/bahasa', '/app/logout', '/verify/[hash]', '/publik', '/publik/data.csv', '/publik/data.json', '/logo/[slug]'];
const YEAR = new Date().getUTCFullYear();

test.describe.configure({ mode: 'serial' });

let foreign: Foreign;
/** Rows of the other hall (Sikka), made by its own admin. */
let sikka: Foreign;
const contexts: Record<'admin' | 'manager' | 'evaluator' | 'anonymous' | 'sikkaAdmin', APIRequestContext> = {} as never;
const SIKKA_ADMIN = { email: 'admin.isolasi@sikka.example.go.id', password: 'tenun-ikat-Maumere-6203' };

test.beforeAll(async ({ baseURL }) => {
	for (const role of ['admin', 'manager', 'evaluator', 'anonymous', 'sikkaAdmin'] as const) {
		contexts[role] = await playwrightRequest.newContext({ baseURL });
		if (role !== 'anonymous' && role !== 'sikkaAdmin') await signIn(contexts[role], baseURL!, DEMO[role]);
	}
	foreign = await prepareForeign(contexts.admin, baseURL!);
	// The other hall's admin, made through the installation's token, sets up that hall's rows.
	const made = await contexts.anonymous.post('/api/v1/admin/users', {
		headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
		data: { mall: DEMO_SIKKA.mall.slug, role: 'admin', name: 'Admin Sikka', ...SIKKA_ADMIN }
	});
	expect(made.status(), await made.text()).toBe(201);
	await signIn(contexts.sikkaAdmin, baseURL!, SIKKA_ADMIN.email, SIKKA_ADMIN.password);
	sikka = await prepareForeign(contexts.sikkaAdmin, baseURL!, SIKKA_TARGET);
});
test.afterAll(async () => {
	for (const context of Object.values(contexts)) await context.dispose();
});

test('every route and form action is classified here', () => {
	const forms = foreignForms({} as Foreign);
	const queries = foreignQueries({} as Foreign);
	const downloads = foreignDownloads({} as Foreign);
	for (const route of ROUTES) {
		if (route.path.startsWith('/api/')) {
			const id = route.path;
			expect(API_EXPECTED[id] !== undefined || API_PUBLIC.includes(id), `${route.file}: add it to API_EXPECTED or API_PUBLIC`).toBe(true);
		} else if (ACROSS_HALLS.includes(route.path) || OPERATOR_PAGES.includes(route.path)) {
			continue; // probed for every role below
		} else if (route.path.startsWith('/app/admin') || CLOSED_TO_MANAGERS.includes(route.path)) {
			continue; // every admin page and action, and each page closed to managers, is probed below by enumeration
		} else if (route.path.startsWith('/app') && route.kind === 'page') {
			expect(queries[route.path], `${route.file}: add its foreign-id GETs to foreignQueries`).toBeDefined();
			for (const action of route.actions) expect(forms[`${route.path}?/${action}`], `${route.file} action ${action}: add it to foreignForms`).toBeDefined();
		} else if (route.path.startsWith('/app') && route.path !== '/app/logout') {
			expect(downloads[route.path], `${route.file}: add its foreign-id GETs to foreignDownloads`).toBeDefined();
		} else {
			expect(PUBLIC_PAGES, `${route.file} is public: list it in PUBLIC_PAGES (and in the static guard test)`).toContain(route.path);
		}
	}
	expect(ADMIN_PAGES.length).toBeGreaterThanOrEqual(4);
	expect(MEMBER_PAGES.length).toBeGreaterThanOrEqual(6);
});

test('anonymous visitors are sent to the login page, or get 401 from the API', async ({ baseURL }) => {
	const anonymous = contexts.anonymous;
	for (const route of APP_PAGES) {
		const response = await anonymous.get(route.path, { maxRedirects: 0 });
		expect(response.status(), route.path).toBe(303);
		expect(response.headers()['location'], route.path).toMatch(/^\/login\?to=/);
		for (const action of route.actions) {
			const posted = await post(anonymous, baseURL!, `${route.path}?/${action}`, {});
			expect([303, 401], `${route.path}?/${action}`).toContain(posted.status());
			if (posted.status() === 303) expect(posted.headers()['location']).toMatch(/^\/login/);
		}
	}
	for (const [id, probe] of Object.entries(API_EXPECTED)) {
		const response = await anonymous.fetch(probe.path(foreign), { method: probe.method, data: probe.method === 'GET' ? undefined : (probe.body?.(foreign) ?? {}) });
		expect(response.status(), id).toBe(probe.anonymous);
	}
	for (const url of [...Object.values(foreignDownloads(foreign)).flat(), ...CLOSED_TO_MANAGERS]) {
		const response = await anonymous.get(url, { maxRedirects: 0 });
		expect([303, 401], url).toContain(response.status());
	}
});

test('the manager reads nothing of another agency: pages, foreign ids and the API', async () => {
	const manager = contexts.manager;
	// Plain visits: the manager's own pages show no other agency anywhere.
	for (const route of MEMBER_PAGES) {
		const response = await manager.get(route.path);
		expect(response.status(), route.path).toBe(200);
		const html = await response.text();
		for (const name of FOREIGN_NAMES) expect(html.includes(name), `${route.path} shows ${name}`).toBe(false);
	}
	// Foreign ids typed into the query: a 404, or a page without any of the foreign rows.
	for (const [path, urls] of Object.entries(foreignQueries(foreign))) {
		for (const url of urls) {
			const response = await manager.get(url);
			const html = await response.text();
			expect([200, 400, 404], url).toContain(response.status());
			for (const name of FOREIGN_NAMES) expect(html.includes(name), `${url} shows ${name}`).toBe(false);
			expect(html.includes(foreign.responseId), `${url} shows the foreign response`).toBe(false);
			expect(html.includes('Tambah petugas loket pada jam sibuk'), `${url} shows the foreign follow-up`).toBe(false);
			expect(html.includes('Isolasi: uji'), `${url} shows the foreign rule`).toBe(false);
			if (path === '/app' || path === '/app/follow-ups/new' || path === '/app/reports' || path === '/app/reports/import') expect(response.status(), url).toBe(404);
		}
	}
	for (const [id, probe] of Object.entries(API_EXPECTED)) {
		const response = await manager.fetch(probe.path(foreign), { method: probe.method, data: probe.method === 'GET' ? undefined : (probe.body?.(foreign) ?? {}) });
		expect(response.status(), id).toBe(probe.manager);
	}
	for (const url of Object.values(foreignDownloads(foreign)).flat()) {
		const response = await manager.get(url);
		expect(response.status(), url).toBe(404);
		const body = await response.text();
		for (const name of FOREIGN_NAMES) expect(body.includes(name), `${url} shows ${name}`).toBe(false);
	}
	for (const path of CLOSED_TO_MANAGERS) expect((await manager.get(path)).status(), path).toBe(403);
	expect((await manager.get(`/api/v1/integrity?from=${YEAR}-01-01&to=${YEAR}-01-31&agency=${foreign.ownAgency}`)).status()).toBe(403);
	// The manager's own agency through the API works.
	expect((await manager.get(`/api/v1/indicators?scope=agency&id=${foreign.ownAgency}`)).status()).toBe(200);
});

test('the manager changes nothing of another agency, and admin pages are closed to them', async ({ baseURL }) => {
	for (const [id, { path, form }] of Object.entries(foreignForms(foreign))) {
		if (id.startsWith('/app/account') || id.endsWith('checkNow')) continue; // the user's own, not another agency's
		const response = await post(contexts.manager, baseURL!, path, form);
		expect([400, 403, 404], `${id} answered ${response.status()}`).toContain(response.status());
	}
	for (const route of ADMIN_PAGES) {
		expect((await contexts.manager.get(route.path)).status(), route.path).toBe(403);
		for (const action of route.actions) expect((await post(contexts.manager, baseURL!, `${route.path}?/${action}`, {})).status(), `${route.path}?/${action}`).toBe(403);
	}
	// Marking an integrity flag reviewed is the admins' and evaluators' (the evaluator's own review is in integrity.spec).
	expect((await post(contexts.manager, baseURL!, '/app/integrity?/review', { key: `burst:device:1:${YEAR}-01-15`, note: 'x' })).status()).toBe(403);
});

test('the evaluator reads everything and changes nothing', async ({ baseURL }) => {
	const evaluator = contexts.evaluator;
	for (const route of MEMBER_PAGES.filter((r) => r.path !== '/app/follow-ups/new' && r.path !== '/app/innovations/edit')) {
		expect((await evaluator.get(route.path)).status(), route.path).toBe(200);
	}
	// Reads the foreign agency (every agency is theirs to read).
	const dashboard = await evaluator.get(`/app?scope=agency-${foreign.agency}`);
	expect(dashboard.status()).toBe(200);
	expect(await dashboard.text()).toContain(FOREIGN_AGENCY);
	expect(await (await evaluator.get('/app/alerts')).text()).toContain('Isolasi: uji');
	// Planning a follow-up is an action: even its form is closed.
	expect((await evaluator.get(`/app/follow-ups/new?complaint=${foreign.complaint}`)).status()).toBe(403);
	for (const [id, { path, form }] of Object.entries(foreignForms(foreign))) {
		if (id.startsWith('/app/account')) continue; // their own password is theirs to change
		const response = await post(evaluator, baseURL!, path, form);
		expect(response.status(), `${id} answered ${response.status()}`).toBe(403);
	}
	for (const route of ADMIN_PAGES) {
		expect((await evaluator.get(route.path)).status(), route.path).toBe(403);
		for (const action of route.actions) expect((await post(evaluator, baseURL!, `${route.path}?/${action}`, {})).status(), `${route.path}?/${action}`).toBe(403);
	}
	for (const [id, probe] of Object.entries(API_EXPECTED)) {
		const response = await evaluator.fetch(probe.path(foreign), { method: probe.method, data: probe.method === 'GET' ? undefined : (probe.body?.(foreign) ?? {}) });
		expect(response.status(), id).toBe(probe.evaluator);
	}
	for (const url of Object.values(foreignDownloads(foreign)).flat()) expect((await evaluator.get(url)).status(), url).toBe(200);
	for (const path of CLOSED_TO_MANAGERS) expect((await evaluator.get(path)).status(), path).toBe(200);
	// The integrity page and API read any agency of the hall, and no other hall (a made-up hall's id is a 404, like a missing one).
	expect((await evaluator.get(`/app/integrity?scope=agency-${foreign.agency}&period=year&value=${YEAR}`)).status()).toBe(200);
	expect((await evaluator.get(`/app/integrity?scope=mall-987654&period=year&value=${YEAR}`)).status()).toBe(404);
	expect((await evaluator.get(`/app/integrity?scope=service-${foreign.service}&period=year&value=${YEAR}`)).status()).toBe(404);
	expect((await evaluator.get(`/api/v1/integrity?from=${YEAR}-01-01&to=${YEAR}-01-31&mall=987654`)).status()).toBe(404);
	expect((await evaluator.get(`/api/v1/integrity?from=${YEAR}-01-01&to=${YEAR}-01-31&agency=987654`)).status()).toBe(404);
});

test('a hall’s own users cannot choose another hall to look at, nor make halls', async ({ baseURL }) => {
	for (const role of ['admin', 'manager', 'evaluator'] as const) {
		const response = await contexts[role].get('/app/halls/2', { maxRedirects: 0 });
		expect(response.status(), role).toBe(303);
		expect(response.headers()['location'], role).toBe('/app');
		expect(response.headers()['set-cookie'] ?? '', role).not.toContain('puas_hall');
		const download = await contexts[role].get('/app/halls/download?format=csv&scope=nation', { maxRedirects: 0 });
		expect(download.status(), `${role} download`).toBe(303);
		expect(download.headers()['location'], role).toBe('/app');
		const halls = await (await contexts[role].get('/api/v1/halls')).json();
		expect(halls.halls.map((h: { slug: string }) => h.slug), role).toEqual(['mpp-kota-kupang']);
	}
	for (const role of ['admin', 'manager', 'evaluator'] as const) {
		for (const route of ROUTES.filter((r) => OPERATOR_PAGES.includes(r.path))) {
			expect((await contexts[role].get(route.path)).status(), `${role} ${route.path}`).toBe(403);
			expect(route.actions.length, route.path).toBeGreaterThan(0);
			for (const action of route.actions) {
				const posted = await post(contexts[role], baseURL!, `${route.path}?/${action}`, { name: 'x', slug: 'balai-asing', timeZone: 'Asia/Makassar', region: '53.71', code: 'asing', nameId: 'Asing', nameEn: 'Foreign' });
				expect(posted.status(), `${role} ${route.path}?/${action}`).toBe(403);
			}
		}
	}
	const anonymous = await contexts.anonymous.get('/app/halls/2', { maxRedirects: 0 });
	expect(anonymous.status()).toBe(303);
	expect(anonymous.headers()['location']).toMatch(/^\/login/);
});

test('a hall’s admin, manager and evaluator reach nothing of another hall: pages, ids, actions, downloads, API', async ({ baseURL }) => {
	for (const role of ['admin', 'manager', 'evaluator'] as const) {
		const context = contexts[role];
		for (const route of MEMBER_PAGES) {
			const html = await (await context.get(route.path)).text();
			for (const name of SIKKA_NAMES) expect(html.includes(name), `${role} ${route.path} shows ${name}`).toBe(false);
		}
		for (const [path, urls] of Object.entries(foreignQueries(sikka))) {
			for (const url of urls) {
				const response = await context.get(url);
				const html = await response.text();
				expect([200, 400, 403, 404], `${role} ${url}`).toContain(response.status());
				for (const name of SIKKA_NAMES) expect(html.includes(name), `${role} ${url} shows ${name}`).toBe(false);
				expect(html.includes(sikka.responseId), `${role} ${url} shows Sikka's response`).toBe(false);
				expect(html.includes(followUpText(SIKKA_TARGET)), `${role} ${url} shows Sikka's follow-up`).toBe(false);
				expect(html.includes(ruleName(SIKKA_TARGET)), `${role} ${url} shows Sikka's rule`).toBe(false);
				if (path === '/app' || path === '/app/follow-ups/new' || path === '/app/reports' || path === '/app/reports/import') {
					// The evaluator may not even open the follow-up form (403), whoever's the complaint.
					expect(response.status(), `${role} ${url}`).toBe(role === 'evaluator' && path === '/app/follow-ups/new' ? 403 : 404);
				}
			}
		}
		for (const url of Object.values(foreignDownloads(sikka)).flat()) expect((await context.get(url)).status(), `${role} ${url}`).toBe(404);
		for (const [id, { path, form }] of Object.entries(foreignForms(sikka))) {
			if (id.startsWith('/app/account') || id.endsWith('checkNow')) continue; // the user's own, not the other hall's
			const response = await post(context, baseURL!, path, form);
			expect([400, 403, 404], `${role} ${id} answered ${response.status()}`).toContain(response.status());
		}
		expect((await context.get(`/api/v1/indicators?scope=agency&id=${sikka.agency}`)).status(), role).toBe(404);
		expect((await context.get(`/api/v1/indicators?scope=counter&id=${sikka.counter}`)).status(), role).toBe(404);
		expect((await context.get(`/api/v1/integrity?from=${YEAR}-01-01&to=${YEAR}-01-31&agency=${sikka.agency}`)).status(), role).toBe(role === 'manager' ? 403 : 404);
	}
	// The admin API of a hall's session reaches no row of the other hall either.
	expect((await contexts.admin.get(`/api/v1/admin/responses/${sikka.responseId}`)).status()).toBe(404);
	expect((await contexts.admin.get('/api/v1/admin/users?mall=mpp-kabupaten-sikka')).status()).toBe(404);
	// And Sikka's rows are as its admin left them.
	await expectUnchanged(contexts.sikkaAdmin, sikka, SIKKA_TARGET);
});

/** The rows `prepareForeign` made for `target` are as its admin left them (rule on, alert open, follow-up planned …). */
async function expectUnchanged(admin: APIRequestContext, f: Foreign, target: ForeignTarget) {
	const alerts = await (await admin.get('/app/alerts')).text();
	expect(alerts).toContain(ruleName(target));
	expect(alerts).toMatch(new RegExp(`action="\\?/acknowledge"[\\s\\S]{0,400}name="id" value="${f.alert}"`));
	expect(alerts).toMatch(new RegExp(`name="id" value="${f.rule}"\\s*/>\\s*<input type="hidden" name="enabled" value="false"`));
	const followUps = await (await admin.get(`/app/follow-ups?complaint=${f.complaint}`)).text();
	expect(followUps).toContain(followUpText(target));
	expect(followUps).toMatch(new RegExp(`\\{id:${f.followUp},[^}]*status:"planned",closedAt:null`));
	const reports = await (await admin.get(`/app/reports?scope=agency-${f.agency}&period=year&value=${YEAR}`)).text();
	expect(reports).toMatch(new RegExp(`name="hash" value="${f.snapshot}"\\s*/>\\s*<input type="hidden" name="published" value="true"`));
	const upload = await (await admin.get(`/app/reports/import?upload=${f.upload}`)).text();
	expect(upload).toMatch(new RegExp(`name="upload" value="${f.upload}"`));
	expect(await (await admin.get(`/app/innovations/impact?id=${f.innovation}`)).text()).toContain(innovationName(target));
	expect(await servedIn2025(admin, f.agency)).toBe(f.served2025);
}

test('after all that, the foreign rows are as the admin left them', async () => {
	const admin = contexts.admin;
	await expectUnchanged(admin, foreign, KUPANG_TARGET);
	// Every admin page opens for the admin.
	for (const route of APP_PAGES.filter((r) => !OPERATOR_PAGES.includes(r.path))) expect((await admin.get(route.path)).status(), route.path).toBe(200);
});
