/**
 * The life of every record, without deleting history: agencies, services and counters archived and restored (kept
 * in the reports and dashboards of the periods they served, out of every picker, the kiosk and the phone survey,
 * ratings stored only when made before the archive), and accounts changed by an admin (role, disabling, reset links,
 * signing out) with a hall that always keeps an active admin. Every change writes its audit entry — who, what,
 * before → after — and never a password or a token.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_2017 } from '../../src/lib/domain/instruments';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { readableAgencies, readableCounters, readableServices } from '../../src/lib/server/access/agency-filter';
import { authenticateDevice } from '../../src/lib/server/access/device-tokens';
import { createApiToken, revokeApiToken } from '../../src/lib/server/access/api-tokens';
import { actorOf, type Actor } from '../../src/lib/server/audit/audit';
import { createPasswordReset, findPasswordReset, RESET_LINK_TTL_MS, resetPassword } from '../../src/lib/server/auth/password-resets';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { createUser, setUserAgencies, setUserDisabled, setUserRole, signOutUser } from '../../src/lib/server/auth/users';
import { auditLog, devices, passwordResets, responses, sessions, users } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { loadDashboard, scopeOptions } from '../../src/lib/server/indicators/dashboard';
import { outOfServiceSince } from '../../src/lib/server/kiosk/config';
import { revokeDevice } from '../../src/lib/server/kiosk/devices';
import { createPairingCode, pairDevice, type CounterRef } from '../../src/lib/server/kiosk/pairing';
import { counterFromQrPath } from '../../src/lib/server/kiosk/qr';
import { setArchived } from '../../src/lib/server/organization/archive';
import { listAgencies } from '../../src/lib/server/organization/queries';
import * as settings from '../../src/lib/server/organization/settings';
import { buildReport } from '../../src/lib/server/reports/report';
import { loadCounters, recordResponses } from '../../src/lib/server/responses/ingest';
import { recordPhoneRating } from '../../src/lib/server/responses/phone';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

const PASSWORD = 'kuda-lompat-jendela-biru-7';
const Q1 = parsePeriod('quarter', '2026-Q1')!;
const Q3 = parsePeriod('quarter', '2026-Q3')!;
/** The counter goes out of service here, between the first quarter and the third. */
const ARCHIVED_AT = new Date('2026-04-15T00:00:00.000Z');

let handle: TestDb;
let org: Organization;
let admin: Actor;
let adminId: number;
/** A second service of agency a, with a counter of its own: the ones archived. */
let service2: number;
let counter2: CounterRef;
/** Every token and password these tests hand out: none may ever appear in the audit log. */
const secrets: string[] = [PASSWORD];

const reader = () => ({ userId: null, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const entries = (action: string) => handle.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));

async function pairWith(counter: CounterRef, installationId: string = crypto.randomUUID()) {
	const { code } = await createPairingCode(handle.db, counter);
	const paired = await pairDevice(handle.db, { code, installationId });
	if ('error' in paired) throw new Error(paired.error);
	secrets.push(paired.token);
	return { ...paired, installationId };
}

function item(counterId: number, submittedAt: string, seq = 1) {
	return {
		id: crypto.randomUUID(),
		seq,
		counterId,
		instrument: { code: SKM_2017.code, version: SKM_2017.version },
		submittedAt,
		status: 'complete',
		answers: [4, 3, 3, 4, 3, 3, 4, 4, 4]
	};
}

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'life-mall');
	const created = await createUser(handle.db, { mallId: org.mall.id, email: 'admin@life.go.id', name: 'Admin Hidup', password: PASSWORD, role: 'admin' });
	if (!('userId' in created)) throw new Error(JSON.stringify(created));
	adminId = created.userId;
	admin = actorOf({ id: adminId, email: 'admin@life.go.id' });
	const service = await settings.createService(handle.db, org.mall.id, { agencyId: org.a.agency.id, code: 'a-arsip', name: 'Layanan Lama', isFree: true }, admin);
	if (!('id' in service)) throw new Error(service.error);
	service2 = service.id;
	const counter = await settings.createCounter(handle.db, org.mall.id, { serviceId: service2, code: 'A-02', name: 'Loket Lama' }, admin);
	if (!('id' in counter)) throw new Error(counter.error);
	counter2 = { id: counter.id, mallId: org.mall.id, code: 'A-02', name: 'Loket Lama' };
	// The first quarter: 3 respondents at the counter to be archived, 5 at agency a's other counter, 4 at agency b.
	const at = (day: number) => new Date(Date.UTC(2026, 1, day, 2));
	const answers = [4, 3, 3, 4, 3, 3, 4, 4, 4];
	await handle.db.insert(responses).values([
		...[1, 2, 3].map((day) => responseRow(org, 'a', answers, { serviceId: service2, counterId: counter2.id, submittedAt: at(day) })),
		...[4, 5, 6, 7, 8].map((day) => responseRow(org, 'a', answers, { submittedAt: at(day) })),
		...[9, 10, 11, 12].map((day) => responseRow(org, 'b', answers, { submittedAt: at(day) }))
	]);
	await rebuildRollups(handle.db);
});
afterAll(async () => {
	await handle?.close();
});

