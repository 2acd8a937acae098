/**
 * Changes made through the admin API (and so through the `npm run …` commands that call it) are written to the audit
 * log as the admin pages' are, naming the API token by its label — and never holding a PIN, a token or a password.
 */
import { asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, devices } from '../../src/lib/server/db/schema';
import { hasPostgres, startServer, type RunningServer } from './harness';
import { pairTablet, prepareHall } from './fixtures';
import type { Organization } from '../integration/fixtures';

describe.skipIf(!hasPostgres)('the admin API writes the audit log', () => {
	let server: RunningServer;
	let org: Organization;
	const secrets: string[] = [];

	beforeAll(async () => {
		server = await startServer();
		({ org } = await prepareHall(server));
		secrets.push(server.adminToken);
	});
	afterAll(async () => {
		await server?.stop();
	});

	const call = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${server.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json', accept: 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const text = await response.text();
		expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
		return JSON.parse(text);
	};
	const entries = () => server.database.db.select().from(auditLog).where(eq(auditLog.mallId, org.mall.id)).orderBy(asc(auditLog.id));

	it('records a counter’s survey, a pairing code, a tablet’s revocation, the kiosk PIN, tokens and accounts', async () => {
		const before = (await entries()).length;
		await call('PATCH', `/api/v1/admin/counters/${org.a.counter.code}`, { surveyMode: 'quick', minIntervalSeconds: 45 });
		const deviceToken = await pairTablet(server, org.a.counter.code);
		secrets.push(deviceToken);
		const [device] = await server.database.db.select({ id: devices.id }).from(devices).where(eq(devices.mallId, org.mall.id)).orderBy(desc(devices.id)).limit(1);
		await call('POST', `/api/v1/admin/devices/${device!.id}/revoke`);
		await call('PUT', `/api/v1/admin/malls/${org.mall.slug}/kiosk-pin`, { pin: '482915' });
		const token = await call('POST', '/api/v1/admin/tokens', { label: 'Antrean loket', mall: org.mall.slug });
		secrets.push(token.token);
		await call('POST', `/api/v1/admin/tokens/${token.id}/revoke`);
		const password = 'perahu-layar-Teluk-Kupang-42';
		secrets.push(password);
		const user = await call('POST', '/api/v1/admin/users', { mall: org.mall.slug, email: 'evaluator.api@example.go.id', name: 'Evaluator API', role: 'evaluator', password });

		const written = (await entries()).slice(before);
		const actor = 'API token: ADMIN_API_TOKEN';
		expect(written.map((e) => [e.action, e.actor, e.actorUserId])).toEqual([
			['counter.update', actor, null],
			['counter.pairing_code', actor, null],
			['device.revoke', actor, null],
			['mall.kiosk_pin', actor, null],
			['token.create', actor, null],
			['token.revoke', actor, null],
			['user.create', actor, null]
		]);
		expect(written[0]).toMatchObject({ entityId: org.a.counter.id, before: { surveyMode: 'full', minIntervalSeconds: expect.any(Number) }, after: { surveyMode: 'quick', minIntervalSeconds: 45 } });
		expect(written[2]).toMatchObject({ entity: 'device', entityId: device!.id });
		expect(written[3]).toMatchObject({ entity: 'mall', entityId: org.mall.id, after: { kioskPin: 'set' } });
		expect(written[6]).toMatchObject({ entity: 'user', entityId: user.user.id });
		const stored = JSON.stringify(written);
		for (const secret of [...secrets, '482915']) expect(stored).not.toContain(secret);
	});

	it('records nothing for a refused change', async () => {
		const before = (await entries()).length;
		const response = await fetch(`${server.url}/api/v1/admin/malls/no-such-hall/kiosk-pin`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ pin: '482915' })
		});
		expect(response.status).toBe(404);
		expect(await entries()).toHaveLength(before);
	});
});
