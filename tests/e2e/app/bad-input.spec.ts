/**
 * Bad input never answers 500: every page with every query parameter it reads, every form action and every API
 * route, given ids past 2³¹ − 1, dates that do not exist, non-UUIDs, NUL bytes and empty bodies — as admin (who
 * reaches everything). Each gets a 4xx or its page, and no answer shows a stack trace.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEMO, signIn } from './session';

const ROUTES_DIR = join(process.cwd(), 'src', 'routes');

/** Every page under /app with its form actions (read from src/routes, so a new one is probed without editing this). */
function appPages() {
	const pages: { path: string; actions: string[] }[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name === '+page.svelte') {
				const path = '/' + relative(ROUTES_DIR, dir).split('/').filter((part) => !/^\(.*\)$/.test(part)).join('/');
				if (!path.startsWith('/app')) continue;
				let actions: string[] = [];
				try {
					const source = readFileSync(join(dir, '+page.server.ts'), 'utf8');
					if (source.includes('export const actions')) actions = [...source.slice(source.indexOf('export const actions')).matchAll(/^\t(\w+): async/gm)].map((m) => m[1]!);
				} catch {
					// a page without a server file
				}
				pages.push({ path, actions });
			}
		}
	};
	walk(ROUTES_DIR);
	return pages;
}

const BIG = '9999999999';
/** Every query parameter the app's pages read, each with values that must not reach PostgreSQL as they are. */
const BAD_QUERIES = [
	`scope=agency-${BIG}`,
	`scope=service-${BIG}`,
	`scope=counter-${BIG}`,
	`scope=mall-${BIG}`,
	`id=${BIG}`,
	`upload=${BIG}`,
	`complaint=${BIG}`,
	`agency=${BIG}`,
	'period=custom&from=2025-02-30&to=2025-03-01',
	'period=month&value=2025-13',
	'from=2025-02-30&to=2025-02-31',
	'year=99999',
	'days=99999999999',
	'page=9999999999',
	'q=antre%00lama',
	'snapshot=%00',
	'format=pdf&snapshot=not-a-hash'
];

/** One form that names every field the app's forms read, each with a value that must be refused, not crash. */
const BAD_FORM: Record<string, string> = {
	id: BIG,
	agency: BIG,
	service: BIG,
	counter: BIG,
	device: BIG,
	user: BIG,
	token: BIG,
	upload: BIG,
	complaint: BIG,
	agencies: BIG,
	response: 'not-a-uuid',
	hash: 'not-a-hash',
	due_date: '2025-02-30',
	launch_date: '2025-02-30',
	from: '2025-02-30',
	to: '2025-02-31',
	month: '2025-13',
	served: '99999999999999',
	served_online: '-1',
	window: BIG,
	threshold: 'NaN',
	min_responses: BIG,
	minIntervalSeconds: BIG,
	status: 'nonsense',
	published: 'maybe',
	period: 'custom',
	value: '2025-02-30..2025-02-31'
};
const NUL_FORM: Record<string, string> = Object.fromEntries(
	['name', 'code', 'email', 'label', 'action', 'owner', 'note', 'description', 'current', 'next', 'password', 'q'].map((field) => [field, `x\u0000y`])
);

let admin: APIRequestContext;
test.beforeAll(async ({ baseURL }) => {
	admin = await playwrightRequest.newContext({ baseURL });
	await signIn(admin, baseURL!, DEMO.admin);
});
test.afterAll(async () => {
	await admin.dispose();
});