describe('archiving a counter and its service', () => {
	let tablet: Awaited<ReturnType<typeof pairWith>>;

	it('unpairs the counter’s tablet, expires its pairing codes and writes the archive and each revocation to the audit log', async () => {
		tablet = await pairWith(counter2);
		const { code } = await createPairingCode(handle.db, counter2);
		expect(await setArchived(handle.db, org.mall.id, 'counter', counter2.id, true, admin, ARCHIVED_AT)).toBe(true);

		expect(await authenticateDevice(handle.db, tablet.token)).toEqual({ error: 'device_revoked' });
		const [device] = await handle.db.select().from(devices).where(eq(devices.id, tablet.deviceId));
		expect(device!.revokedAt).toEqual(ARCHIVED_AT);
		expect(await pairDevice(handle.db, { code, installationId: crypto.randomUUID() }, new Date(ARCHIVED_AT.getTime() + 1000))).toEqual({ error: 'expired_code' });

		const [archived] = await entries('counter.archive');
		expect(archived).toMatchObject({
			mallId: org.mall.id,
			actorUserId: adminId,
			actor: 'admin@life.go.id',
			entity: 'counter',
			entityId: counter2.id,
			before: { archivedAt: null },
			after: { archivedAt: ARCHIVED_AT.toISOString(), revokedDevices: [tablet.deviceId] }
		});
		const revoked = (await entries('device.revoke')).filter((e) => e.entityId === tablet.deviceId);
		expect(revoked).toHaveLength(1);
		expect(revoked[0]).toMatchObject({ actorUserId: adminId, before: { revokedAt: null }, after: { revokedAt: ARCHIVED_AT.toISOString(), reason: 'counter.archive' } });
		// Archiving it again changes nothing and writes nothing.
		expect(await setArchived(handle.db, org.mall.id, 'counter', counter2.id, true, admin)).toBe(true);
		expect(await entries('counter.archive')).toHaveLength(1);
		// Another hall's admin cannot reach it.
		expect(await setArchived(handle.db, org.mall.id + 1000, 'counter', counter2.id, false, admin)).toBe(false);
	});

	it('keeps its history: the dashboard and the report of the first quarter still list it with its respondents, marked archived', async () => {
		expect(await setArchived(handle.db, org.mall.id, 'service', service2, true, admin, ARCHIVED_AT)).toBe(true);

		const byService = (await loadDashboard(handle.db, reader(), { type: 'service', id: service2 }, Q1))!;
		expect(byService.current.respondents).toBe(3);
		expect(byService.children.map((c) => ({ id: c.id, archived: c.archived, respondents: c.respondents }))).toEqual([{ id: counter2.id, archived: true, respondents: 3 }]);
		const byAgency = (await loadDashboard(handle.db, reader(), { type: 'agency', id: org.a.agency.id }, Q1))!;
		expect(byAgency.children.map((c) => [c.name, c.archived, c.respondents])).toEqual([
			['Layanan Lama', true, 3],
			['Service a', false, 5]
		]);

		const report = (await buildReport(handle.db, reader(), { type: 'agency', id: org.a.agency.id }, Q1))!;
		expect(report.figures.respondents).toBe(8);
		expect(report.units.filter((u) => u.type === 'service').map((u) => [u.name, u.respondents, u.archived ?? false])).toEqual([
			['Layanan Lama', 3, true],
			['Service a', 5, false]
		]);
		const mallReport = (await buildReport(handle.db, reader(), { type: 'mall', id: org.mall.id }, Q1))!;
		expect(mallReport.units.find((u) => u.id === service2 && u.type === 'service')).toMatchObject({ respondents: 3, archived: true });

		// A period it did not serve lists it nowhere.
		const later = (await loadDashboard(handle.db, reader(), { type: 'agency', id: org.a.agency.id }, Q3))!;
		expect(later.children.map((c) => c.name)).toEqual(['Service a']);
		const laterReport = (await buildReport(handle.db, reader(), { type: 'agency', id: org.a.agency.id }, Q3))!;
		expect(laterReport.units.map((u) => u.name)).toEqual(['Service a']);
	});

	it('leaves it out of every picker, answers the kiosk and the QR page that it is not in service', async () => {
		const access = reader();
		expect((await readableCounters(handle.db, access)).map((c) => c.code)).toEqual(['a-01', 'b-01']);
		expect((await readableCounters(handle.db, access, { includeArchived: true })).find((c) => c.id === counter2.id)).toMatchObject({ archived: true });
		expect((await readableServices(handle.db, access)).map((s) => s.id)).not.toContain(service2);
		expect((await settings.listCounters(handle.db, org.mall.id)).map((c) => c.code)).toEqual(['a-01', 'b-01']);
		expect((await settings.listCounters(handle.db, org.mall.id, { includeArchived: true })).find((c) => c.id === counter2.id)).toMatchObject({
			archivedAt: ARCHIVED_AT,
			parentArchived: true
		});
		const agencies = await settings.listAgenciesWithServices(handle.db, org.mall.id);
		expect(agencies.flatMap((a) => a.services.map((s) => s.id))).not.toContain(service2);
		// No tablet is paired with it, and no counter is added to its service.
		expect(await settings.findCounter(handle.db, org.mall.id, counter2.id)).toBeNull();
		expect(await settings.createCounter(handle.db, org.mall.id, { serviceId: service2, code: 'A-03', name: 'X' })).toEqual({ error: 'not_found' });
		// The dashboard's and the report's unit picker: in use only, plus the unit shown now.
		expect((await scopeOptions(handle.db, access)).map((o) => `${o.type}-${o.id}`)).not.toContain(`counter-${counter2.id}`);
		expect((await scopeOptions(handle.db, access, { type: 'counter', id: counter2.id })).find((o) => o.type === 'counter' && o.id === counter2.id)).toMatchObject({
			archived: true
		});
		// The kiosk's configuration and the phone survey at /s/A-02 check this first and answer "not in service".
		expect(await counterFromQrPath(handle.db, 'A-02')).toMatchObject({ id: counter2.id });
		expect(await outOfServiceSince(handle.db, counter2.id)).toEqual(ARCHIVED_AT);
		expect(await outOfServiceSince(handle.db, org.a.counter.id)).toBeNull();
	});

	it('stores a batch’s ratings made before the archive time and refuses later ones, item by item, with the reason', async () => {
		// The tablet, paired again at agency a's other counter, still sends what it queued for the archived one.
		const again = await pairWith({ id: org.a.counter.id, mallId: org.mall.id, code: 'a-01', name: 'Counter a' }, tablet.installationId);
		const auth = await authenticateDevice(handle.db, again.token);
		if ('error' in auth) throw new Error(auth.error);
		expect(auth.counters.get(counter2.id)).toMatchObject({ archivedAt: ARCHIVED_AT });
		const submitter = { mallId: org.mall.id, channel: 'kiosk' as const, deviceId: again.deviceId, counters: auth.counters };
		const before = item(counter2.id, '2026-04-14T23:59:59.000Z', 1);
		const after = item(counter2.id, '2026-04-15T00:00:00.000Z', 2);
		const elsewhere = item(org.a.counter.id, '2026-04-20T03:00:00.000Z', 3);
		const results = await recordResponses(handle.db, submitter, [before, after, elsewhere], new Date('2026-05-01T00:00:00Z'));
		expect(results.map((r) => r.status)).toEqual(['stored', 'rejected', 'stored']);
		expect(results[1]!.errors).toEqual([{ field: 'counterId', message: 'is out of service: archived at 2026-04-15T00:00:00.000Z, after which no rating is stored' }]);

		// The phone survey, by the same rule.
		const rate = (raw: unknown) => recordPhoneRating(handle.db, { path: 'A-02', item: raw, address: '10.9.0.1', client: 'phone-life-0001' }, new Date('2026-05-01T00:00:00Z'));
		expect(await rate(item(counter2.id, '2026-04-14T10:00:00.000Z'))).toMatchObject({ outcome: 'recorded', result: { status: 'stored' } });
		const refused = await rate(item(counter2.id, '2026-04-16T10:00:00.000Z'));
		expect(refused).toMatchObject({ outcome: 'rejected', result: { status: 'rejected', errors: [{ field: 'counterId' }] } });
	});

	it('restoring brings it back to the pickers, the kiosk and ingestion; its tablet is paired again like a new one', async () => {
		const restoredAt = new Date('2026-06-01T00:00:00Z');
		expect(await setArchived(handle.db, org.mall.id, 'service', service2, false, admin, restoredAt)).toBe(true);
		expect(await setArchived(handle.db, org.mall.id, 'counter', counter2.id, false, admin, restoredAt)).toBe(true);
		expect(await entries('counter.restore')).toMatchObject([{ entityId: counter2.id, before: { archivedAt: ARCHIVED_AT.toISOString() }, after: { archivedAt: null } }]);
		expect(await entries('service.restore')).toMatchObject([{ entityId: service2, actorUserId: adminId }]);
		expect(await outOfServiceSince(handle.db, counter2.id)).toBeNull();
		expect((await readableCounters(handle.db, reader())).map((c) => c.code)).toContain('A-02');
		expect(await settings.findCounter(handle.db, org.mall.id, counter2.id)).toMatchObject({ code: 'A-02' });
		// Restoring pairs nothing: the counter has no tablet until one is paired with it again.
		expect((await settings.listCounters(handle.db, org.mall.id)).find((c) => c.id === counter2.id)).toMatchObject({ activeDevices: 0, archivedAt: null, parentArchived: false });
		const repaired = await pairWith(counter2);
		const auth = await authenticateDevice(handle.db, repaired.token);
		if ('error' in auth) throw new Error(auth.error);
		const submitter = { mallId: org.mall.id, channel: 'kiosk' as const, deviceId: repaired.deviceId, counters: auth.counters };
		const [late] = await recordResponses(handle.db, submitter, [item(counter2.id, '2026-06-02T02:00:00.000Z', 1)], new Date('2026-06-02T03:00:00Z'));
		expect(late!.status).toBe('stored');
	});
});

