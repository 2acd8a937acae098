/**
 * Every v1 endpoint, called on the running server, answers what /api/v1/openapi.json says it answers.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect, test, type APIResponse } from '@playwright/test';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

test('real answers match the OpenAPI document', async ({ request, baseURL }) => {
	const docResponse = await request.get('/api/v1/openapi.json');
	expect(docResponse.status()).toBe(200);
	const doc = (await docResponse.json()) as Doc;
	const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
	const checked = new Set<string>();

	async function expectDocumented(method: string, path: string, response: APIResponse, status: number) {
		expect(response.status(), `${method.toUpperCase()} ${path}: ${await response.text()}`).toBe(status);
		const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
		expect(schema, `${method.toUpperCase()} ${path} ${status} is not documented`).toBeDefined();
		const validate = ajv.compile(schema!);
		const body = await response.json();
		expect(validate(body) ? [] : validate.errors, `${method.toUpperCase()} ${path} ${status}`).toEqual([]);
		checked.add(`${method} ${path} ${status}`);
		return body;
	}

	const admin = { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, accept: 'application/json' };
	const origin = { origin: baseURL!, accept: 'application/json' };

	// Pairing
	const created = await expectDocumented('post', '/api/v1/admin/pairing-codes', await request.post('/api/v1/admin/pairing-codes', { headers: admin, data: { counter: 'PLN-01' } }), 201);
	await expectDocumented('post', '/api/v1/admin/pairing-codes', await request.post('/api/v1/admin/pairing-codes', { headers: admin, data: { counter: 'NOPE' } }), 404);
	await expectDocumented('post', '/api/v1/admin/pairing-codes', await request.post('/api/v1/admin/pairing-codes', { headers: { accept: 'application/json' }, data: { counter: 'PLN-01' } }), 401);
	await expectDocumented('post', '/api/v1/devices/pair', await request.post('/api/v1/devices/pair', { headers: origin, data: { code: '12', installationId: 'x' } }), 400);
	const paired = await expectDocumented(
		'post',
		'/api/v1/devices/pair',
		await request.post('/api/v1/devices/pair', { headers: origin, data: { code: created.code, installationId: crypto.randomUUID() } }),
		201
	);
	const device = { authorization: `Bearer ${paired.token}`, accept: 'application/json' };

	// The kiosk's calls
	const config = await expectDocumented('get', '/api/v1/kiosk/config', await request.get('/api/v1/kiosk/config', { headers: device }), 200);
	await expectDocumented('get', '/api/v1/kiosk/config', await request.get('/api/v1/kiosk/config', { headers: { accept: 'application/json' } }), 401);
	const good = {
		id: crypto.randomUUID(),
		seq: 1,
		counterId: config.counter.id,
		instrument: { code: config.instrument.code, version: config.instrument.version },
		submittedAt: new Date().toISOString(),
		status: 'complete',
		answers: config.instrument.items.map(() => 4)
	};
	const batch = await expectDocumented(
		'post',
		'/api/v1/responses',
		await request.post('/api/v1/responses', {
			headers: device,
			data: { items: [good, { ...good, id: 'nope' }], suppressed: [{ id: crypto.randomUUID(), counterId: config.counter.id, at: new Date().toISOString() }] }
		}),
		200
	);
	expect(batch.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'rejected']);
	await expectDocumented('post', '/api/v1/responses', await request.post('/api/v1/responses', { headers: device, data: { items: 'x' } }), 400);
	await expectDocumented('post', '/api/v1/responses', await request.post('/api/v1/responses', { headers: device, data: 'x'.repeat(2 * 1024 * 1024 + 1) }), 413);

	// Administration
	const devices = await expectDocumented('get', '/api/v1/admin/devices', await request.get('/api/v1/admin/devices', { headers: admin }), 200);
	expect(devices.devices.some((d: { id: number }) => d.id === paired.device.id)).toBe(true);
	await expectDocumented('get', '/api/v1/admin/responses', await request.get(`/api/v1/admin/responses?device=${paired.device.id}`, { headers: admin }), 200);
	await expectDocumented('get', '/api/v1/admin/responses', await request.get('/api/v1/admin/responses?device=abc', { headers: admin }), 400);
	await expectDocumented('get', '/api/v1/admin/responses/{id}', await request.get(`/api/v1/admin/responses/${good.id}`, { headers: admin }), 200);
	await expectDocumented('get', '/api/v1/admin/responses/{id}', await request.get(`/api/v1/admin/responses/${crypto.randomUUID()}`, { headers: admin }), 404);
	await expectDocumented('patch', '/api/v1/admin/counters/{code}', await request.patch('/api/v1/admin/counters/PLN-01', { headers: admin, data: { minIntervalSeconds: 15 } }), 200);
	await expectDocumented('patch', '/api/v1/admin/counters/{code}', await request.patch('/api/v1/admin/counters/PLN-01', { headers: admin, data: { minIntervalSeconds: -1 } }), 400);
	await expectDocumented('put', '/api/v1/admin/malls/{slug}/kiosk-pin', await request.put('/api/v1/admin/malls/mpp-kota-kupang/kiosk-pin', { headers: admin, data: { pin: '2468' } }), 200);
	await expectDocumented('put', '/api/v1/admin/malls/{slug}/kiosk-pin', await request.put('/api/v1/admin/malls/nowhere/kiosk-pin', { headers: admin, data: { pin: '2468' } }), 404);
	const account = { email: `kontrak-${crypto.randomUUID().slice(0, 8)}@puas.test`, name: 'Kontrak API', role: 'manager', password: 'jeruk-payung-mendung-tujuh', agencies: ['dukcapil'], mall: 'mpp-kota-kupang' };
	const createdUser = await expectDocumented('post', '/api/v1/admin/users', await request.post('/api/v1/admin/users', { headers: admin, data: account }), 201);
	expect(createdUser.user).toMatchObject({ email: account.email, role: 'manager', agencies: [{ code: 'dukcapil' }] });
	await expectDocumented('post', '/api/v1/admin/users', await request.post('/api/v1/admin/users', { headers: admin, data: account }), 409);
	await expectDocumented('post', '/api/v1/admin/users', await request.post('/api/v1/admin/users', { headers: admin, data: { ...account, email: 'x', agencies: [] } }), 400);
	const accounts = await expectDocumented('get', '/api/v1/admin/users', await request.get('/api/v1/admin/users?mall=mpp-kota-kupang', { headers: admin }), 200);
	expect(accounts.users.map((u: { email: string }) => u.email)).toContain(account.email);
	await expectDocumented('post', '/api/v1/admin/rollups/rebuild', await request.post('/api/v1/admin/rollups/rebuild', { headers: admin }), 200);

	// API tokens: created (shown once), listed with their last use, revoked for good.
	const token = await expectDocumented('post', '/api/v1/admin/tokens', await request.post('/api/v1/admin/tokens', { headers: admin, data: { label: 'Kontrak: antrean', mall: 'mpp-kota-kupang' } }), 201);
	expect(token.token).toMatch(/^[\w-]{43}$/);
	await expectDocumented('post', '/api/v1/admin/tokens', await request.post('/api/v1/admin/tokens', { headers: admin, data: { label: '' } }), 400);
	await expectDocumented('post', '/api/v1/admin/tokens', await request.post('/api/v1/admin/tokens', { headers: admin, data: { label: 'x', mall: 'nowhere' } }), 404);
	const tokenHeaders = { authorization: `Bearer ${token.token}`, accept: 'application/json' };
	const tokens = await expectDocumented('get', '/api/v1/admin/tokens', await request.get('/api/v1/admin/tokens', { headers: tokenHeaders }), 200);
	expect(tokens.tokens.find((t: { id: number }) => t.id === token.id)).toMatchObject({ label: 'Kontrak: antrean', mall: 'mpp-kota-kupang', revokedAt: null });
	expect(tokens.tokens.find((t: { id: number }) => t.id === token.id).lastUsedAt).not.toBeNull();
	// A hall's token may not revoke the installation's own (the e2e server's ADMIN_API_TOKEN is one).
	const installation = tokens.tokens.find((t: { label: string }) => t.label === 'ADMIN_API_TOKEN');
	await expectDocumented('post', '/api/v1/admin/tokens/{id}/revoke', await request.post(`/api/v1/admin/tokens/${installation.id}/revoke`, { headers: tokenHeaders }), 403);
	await expectDocumented('post', '/api/v1/admin/tokens/{id}/revoke', await request.post(`/api/v1/admin/tokens/${token.id}/revoke`, { headers: admin }), 200);
	await expectDocumented('get', '/api/v1/admin/tokens', await request.get('/api/v1/admin/tokens', { headers: tokenHeaders }), 401);
	await expectDocumented('post', '/api/v1/admin/tokens/{id}/revoke', await request.post('/api/v1/admin/tokens/2000000000/revoke', { headers: admin }), 404);

	// Indicators
	const mall = await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=mall&id=1&granularity=quarter', { headers: admin }), 200);
	expect(mall.respondents).toBeGreaterThan(0);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=counter&id=1&from=2026-01-01&to=2026-01-31&granularity=day', { headers: admin }), 200);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=region&id=1', { headers: admin }), 400);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=mall&id=1&from=2020-01-01&to=2026-01-01&granularity=day', { headers: admin }), 400);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=agency&id=99999', { headers: admin }), 404);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=mall&id=1', { headers: { accept: 'application/json' } }), 401);

	// Across halls: the installation's token reads the nation, a province, a kind; an evaluator token of a province reads only it.
	const halls = await expectDocumented('get', '/api/v1/halls', await request.get('/api/v1/halls', { headers: admin }), 200);
	expect(halls.halls.map((h: { slug: string }) => h.slug)).toContain('mpp-kota-kupang');
	const ntt = await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=region&id=53&from=2025-01-01&to=2025-12-31&granularity=quarter', { headers: admin }), 200);
	expect(ntt).toMatchObject({ method: 'pooled', scope: { type: 'region', code: '53' }, meanOfHalls: { method: 'mean_of_halls' } });
	expect(ntt.respondents).toBe(ntt.halls.reduce((a: number, h: { respondents: number }) => a + h.respondents, 0));
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=nation&agencyKind=dukcapil', { headers: admin }), 200);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=nation&agencyKind=no-such-kind', { headers: admin }), 400);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=region&id=99', { headers: admin }), 404);
	const provinceToken = await expectDocumented(
		'post',
		'/api/v1/admin/tokens',
		await request.post('/api/v1/admin/tokens', { headers: admin, data: { label: 'Kontrak: inspektorat NTT', kind: 'evaluator', region: '53' } }),
		201
	);
	const province = { authorization: `Bearer ${provinceToken.token}`, accept: 'application/json' };
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=region&id=53.71', { headers: province }), 200);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=region&id=51', { headers: province }), 404);
	await expectDocumented('get', '/api/v1/indicators', await request.get('/api/v1/indicators?scope=nation', { headers: province }), 404);
	await expectDocumented('get', '/api/v1/admin/tokens', await request.get('/api/v1/admin/tokens', { headers: province }), 403);
	// A hall's own admin token cannot make tokens across halls.
	const hallToken = await expectDocumented('post', '/api/v1/admin/tokens', await request.post('/api/v1/admin/tokens', { headers: admin, data: { label: 'Kontrak: balai', mall: 'mpp-kota-kupang' } }), 201);
	const hallHeaders = { authorization: `Bearer ${hallToken.token}`, accept: 'application/json' };
	await expectDocumented('post', '/api/v1/admin/tokens', await request.post('/api/v1/admin/tokens', { headers: hallHeaders, data: { label: 'x', kind: 'operator' } }), 403);
	await expectDocumented('post', '/api/v1/admin/tokens', await request.post('/api/v1/admin/tokens', { headers: hallHeaders, data: { label: 'x', kind: 'evaluator', region: '53' } }), 403);
	await expectDocumented('get', '/api/v1/halls', await request.get('/api/v1/halls', { headers: hallHeaders }), 200);
	// Accounts across halls: the installation makes a province's evaluator; a hall's token may not, nor an operator.
	const evaluatorAccount = { email: 'kontrak.ntt@example.go.id', name: 'Inspektorat', role: 'evaluator', password: 'lontar-sasando-Kelimutu-582', region: '53' };
	const createdAccount = await expectDocumented('post', '/api/v1/admin/users', await request.post('/api/v1/admin/users', { headers: admin, data: evaluatorAccount }), 201);
	expect(createdAccount.user).toMatchObject({ role: 'evaluator', region: '53' });
	await expectDocumented('post', '/api/v1/admin/users', await request.post('/api/v1/admin/users', { headers: hallHeaders, data: { ...evaluatorAccount, email: 'x@example.go.id' } }), 403);
	await expectDocumented('post', '/api/v1/admin/users', await request.post('/api/v1/admin/users', { headers: admin, data: { ...evaluatorAccount, email: 'y@example.go.id', region: '99' } }), 400);
	await expectDocumented('post', '/api/v1/admin/users', await request.post('/api/v1/admin/users', { headers: admin, data: { ...evaluatorAccount, email: 'z@example.go.id', role: 'admin' } }), 400);

	// Service volumes from a queue system: stored, replaced when posted again, all or nothing on a bad row.
	const month = '2025-06';
	const volumes = await expectDocumented(
		'post',
		'/api/v1/volumes',
		await request.post('/api/v1/volumes', { headers: admin, data: { mall: 'mpp-kota-kupang', volumes: [{ service: 'pln-pasang', month, served: 321, servedOnline: 40 }] } }),
		200
	);
	expect(volumes).toEqual({ mall: 'mpp-kota-kupang', stored: 1, volumes: [{ service: 'pln-pasang', month, served: 321, servedOnline: 40 }] });
	const refused = await expectDocumented(
		'post',
		'/api/v1/volumes',
		await request.post('/api/v1/volumes', {
			headers: admin,
			data: { mall: 'mpp-kota-kupang', volumes: [{ service: 'pln-pasang', month, served: 1 }, { service: 'tidak-ada', month, served: 1 }] }
		}),
		400
	);
	expect(refused.message).toContain('volumes[1].service');
	await expectDocumented('post', '/api/v1/volumes', await request.post('/api/v1/volumes', { headers: admin, data: { mall: 'mpp-kota-kupang', volumes: [{ service: 'pln-pasang', month: '2025-13', served: 1 }] } }), 400);
	// An installation of several halls (the demo has two): an installation-wide token must name the mall, a hall's own
	// token may leave it out (the one mall resolver: organization/settings.resolveMall); an empty one is refused.
	const ambiguous = await expectDocumented('post', '/api/v1/volumes', await request.post('/api/v1/volumes', { headers: admin, data: { volumes: [{ service: 'pln-pasang', month, served: 1 }] } }), 400);
	expect(ambiguous.message).toContain('mall:');
	const implicit = await expectDocumented(
		'post',
		'/api/v1/volumes',
		await request.post('/api/v1/volumes', { headers: hallHeaders, data: { volumes: [{ service: 'pln-pasang', month, served: 321, servedOnline: 40 }] } }),
		200
	);
	expect(implicit).toEqual({ mall: 'mpp-kota-kupang', stored: 1, volumes: [{ service: 'pln-pasang', month, served: 321, servedOnline: 40 }] });
	await expectDocumented('post', '/api/v1/volumes', await request.post('/api/v1/volumes', { headers: admin, data: { mall: '', volumes: [{ service: 'pln-pasang', month, served: 1 }] } }), 400);
	await expectDocumented('post', '/api/v1/volumes', await request.post('/api/v1/volumes', { headers: admin, data: { mall: 'nowhere', volumes: [{ service: 'pln-pasang', month, served: 1 }] } }), 404);
	await expectDocumented('post', '/api/v1/volumes', await request.post('/api/v1/volumes', { headers: { accept: 'application/json' }, data: { volumes: [] } }), 401);
	// The refused batch stored nothing: the month still holds the first post.
	const again = await expectDocumented(
		'post',
		'/api/v1/volumes',
		await request.post('/api/v1/volumes', { headers: admin, data: { mall: 'mpp-kota-kupang', volumes: [{ service: 'pln-pasang', month, served: 321, servedOnline: 40 }] } }),
		200
	);
	expect(again.stored).toBe(1);

	// QR
	await expectDocumented(
		'post',
		'/api/v1/qr/responses',
		await request.post('/api/v1/qr/responses', { headers: origin, data: { path: 'PLN-01', item: { ...good, id: crypto.randomUUID() } } }),
		201
	);
	await expectDocumented('post', '/api/v1/qr/responses', await request.post('/api/v1/qr/responses', { headers: origin, data: { path: 'NOPE-1', item: good } }), 404);

	// Revocation last: the token stops working.
	await expectDocumented('post', '/api/v1/admin/devices/{id}/revoke', await request.post(`/api/v1/admin/devices/${paired.device.id}/revoke`, { headers: admin }), 200);
	await expectDocumented('post', '/api/v1/admin/devices/{id}/revoke', await request.post('/api/v1/admin/devices/999999/revoke', { headers: admin }), 404);
	await expectDocumented('get', '/api/v1/kiosk/config', await request.get('/api/v1/kiosk/config', { headers: device }), 401);

	// Integrity checks of last year (with the demo's staged January); the installation-wide token names the hall.
	const lastYear = new Date().getUTCFullYear() - 1;
	const integrity = await expectDocumented('get', '/api/v1/integrity', await request.get(`/api/v1/integrity?from=${lastYear}-01-01&to=${lastYear}-12-31&mall=1`, { headers: admin }), 200);
	expect(integrity.flags.filter((f: { rule: string }) => f.rule === 'burst').length).toBeGreaterThanOrEqual(3);
	await expectDocumented('get', '/api/v1/integrity', await request.get(`/api/v1/integrity?from=${lastYear}-02-01&to=${lastYear}-01-01&mall=1`, { headers: admin }), 400);
	await expectDocumented('get', '/api/v1/integrity', await request.get(`/api/v1/integrity?from=${lastYear}-01-01&to=${lastYear}-01-31&mall=999999`, { headers: admin }), 404);
	await expectDocumented('get', '/api/v1/integrity', await request.get(`/api/v1/integrity?from=${lastYear}-01-01&to=${lastYear}-01-31`, { headers: { accept: 'application/json' } }), 401);

	// One-time tickets (a queue system's call; the admin token may issue them too), and a refusal naming its field.
	const ticket = await expectDocumented('post', '/api/v1/tickets', await request.post('/api/v1/tickets', { headers: admin, data: { counter: 'SIM-01', queueNumber: 'A-017' } }), 201);
	expect(ticket.url).toMatch(/\/s\/.*SIM-01\?t=[\w-]{22}$/);
	const badTimes = await expectDocumented('post', '/api/v1/tickets', await request.post('/api/v1/tickets', { headers: admin, data: { counter: 'SIM-01', issuedAt: '2026-13-01T00:00:00Z' } }), 400);
	expect(badTimes.message).toContain('issuedAt');

	// Halls: refused here (a taken slug, an unknown region), so the demo stays one hall; tests/e2e/setup creates one.
	const hall = { slug: 'mpp-kota-kupang', name: 'Mal Pelayanan Publik Kota Kupang', timeZone: 'Asia/Makassar', region: '53.71', admin: { email: 'operator@example.id' } };
	const taken = await expectDocumented('post', '/api/v1/admin/malls', await request.post('/api/v1/admin/malls', { headers: admin, data: hall }), 409);
	expect(taken.message).toContain('slug');
	const unknown = await expectDocumented('post', '/api/v1/admin/malls', await request.post('/api/v1/admin/malls', { headers: admin, data: { ...hall, slug: 'mpp-baru', region: '53.99' } }), 400);
	expect(unknown.message).toContain('region');

	// Every documented operation was called at least once.
	const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
	const called = new Set([...checked].map((c) => c.split(' ').slice(0, 2).join(' ')));
	expect(operations.filter((op) => !called.has(op) && op !== 'get /api/v1/openapi.json')).toEqual([]);
});
