/**
 * What the server tests set up in the server's database: the small organization of the integration tests, a manager
 * of agency A who signs in, and a paired tablet (through the real pairing API).
 */
import { createUser } from '../../src/lib/server/auth/users';
import { createOrganization, type Organization } from '../integration/fixtures';
import type { RunningServer } from './harness';

export const MANAGER = { email: 'manajer.a@example.go.id', password: 'lembar-kopi-Tenggara-7391' };

export async function prepareHall(server: RunningServer): Promise<{ org: Organization; managerId: number }> {
	const org = await createOrganization(server.database.db, `hall-${Math.random().toString(36).slice(2, 8)}`);
	const created = await createUser(server.database.db, { mallId: org.mall.id, name: 'Manajer A', role: 'manager', agencyIds: [org.a.agency.id], ...MANAGER });
	if (!('userId' in created)) throw new Error(JSON.stringify(created));
	return { org, managerId: created.userId };
}

/** Pair a tablet with a counter through the API, as an admin and a tablet would; its device token. */
export async function pairTablet(server: RunningServer, counterCode: string): Promise<string> {
	const admin = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
	const code = await fetch(`${server.url}/api/v1/admin/pairing-codes`, { method: 'POST', headers: admin, body: JSON.stringify({ counter: counterCode }) });
	if (code.status !== 201) throw new Error(`pairing code: ${code.status} ${await code.text()}`);
	const paired = await fetch(`${server.url}/api/v1/devices/pair`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code: (await code.json()).code, installationId: crypto.randomUUID() })
	});
	if (paired.status !== 201) throw new Error(`pairing: ${paired.status} ${await paired.text()}`);
	return (await paired.json()).token;
}