describe('archiving an agency', () => {
	it('takes its services and counters out of use without archiving them, and restoring it brings them back', async () => {
		const archivedAt = new Date('2026-07-01T00:00:00Z');
		expect(await setArchived(handle.db, org.mall.id, 'agency', org.b.agency.id, true, admin, archivedAt)).toBe(true);
		// Nothing below it was changed: its counter is unavailable through the chain, its tablet still paired.
		const [bCounter] = await settings.listCounters(handle.db, org.mall.id, { includeArchived: true }).then((rows) => rows.filter((c) => c.code === 'b-01'));
		expect(bCounter).toMatchObject({ archivedAt: null, parentArchived: true });
		expect(await outOfServiceSince(handle.db, org.b.counter.id)).toEqual(archivedAt);
		expect((await readableAgencies(handle.db, reader())).map((a) => a.id)).toEqual([org.a.agency.id]);
		expect((await readableServices(handle.db, reader())).map((s) => s.agencyId)).not.toContain(org.b.agency.id);
		expect((await readableCounters(handle.db, reader())).map((c) => c.code)).not.toContain('b-01');
		expect((await listAgencies(handle.db, org.mall.id)).map((a) => a.id)).toEqual([org.a.agency.id]);
		const [bDevice] = await handle.db.select().from(devices).where(eq(devices.id, org.b.device.id));
		expect(bDevice!.revokedAt).toBeNull();
		// Its past stays: the mall's first quarter still ranks it, marked; the third quarter, which it did not serve, does not.
		const q1 = (await loadDashboard(handle.db, reader(), { type: 'mall', id: org.mall.id }, Q1))!;
		expect(q1.children.find((c) => c.id === org.b.agency.id)).toMatchObject({ archived: true, respondents: 4 });
		const q3 = (await loadDashboard(handle.db, reader(), { type: 'mall', id: org.mall.id }, Q3))!;
		expect(q3.children.map((c) => c.id)).not.toContain(org.b.agency.id);
		const [ratedLate] = await recordResponses(
			handle.db,
			{ mallId: org.mall.id, channel: 'kiosk', deviceId: org.b.device.id, counters: await loadCounters(handle.db, [org.b.counter.id]) },
			[item(org.b.counter.id, '2026-07-02T02:00:00.000Z', 50)],
			new Date('2026-07-02T03:00:00Z')
		);
		expect(ratedLate!.errors).toEqual([{ field: 'counterId', message: 'is out of service: archived at 2026-07-01T00:00:00.000Z, after which no rating is stored' }]);

		expect(await setArchived(handle.db, org.mall.id, 'agency', org.b.agency.id, false, admin)).toBe(true);
		expect(await outOfServiceSince(handle.db, org.b.counter.id)).toBeNull();
		expect((await readableCounters(handle.db, reader())).map((c) => c.code)).toContain('b-01');
		expect(await entries('agency.archive')).toMatchObject([{ entityId: org.b.agency.id, before: { archivedAt: null }, after: { archivedAt: archivedAt.toISOString() } }]);
		expect(await entries('agency.restore')).toHaveLength(1);
	});
});