async function expectHandled(response: APIResponse, what: string) {
	expect(response.status(), what).toBeLessThan(500);
	const body = await response.text();
	expect(body, `${what} shows a stack`).not.toMatch(/\n\s+at [\w$.<>]+ \(|node_modules|\.ts:\d+:\d+/);
}

test('every page answers bad query values with a page or a 4xx, never a 500', async () => {
	// A sweep of every page with every bad query: over a hundred page loads, some of them full reports.
	test.setTimeout(120_000);
	const pages = appPages();
	expect(pages.length).toBeGreaterThan(15);
	for (const page of pages) {
		for (const query of BAD_QUERIES) await expectHandled(await admin.get(`${page.path}?${query}`), `${page.path}?${query}`);
	}
	for (const download of ['/app/reports/download', '/app/reform/download']) {
		for (const query of BAD_QUERIES) await expectHandled(await admin.get(`${download}?format=json&${query}`), `${download}?${query}`);
	}
});

test('every form action answers bad ids, impossible dates and NUL bytes with a 4xx, never a 500', async ({ baseURL }) => {
	const headers = { origin: baseURL!, accept: 'text/html' };
	for (const page of appPages()) {
		for (const action of page.actions) {
			const target = action === 'default' ? page.path : `${page.path}?/${action}`;
			await expectHandled(await admin.post(target, { form: BAD_FORM, headers, maxRedirects: 0 }), `${target} (bad ids and dates)`);
			const nul = await admin.post(target, { form: NUL_FORM, headers, maxRedirects: 0 });
			await expectHandled(nul, `${target} (NUL)`);
			expect(nul.status(), `${target} (NUL)`).toBe(400);
			// An enhanced form (use:enhance) sends multipart and reads an action result: refused the same way.
			const multipart = await admin.post(target, { multipart: NUL_FORM, headers: { origin: baseURL!, accept: 'application/json', 'x-sveltekit-action': 'true' }, maxRedirects: 0 });
			await expectHandled(multipart, `${target} (NUL, multipart)`);
			const result = (await multipart.json()) as { type?: string; status?: number };
			expect(multipart.status() === 400 || (result.type === 'failure' && result.status === 400), `${target} (NUL, multipart): ${JSON.stringify(result)}`).toBe(true);
		}
	}
});

test('a follow-up plan due in the past or more than two years ahead is refused, naming the due date', async ({ baseURL }) => {
	const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date(Date.now() + offset * 86_400_000));
	const form = (due: string) => ({ agency: '1', unsur: 'U3', action: 'Tambah petugas loket', owner: 'Kepala UPT', due_date: due });
	for (const due of [day(-1), day(3 * 366)]) {
		const response = await admin.post('/app/follow-ups/new', { form: form(due), headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
		expect(response.status(), due).toBe(400);
		expect(await response.text(), due).toContain('Batas waktu harus hari ini atau sesudahnya, paling lambat dua tahun dari hari ini.');
	}
	// The form offers only the dates it takes.
	const page = await (await admin.get('/app/follow-ups/new')).text();
	expect(page).toMatch(new RegExp(`name="due_date"[^>]*min="${day(0)}"|min="${day(0)}"[^>]*name="due_date"`));
});

test('a form post naming the reserved action "default" is a 400', async ({ baseURL }) => {
	const response = await admin.post('/app/follow-ups/new?/default', { form: BAD_FORM, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	await expectHandled(response, '?/default');
	expect(response.status()).toBe(400);
});

test('public pages with a NUL or a foreign byte in their path answer 400 or 404', async () => {
	for (const path of ['/s/%00', '/s/mpp%00/DKP-01', '/poster/%00', '/verify/%00', `/verify/${'0'.repeat(64)}`, '/app/%00']) {
		const response = await admin.get(path, { maxRedirects: 0 });
		await expectHandled(response, path);
		expect([303, 400, 404], path).toContain(response.status());
	}
});

test('the API answers bad ids, empty bodies and NUL bytes with a 4xx naming the problem', async () => {
	const token = { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}` };
	const cases: { what: string; run: () => Promise<APIResponse>; status: number }[] = [
		{ what: 'indicators id past 2³¹', run: () => admin.get(`/api/v1/indicators?scope=agency&id=${BIG}`, { headers: token }), status: 400 },
		{ what: 'indicators 30 February', run: () => admin.get('/api/v1/indicators?scope=mall&id=1&from=2025-02-30', { headers: token }), status: 400 },
		{ what: 'revoke device past 2³¹', run: () => admin.post(`/api/v1/admin/devices/${BIG}/revoke`, { headers: token }), status: 404 },
		{ what: 'revoke token past 2³¹', run: () => admin.post(`/api/v1/admin/tokens/${BIG}/revoke`, { headers: token }), status: 404 },
		{ what: 'responses of device past 2³¹', run: () => admin.get(`/api/v1/admin/responses?device=${BIG}`, { headers: token }), status: 400 },
		{ what: 'a response id that is no UUID', run: () => admin.get('/api/v1/admin/responses/------------------------------------', { headers: token }), status: 404 },
		{ what: 'an empty PATCH of a counter', run: () => admin.patch('/api/v1/admin/counters/DKP-01', { headers: token, data: {} }), status: 400 },
		{ what: 'a PATCH without a body', run: () => admin.patch('/api/v1/admin/counters/DKP-01', { headers: { ...token, 'content-type': 'application/json' } }), status: 400 },
		{ what: 'a counter code with a NUL', run: () => admin.patch('/api/v1/admin/counters/DKP%00', { headers: token, data: { surveyMode: 'quick' } }), status: 400 },
		{ what: 'pairing with a NUL in the name', run: () => admin.post('/api/v1/devices/pair', { data: { code: '123456', installationId: crypto.randomUUID(), name: 'tab\u0000' } }), status: 400 },
		{ what: 'a phone rating with a NUL in the path', run: () => admin.post('/api/v1/qr/responses', { data: { path: 'DKP\u0000', item: {} } }), status: 400 },
		{
			what: 'a user with a NUL in the name',
			run: () => admin.post('/api/v1/admin/users', { headers: token, data: { email: 'nul@example.go.id', name: 'Nu\u0000l', role: 'evaluator', password: 'kuda-lompat-jendela-biru' } }),
			status: 400
		},
		{ what: 'a token with a NUL in the label', run: () => admin.post('/api/v1/admin/tokens', { headers: token, data: { label: 'x\u0000' } }), status: 400 }
	];
	for (const probe of cases) {
		const response = await probe.run();
		await expectHandled(response, probe.what);
		expect(response.status(), probe.what).toBe(probe.status);
		if (probe.status === 400) expect((await response.json()).message, probe.what).toBeTruthy();
	}
});

test('forms SvelteKit could not read are refused with a 4xx that carries the security headers', async ({ baseURL, playwright }) => {
	const anonymous = await playwright.request.newContext({ baseURL });
	const cases: { what: string; path: string; type: string; body: string | Buffer; status: number }[] = [
		{ what: 'a media type in capitals, with a NUL', path: '/login', type: 'Application/X-WWW-Form-Urlencoded', body: 'email=a%00b&password=x', status: 400 },
		{ what: 'a malformed multipart body', path: '/login', type: 'multipart/form-data; boundary=x', body: 'garbage', status: 400 },
		{ what: 'a media type no form sends', path: '/login', type: 'text/plain', body: 'email=a&password=b', status: 415 },
		{ what: 'an e-mail longer than any address', path: '/login', type: 'application/x-www-form-urlencoded', body: `email=${encodeURIComponent('字'.repeat(1500))}&password=x`, status: 400 },
		{ what: 'an action named after an Object member', path: '/login?/hasOwnProperty', type: 'application/x-www-form-urlencoded', body: 'email=a&password=b', status: 400 },
		{ what: 'the language switch as text/plain', path: '/bahasa', type: 'text/plain', body: 'locale=en', status: 415 }
	];
	for (const probe of cases) {
		const response = await anonymous.post(probe.path, { headers: { origin: baseURL!, accept: 'text/html', 'content-type': probe.type }, data: probe.body, maxRedirects: 0 });
		await expectHandled(response, probe.what);
		expect(response.status(), probe.what).toBe(probe.status);
		expect(response.headers()['x-frame-options'], probe.what).toBe('DENY');
		expect(response.headers()['x-content-type-options'], probe.what).toBe('nosniff');
	}
	await anonymous.dispose();
});
