/**
 * Device health: the outbox a tablet reports is stored (without a write per batch when nothing changed), gaps in its
 * sequence numbers are listed, and a manager sees only their agencies' tablets.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devices, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import type { AuthenticatedDevice } from '../../src/lib/server/access/device-tokens';
import { listDevices, recordOutboxReport } from '../../src/lib/server/kiosk/devices';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'health-mall');
	// Tablet A delivered 1, 2, 5 and 9: 3–4 and 6–8 never arrived.
	await handle.db.insert(responses).values([1, 2, 5, 9].map((seq) => responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { channel: 'kiosk', deviceId: org.a.device.id, deviceSeq: seq })));
	await handle.db.update(devices).set({ highestSeq: 9, lastSeenAt: new Date() }).where(eq(devices.id, org.a.device.id));
});
afterAll(async () => {
	await handle?.close();
});

const device = (reported: AuthenticatedDevice['reported'], reportedAt: Date | null): AuthenticatedDevice => ({
	id: org.a.device.id,
	mallId: org.mall.id,
	counterId: org.a.counter.id,
	name: 'Tablet a',
	highestSeq: 9,
	reported,
	reportedAt
});
const stored = async () => (await handle.db.select().from(devices).where(eq(devices.id, org.a.device.id)))[0]!;

describe('outbox reports', () => {
	it('stores what the tablet reports, and skips the write when nothing changed within a minute', async () => {
		const t0 = new Date('2026-03-02T02:00:00Z');
		await recordOutboxReport(handle.db, device(null, null), { pending: 3, held: 1 }, t0);
		expect(await stored()).toMatchObject({ reportedPending: 3, reportedHeld: 1, reportedAt: t0 });
		await recordOutboxReport(handle.db, device({ pending: 3, held: 1 }, t0), { pending: 3, held: 1 }, new Date(t0.getTime() + 30_000));
		expect((await stored()).reportedAt).toEqual(t0); // unchanged and fresh: no write
		const t2 = new Date(t0.getTime() + 45_000);
		await recordOutboxReport(handle.db, device({ pending: 3, held: 1 }, t0), { pending: 0, held: 1 }, t2);
		expect(await stored()).toMatchObject({ reportedPending: 0, reportedHeld: 1, reportedAt: t2 });
	});
});

describe('listDevices', () => {
	const admin = () => ({ userId: 1, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
	it('lists every tablet of the mall with its gaps, queue and contact', async () => {
		const list = await listDevices(handle.db, admin());
		expect(list.map((d) => d.id).sort()).toEqual([org.a.device.id, org.b.device.id].sort());
		const a = list.find((d) => d.id === org.a.device.id)!;
		expect(a.gaps).toEqual([
			{ from: 3, to: 4 },
			{ from: 6, to: 8 }
		]);
		expect(a.missing).toBe(5);
		expect(a.received).toBe(4);
		expect(a.queue).toMatchObject({ pending: 0, held: 1 });
		expect(a.silent).toBe(false);
		const b = list.find((d) => d.id === org.b.device.id)!;
		expect(b).toMatchObject({ queue: null, lastSeenAt: null, silent: true, missing: 0 });
	});

	it("shows a manager only their agencies' tablets", async () => {
		const list = await listDevices(handle.db, { userId: 2, role: 'manager', mallId: org.mall.id, agencyIds: [org.b.agency.id] });
		expect(list.map((d) => d.id)).toEqual([org.b.device.id]);
		expect(await listDevices(handle.db, { userId: 3, role: 'manager', mallId: org.mall.id, agencyIds: [] })).toEqual([]);
	});
});