describe('the admin pages’ changes are audited', () => {
	it('creating and renaming agencies, services, counters and tablets, a counter’s survey, tokens and accounts', async () => {
		const { db } = handle;
		const mallId = org.mall.id;
		const agency = await settings.createAgency(db, mallId, { code: 'bpjs', name: 'BPJS' }, admin);
		if (!('id' in agency)) throw new Error(agency.error);
		expect(await settings.renameAgency(db, mallId, agency.id, 'BPJS Kesehatan', admin)).toBe(true);
		expect(await settings.renameService(db, mallId, service2, 'Layanan Lama Sekali', admin)).toBe(true);
		expect(await settings.updateCounterSettings(db, mallId, counter2.id, { surveyMode: 'quick', minIntervalSeconds: 20 }, admin)).toMatchObject({ surveyMode: 'quick' });
		expect(await settings.renameDevice(db, mallId, org.a.device.id, 'Tablet meja A', admin)).toBe(true);
		expect(await revokeDevice(db, org.b.device.id, mallId, new Date('2026-08-01T00:00:00Z'), admin)).toBe(true);
		const token = await createApiToken(db, { label: 'Sistem antrean', mallId, createdBy: adminId }, admin);
		secrets.push(token.token);
		expect(await revokeApiToken(db, token.id, mallId, new Date('2026-08-01T00:00:00Z'), admin)).toBe('revoked');

		expect(await entries('agency.create')).toMatchObject([{ entityId: agency.id, actorUserId: adminId, before: null, after: { code: 'bpjs', name: 'BPJS' } }]);
		expect(await entries('agency.rename')).toMatchObject([{ entityId: agency.id, before: { name: 'BPJS' }, after: { name: 'BPJS Kesehatan' } }]);
		expect(await entries('service.create')).toMatchObject([{ entityId: service2, after: { agencyId: org.a.agency.id, code: 'a-arsip', name: 'Layanan Lama', isFree: true } }]);
		expect(await entries('service.rename')).toMatchObject([{ entityId: service2, before: { name: 'Layanan Lama' }, after: { name: 'Layanan Lama Sekali' } }]);
		expect(await entries('counter.create')).toMatchObject([{ entityId: counter2.id, after: { code: 'A-02', serviceId: service2 } }]);
		// Only what changed: the interval was 20 already.
		expect((await entries('counter.update')).map((e) => [e.before, e.after])).toEqual([[{ surveyMode: 'full' }, { surveyMode: 'quick' }]]);
		expect(await entries('device.rename')).toMatchObject([{ entityId: org.a.device.id, before: { name: 'Tablet a' }, after: { name: 'Tablet meja A' } }]);
		expect((await entries('device.revoke')).filter((e) => e.entityId === org.b.device.id)).toMatchObject([{ after: { revokedAt: '2026-08-01T00:00:00.000Z' } }]);
		expect(await entries('token.create')).toMatchObject([{ entity: 'token', entityId: token.id, after: { label: 'Sistem antrean' } }]);
		expect(await entries('token.revoke')).toMatchObject([{ entityId: token.id, before: { label: 'Sistem antrean', revokedAt: null } }]);
		// A renaming to the same name is no change.
		expect(await settings.renameAgency(db, mallId, agency.id, 'BPJS Kesehatan', admin)).toBe(true);
		expect(await entries('agency.rename')).toHaveLength(1);
	});
});

