/**
 * POST /api/v1/tickets on the running server: an integration token of a hall issues tickets and may do nothing else
 * (every admin and reader route answers 403), an admin token of another hall finds no counter of this one, and a bad
 * field is a 400 that names it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/access/api-tokens';
import { counters } from '../../src/lib/server/db/schema';
import { createOrganization, type Organization } from '../integration/fixtures';
import { prepareHall } from './fixtures';
import { hasPostgres, startServer, type RunningServer } from './harness';

describe.skipIf(!hasPostgres)('the tickets API', () => {
	let server: RunningServer;
	let org: Organization;
	let other: Organization;
	let queueToken: string;
	let otherHallToken: string;

	beforeAll(async () => {
		server = await startServer();
		({ org } = await prepareHall(server));
		other = await createOrganization(server.database.db, `other-${Math.random().toString(36).slice(2, 8)}`);
		// A code only this hall has (both halls have a-01 and b-01).
		await server.database.db.insert(counters).values({ mallId: org.mall.id, agencyId: org.a.agency.id, serviceId: org.a.service.id, code: 'ONLY-01', name: 'Only here', instrumentId: org.instrument.id });
		queueToken = (await createApiToken(server.database.db, { label: 'Antrean', mallId: org.mall.id, kind: 'integration' })).token;
		otherHallToken = (await createApiToken(server.database.db, { label: 'Admin lain', mallId: other.mall.id })).token;
	});
	afterAll(async () => {
		await server?.stop();
	});

	const call = (token: string, method: string, path: string, body?: unknown) =>
		fetch(`${server.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});

	it('an integration token issues a ticket for its hall’s counter', async () => {
		const response = await call(queueToken, 'POST', '/api/v1/tickets', { counter: org.a.counter.code, service: org.a.service.code, queueNumber: 'A-001' });
		expect(response.status).toBe(201);
		const ticket = await response.json();
		expect(ticket.url).toMatch(new RegExp(`/s/${org.mall.slug}/${org.a.counter.code}\\?t=${ticket.code}$`));
		expect(ticket.qrSvg).toContain('<svg');
	});

	it.each([
		['GET', '/api/v1/admin/tokens'],
		['GET', '/api/v1/admin/devices'],
		['PATCH', `/api/v1/admin/counters/a-01`],
		['GET', '/api/v1/indicators?scope=mall&id=1'],
		['POST', '/api/v1/volumes']
	])('an integration token is refused on %s %s (403)', async (method, path) => {
		const response = await call(queueToken, method, path, method === 'GET' ? undefined : { surveyMode: 'quick', volumes: [] });
		expect(response.status).toBe(403);
		expect((await response.json()).message).toContain('only issue tickets');
	});

	it('an admin token of another hall finds no counter of this hall; a shared code is its own hall’s counter', async () => {
		expect((await call(otherHallToken, 'POST', '/api/v1/tickets', { counter: 'ONLY-01' })).status).toBe(404);
		expect((await call(queueToken, 'POST', '/api/v1/tickets', { counter: 'ONLY-01' })).status).toBe(201);
		const shared = await call(otherHallToken, 'POST', '/api/v1/tickets', { counter: 'a-01' });
		expect(shared.status).toBe(201);
		expect((await shared.json()).url).toContain(`/s/${other.mall.slug}/a-01?t=`);
	});

	it.each([
		[{}, 'counter'],
		[{ counter: 'a-01', queueNumber: 'x'.repeat(33) }, 'queueNumber'],
		[{ counter: 'a-01', issuedAt: 'yesterday' }, 'issuedAt'],
		[{ counter: 'a-01', issuedAt: '2026-01-05T10:00:00Z', calledAt: '2026-01-05T09:00:00Z' }, 'calledAt'],
		[{ counter: 'a-01', servedAt: new Date(Date.now() + 3600_000).toISOString() }, 'servedAt'],
		[{ counter: 'a-01', service: 'b-svc' }, 'service'],
		[{ counter: 'a-01', colour: 'red' }, 'colour']
	])('%o is a 400 naming %s', async (body, field) => {
		const response = await call(queueToken, 'POST', '/api/v1/tickets', body);
		expect(response.status).toBe(400);
		expect((await response.json()).message).toContain(field);
	});

	it('an archived counter is 409 out_of_service', async () => {
		await server.database.db.update(counters).set({ archivedAt: new Date() }).where(eq(counters.id, org.b.counter.id));
		const response = await call(queueToken, 'POST', '/api/v1/tickets', { counter: org.b.counter.code });
		expect(response.status).toBe(409);
		expect((await response.json()).code).toBe('out_of_service');
	});
});