describe('accounts', () => {
	let staff: Organization;
	let bossId: number;
	let boss: Actor;
	const sessionsOf = async (userId: number) => (await handle.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
	const make = async (email: string, role: 'admin' | 'manager' | 'evaluator', agencyIds?: number[]) => {
		const created = await createUser(handle.db, { mallId: staff.mall.id, email, name: email.split('@')[0]!, password: PASSWORD, role, agencyIds }, boss);
		if (!('userId' in created)) throw new Error(JSON.stringify(created));
		return created.userId;
	};

	beforeAll(async () => {
		staff = await createOrganization(handle.db, 'staff-mall');
		const created = await createUser(handle.db, { mallId: staff.mall.id, email: 'boss@staff.go.id', name: 'Boss', password: PASSWORD, role: 'admin' });
		if (!('userId' in created)) throw new Error(JSON.stringify(created));
		bossId = created.userId;
		boss = actorOf({ id: bossId, email: 'boss@staff.go.id' });
	});

	it('creates accounts and sets a manager’s agencies with an audit entry, never the password', async () => {
		const managerId = await make('manajer@staff.go.id', 'manager', [staff.a.agency.id]);
		expect(await setUserAgencies(handle.db, staff.mall.id, managerId, [staff.b.agency.id, staff.a.agency.id], boss)).toBe('done');
		const [created] = (await entries('user.create')).filter((e) => e.entityId === managerId);
		expect(created).toMatchObject({ actorUserId: bossId, after: { email: 'manajer@staff.go.id', role: 'manager', agencyIds: [staff.a.agency.id] } });
		expect((await entries('user.agencies')).filter((e) => e.entityId === managerId).map((e) => [e.before, e.after])).toEqual([
			[{ agencyIds: [staff.a.agency.id] }, { agencyIds: [staff.a.agency.id, staff.b.agency.id].sort((x, y) => x - y) }]
		]);
	});

	it('changes a role (a manager needs agencies), and never demotes or disables the hall’s last active admin', async () => {
		const db = handle.db;
		const evaId = await make('eva@staff.go.id', 'evaluator');
		expect(await setUserRole(db, staff.mall.id, evaId, { role: 'manager', agencyIds: [] }, boss)).toEqual({ error: 'agency_required', field: 'agencies' });
		expect(await setUserRole(db, staff.mall.id, evaId, { role: 'manager', agencyIds: [org.a.agency.id] }, boss)).toEqual({ error: 'unknown_agency', field: 'agencies' });
		expect(await setUserRole(db, staff.mall.id, evaId, { role: 'manager', agencyIds: [staff.b.agency.id] }, boss)).toBe('done');
		expect(await setUserRole(db, org.mall.id, evaId, { role: 'admin' }, boss)).toBe('not_found');
		expect((await entries('user.role')).filter((e) => e.entityId === evaId)).toMatchObject([
			{ actorUserId: bossId, before: { role: 'evaluator', agencyIds: [] }, after: { role: 'manager', agencyIds: [staff.b.agency.id] } }
		]);

		// The boss is the only active admin: not demoted (by themself or anyone), not disabled (by a tool either).
		expect(await setUserRole(db, staff.mall.id, bossId, { role: 'evaluator' }, boss)).toBe('last_admin');
		expect(await setUserDisabled(db, staff.mall.id, bossId, true, null)).toBe('last_admin');
		expect(await setUserDisabled(db, staff.mall.id, bossId, true, boss)).toBe('self');
		const [row] = await db.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, bossId));
		expect(row).toEqual({ role: 'admin', disabledAt: null });

		// With a second admin the first may step down; then the second is the last one.
		const deputyId = await make('wakil@staff.go.id', 'admin');
		const deputy = actorOf({ id: deputyId, email: 'wakil@staff.go.id' });
		expect(await setUserRole(db, staff.mall.id, bossId, { role: 'evaluator' }, deputy)).toBe('done');
		expect(await setUserRole(db, staff.mall.id, deputyId, { role: 'manager', agencyIds: [staff.a.agency.id] }, deputy)).toBe('last_admin');
		expect(await setUserDisabled(db, staff.mall.id, deputyId, true, boss)).toBe('last_admin');
		// A disabled admin does not count as active.
		expect(await setUserRole(db, staff.mall.id, bossId, { role: 'admin' }, deputy)).toBe('done');
		expect(await setUserDisabled(db, staff.mall.id, bossId, true, deputy)).toBe('done');
		expect(await setUserDisabled(db, staff.mall.id, deputyId, true, null)).toBe('last_admin');
		expect(await setUserDisabled(db, staff.mall.id, bossId, false, deputy)).toBe('done');
	});

	it('a deactivated account cannot sign in, its sessions end, and a session made for it anyway is refused', async () => {
		const db = handle.db;
		const userId = await make('nonaktif@staff.go.id', 'evaluator');
		const first = await createSession(db, userId);
		const second = await createSession(db, userId);
		expect(await validateSessionToken(db, first.token)).toMatchObject({ user: { id: userId } });

		expect(await setUserDisabled(db, staff.mall.id, userId, true, boss, new Date('2026-09-01T00:00:00Z'))).toBe('done');
		expect(await sessionsOf(userId)).toBe(0);
		expect(await validateSessionToken(db, first.token)).toBeNull();
		expect(await validateSessionToken(db, second.token)).toBeNull();
		expect(await signIn(db, { email: 'nonaktif@staff.go.id', password: PASSWORD, address: '10.7.0.1' })).toEqual({ error: 'invalid' });
		// validateSessionToken checks the account on every request, not only the session row.
		const sneaked = await createSession(db, userId);
		expect(await validateSessionToken(db, sneaked.token)).toBeNull();
		expect((await entries('user.disable')).filter((e) => e.entityId === userId)).toMatchObject([
			{ actorUserId: bossId, before: { disabledAt: null }, after: { disabledAt: '2026-09-01T00:00:00.000Z' } }
		]);

		expect(await setUserDisabled(db, staff.mall.id, userId, false, boss)).toBe('done');
		expect(await signIn(db, { email: 'nonaktif@staff.go.id', password: PASSWORD, address: '10.7.0.1' })).toEqual({ userId });
		expect((await entries('user.enable')).filter((e) => e.entityId === userId)).toMatchObject([{ after: { disabledAt: null } }]);
	});

	it('a reset link sets a new password under the policy once, ends every session, and is dead after', async () => {
		const db = handle.db;
		const userId = await make('lupa@staff.go.id', 'evaluator');
		const session = await createSession(db, userId);
		const t0 = new Date('2026-10-01T08:00:00Z');
		const link = await createPasswordReset(db, staff.mall.id, userId, boss, t0);
		if ('error' in link) throw new Error(link.error);
		secrets.push(link.token);
		expect(link.expiresAt.getTime() - t0.getTime()).toBe(RESET_LINK_TTL_MS);
		expect(link.email).toBe('lupa@staff.go.id');
		const [stored] = await db.select().from(passwordResets).where(eq(passwordResets.userId, userId));
		expect(JSON.stringify(stored)).not.toContain(link.token);
		expect(await findPasswordReset(db, link.token, t0)).toEqual({ email: 'lupa@staff.go.id' });

		// The same password policy as everywhere: a weak one is refused and the link stays live.
		const later = new Date(t0.getTime() + 3600_000);
		expect(await resetPassword(db, link.token, 'password123', later)).toMatchObject({ field: 'password' });
		expect(await resetPassword(db, link.token, 'lupa@staff.go.id', later)).toEqual({ error: 'password_is_email', field: 'password' });
		expect(await validateSessionToken(db, session.token)).not.toBeNull();

		const fresh = 'gajah-terbang-di-atas-pelangi-9';
		secrets.push(fresh);
		expect(await resetPassword(db, link.token, fresh, later)).toEqual({ userId });
		expect(await validateSessionToken(db, session.token)).toBeNull();
		expect(await sessionsOf(userId)).toBe(0);
		expect(await signIn(db, { email: 'lupa@staff.go.id', password: fresh, address: '10.7.0.2' })).toEqual({ userId });
		expect(await signIn(db, { email: 'lupa@staff.go.id', password: PASSWORD, address: '10.7.0.2' })).toEqual({ error: 'invalid' });
		// Once: used, it is gone.
		expect(await findPasswordReset(db, link.token, later)).toBeNull();
		expect(await resetPassword(db, link.token, 'lagi-gajah-terbang-pelangi-10', later)).toEqual({ error: 'gone' });

		expect((await entries('user.reset_link')).filter((e) => e.entityId === userId)).toMatchObject([{ actorUserId: bossId, after: { expiresAt: link.expiresAt.toISOString() } }]);
		expect((await entries('user.password_reset')).filter((e) => e.entityId === userId)).toMatchObject([
			{ actorUserId: userId, actor: 'lupa@staff.go.id', after: { passwordChangedAt: later.toISOString() } }
		]);
	});

	it('a reset link expires after 24 hours, a newer one replaces it, and a disabled account gets none', async () => {
		const db = handle.db;
		const userId = await make('telat@staff.go.id', 'evaluator');
		const t0 = new Date('2026-10-02T08:00:00Z');
		const first = await createPasswordReset(db, staff.mall.id, userId, boss, t0);
		if ('error' in first) throw new Error(first.error);
		secrets.push(first.token);
		expect(await findPasswordReset(db, first.token, new Date(t0.getTime() + RESET_LINK_TTL_MS - 1))).not.toBeNull();
		expect(await findPasswordReset(db, first.token, new Date(t0.getTime() + RESET_LINK_TTL_MS))).toBeNull();
		expect(await resetPassword(db, first.token, 'gajah-terbang-di-atas-pelangi-9', new Date(t0.getTime() + RESET_LINK_TTL_MS))).toEqual({ error: 'gone' });

		const second = await createPasswordReset(db, staff.mall.id, userId, boss, t0);
		const third = await createPasswordReset(db, staff.mall.id, userId, boss, t0);
		if ('error' in second || 'error' in third) throw new Error('no link');
		secrets.push(second.token, third.token);
		expect(await findPasswordReset(db, second.token, t0)).toBeNull();
		expect(await findPasswordReset(db, third.token, t0)).toEqual({ email: 'telat@staff.go.id' });

		expect(await setUserDisabled(db, staff.mall.id, userId, true, boss)).toBe('done');
		expect(await findPasswordReset(db, third.token, t0)).toBeNull();
		expect(await createPasswordReset(db, staff.mall.id, userId, boss, t0)).toEqual({ error: 'disabled' });
		expect(await createPasswordReset(db, org.mall.id, userId, boss, t0)).toEqual({ error: 'not_found' });
	});

	it('signs an account out of every session, and only that account', async () => {
		const db = handle.db;
		const userId = await make('keluar@staff.go.id', 'evaluator');
		const otherId = await make('tetap@staff.go.id', 'evaluator');
		const [a, b, kept] = [await createSession(db, userId), await createSession(db, userId), await createSession(db, otherId)];
		expect(await signOutUser(db, staff.mall.id, userId, boss)).toBe('done');
		expect(await validateSessionToken(db, a.token)).toBeNull();
		expect(await validateSessionToken(db, b.token)).toBeNull();
		expect(await validateSessionToken(db, kept.token)).toMatchObject({ user: { id: otherId } });
		expect(await signOutUser(db, org.mall.id, userId, boss)).toBe('not_found');
		expect((await entries('user.sign_out')).filter((e) => e.entityId === userId)).toMatchObject([{ actorUserId: bossId, after: { sessionsEnded: 2 } }]);
		// Signing out is not disabling: the account signs in again.
		expect(await signIn(db, { email: 'keluar@staff.go.id', password: PASSWORD, address: '10.7.0.3' })).toEqual({ userId });
	});

	it('no audit entry holds a password, a password hash or a token', async () => {
		const all = await handle.db.select().from(auditLog);
		expect(all.length).toBeGreaterThan(20);
		const hashes = (await handle.db.select({ hash: users.passwordHash }).from(users)).map((u) => u.hash);
		const text = JSON.stringify(all);
		for (const secret of [...secrets, ...hashes]) expect(text.includes(secret), 'a secret in the audit log').toBe(false);
		expect(text).not.toMatch(/password(?!ChangedAt|_reset)/i);
	});
});
