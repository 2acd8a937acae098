/**
 * The admin's settings queries: creating and renaming what the mall houses, refusing duplicates by name instead of
 * with a constraint error, never touching another mall's rows, and accounts (a manager's agencies, disabling). Also
 * the demo's accounts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/lib/server/audit/audit';
import { createUser, insertUser, listUsers, setUserAgencies, setUserDisabled } from '../../src/lib/server/auth/users';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { rowsOf } from '../../src/lib/server/db/client';
import { auditLog, counters, devices, services } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/lib/server/demo/users';
import { seedDemoIfEmpty } from '../../src/lib/server/demo/seed';
import * as settings from '../../src/lib/server/organization/settings';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let other: Organization;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db);
	other = await createOrganization(handle.db, 'other-mall');
});
afterAll(async () => {
	await handle?.close();
});

const PASSWORD = 'a-long-password-1';

describe('agencies, services and counters', () => {
	it('creates an agency, a service of it and a counter giving that service', async () => {
		const { db } = handle;
		const mallId = org.mall.id;
		const agency = await settings.createAgency(db, mallId, { code: 'bank-ntt', name: 'Bank NTT' });
		expect(agency).toEqual({ id: expect.any(Number) });
		const agencyId = (agency as { id: number }).id;
		const service = await settings.createService(db, mallId, { agencyId, code: 'ntt-rekening', name: 'Pembukaan rekening', isFree: true });
		expect(service).toEqual({ id: expect.any(Number) });
		const serviceId = (service as { id: number }).id;
		const counter = await settings.createCounter(db, mallId, { serviceId, code: 'NTT-01', name: 'Loket Bank NTT' });
		expect(counter).toEqual({ id: expect.any(Number) });

		const listed = await settings.listAgenciesWithServices(db, mallId);
		expect(listed.find((a) => a.code === 'bank-ntt')).toEqual({
			id: agencyId,
			code: 'bank-ntt',
			name: 'Bank NTT',
			// A new agency names no kind of the national catalogue until its admin chooses one.
			kindCode: null,
			archivedAt: null,
			services: [{ id: serviceId, code: 'ntt-rekening', name: 'Pembukaan rekening', isFree: true, counters: 1, archivedAt: null }]
		});
		const row = (await settings.listCounters(db, mallId)).find((c) => c.code === 'NTT-01');
		expect(row).toMatchObject({ name: 'Loket Bank NTT', agencyName: 'Bank NTT', serviceId, surveyMode: 'full', minIntervalSeconds: 20, activeDevices: 0 });
		// The counter's agency follows from its service, and it runs the published SKM instrument.
		const [stored] = await db.select().from(counters).where(eq(counters.code, 'NTT-01'));
		expect(stored).toMatchObject({ agencyId, instrumentId: org.instrument.id });
	});

	it('answers a duplicate code with code_taken, not a constraint error', async () => {
		const { db } = handle;
		const mallId = org.mall.id;
		expect(await settings.createAgency(db, mallId, { code: 'a', name: 'Again' })).toEqual({ error: 'code_taken' });
		expect(await settings.createService(db, mallId, { agencyId: org.a.agency.id, code: 'a-svc', name: 'Again', isFree: false })).toEqual({
			error: 'code_taken'
		});
		expect(await settings.createCounter(db, mallId, { serviceId: org.a.service.id, code: 'a-01', name: 'Again' })).toEqual({ error: 'code_taken' });
		expect(await settings.createCounter(db, mallId, { serviceId: org.a.service.id, code: 'A-01', name: 'Upper case' })).toEqual({ error: 'code_taken' });
		// The same code in another mall is fine.
		expect(await settings.createAgency(db, other.mall.id, { code: 'bank-ntt', name: 'Bank NTT' })).toEqual({ id: expect.any(Number) });
	});

	it('never reaches into another mall', async () => {
		const { db } = handle;
		const mallId = org.mall.id;
		const theirs = other.a;
		expect(await settings.renameAgency(db, mallId, theirs.agency.id, 'Taken over')).toBe(false);
		expect(await settings.renameService(db, mallId, theirs.service.id, 'Taken over')).toBe(false);
		expect(await settings.renameDevice(db, mallId, theirs.device.id, 'Taken over')).toBe(false);
		expect(await settings.updateCounterSettings(db, mallId, theirs.counter.id, { surveyMode: 'quick', minIntervalSeconds: 0 })).toBeNull();
		expect(await settings.findCounter(db, mallId, theirs.counter.id)).toBeNull();
		expect(await settings.createService(db, mallId, { agencyId: theirs.agency.id, code: 'x-svc', name: 'X', isFree: true })).toEqual({ error: 'not_found' });
		expect(await settings.createCounter(db, mallId, { serviceId: theirs.service.id, code: 'X-01', name: 'X' })).toEqual({ error: 'not_found' });

		const [counter] = await db.select().from(counters).where(eq(counters.id, theirs.counter.id));
		expect(counter).toMatchObject({ surveyMode: 'full', minIntervalSeconds: 20, name: 'Counter a' });
		const [device] = await db.select().from(devices).where(eq(devices.id, theirs.device.id));
		expect(device!.name).toBe('Tablet a');
		const [service] = await db.select().from(services).where(eq(services.id, theirs.service.id));
		expect(service!.name).toBe('Service a');
	});

	it('renames and changes a counter of its own mall', async () => {
		const { db } = handle;
		const mallId = org.mall.id;
		expect(await settings.renameAgency(db, mallId, org.b.agency.id, 'Badan B')).toBe(true);
		expect(await settings.updateCounterSettings(db, mallId, org.b.counter.id, { surveyMode: 'quick', minIntervalSeconds: 45 })).toEqual({
			id: org.b.counter.id,
			code: 'b-01',
			surveyMode: 'quick',
			minIntervalSeconds: 45,
			phoneChannel: 'open'
		});
		expect(await settings.renameDevice(db, mallId, org.b.device.id, 'Tablet di meja B')).toBe(true);
		const [device] = await db.select().from(devices).where(eq(devices.id, org.b.device.id));
		expect(device!.name).toBe('Tablet di meja B');
	});

	it("changes one setting of a counter as the API asks, never another mall's counter", async () => {
		const { db } = handle;
		const theirs = other.b.counter;
		// The API's changes name one setting or both; through the admin's mall, another mall's counter is not found.
		expect(await settings.updateCounterSettings(db, org.mall.id, theirs.id, { minIntervalSeconds: 0 })).toBeNull();
		expect(await settings.updateCounterSettings(db, org.mall.id, theirs.id, { surveyMode: 'quick' })).toBeNull();
		const [untouched] = await db.select().from(counters).where(eq(counters.id, theirs.id));
		expect(untouched).toMatchObject({ surveyMode: 'full', minIntervalSeconds: 20 });
		// Through its own mall the change is made, and the setting left out stays.
		expect(await settings.updateCounterSettings(db, other.mall.id, theirs.id, { minIntervalSeconds: 30 })).toEqual({
			id: theirs.id,
			code: 'b-01',
			surveyMode: 'full',
			minIntervalSeconds: 30,
			phoneChannel: 'open'
		});
		// The phone channel too, audited like the others.
		expect(await settings.updateCounterSettings(db, other.mall.id, theirs.id, { phoneChannel: 'ticket' }, { userId: null, label: 'API token: test' })).toMatchObject({ phoneChannel: 'ticket', minIntervalSeconds: 30 });
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'counter.update')).orderBy(desc(auditLog.id)).limit(1);
		expect(entry).toMatchObject({ entityId: theirs.id, before: { phoneChannel: 'open' }, after: { phoneChannel: 'ticket' } });
		await settings.updateCounterSettings(db, other.mall.id, theirs.id, { phoneChannel: 'open' });
	});

	it('counts what the mall has', async () => {
		const overview = await settings.settingsOverview(handle.db, other.mall.id);
		expect(overview).toEqual({ agencies: 3, services: 2, counters: 2, devices: 2, revokedDevices: 0, users: 0, disabledUsers: 0 });
	});

	it('finds the mall an API token works on', async () => {
		const { db } = handle;
		expect(await settings.resolveMall(db, org.mall.id)).toMatchObject({ id: org.mall.id });
		expect(await settings.resolveMall(db, null, 'other-mall')).toMatchObject({ id: other.mall.id });
		expect(await settings.resolveMall(db, null)).toEqual({ error: 'mall_required' });
		expect(await settings.resolveMall(db, org.mall.id, 'other-mall')).toEqual({ error: 'unknown_mall' });
		expect(await settings.agencyIdsByCode(db, org.mall.id, ['a', 'nope'])).toEqual({ ids: [org.a.agency.id], unknown: ['nope'] });
	});
});

describe('accounts', () => {
	it('creates a manager with agencies, who can then sign in', async () => {
		const { db } = handle;
		const created = await createUser(db, {
			mallId: org.mall.id,
			email: ' Manajer@Example.GO.ID ',
			name: ' Manajer A ',
			password: PASSWORD,
			role: 'manager',
			agencyIds: [org.a.agency.id, org.b.agency.id]
		});
		expect(created).toEqual({ userId: expect.any(Number) });
		const [user] = await listUsers(db, org.mall.id, { userId: (created as { userId: number }).userId });
		expect(user).toMatchObject({ email: 'manajer@example.go.id', name: 'Manajer A', role: 'manager', disabled: false, locked: false });
		expect(user!.agencies.map((a) => a.code).sort()).toEqual(['a', 'b']);
		expect(await signIn(db, { email: 'manajer@example.go.id', password: PASSWORD, address: '10.1.0.1' })).toEqual({ userId: user!.id });
	});

	it('refuses a manager without agencies, or with an agency of another mall', async () => {
		const { db } = handle;
		const base = { mallId: org.mall.id, name: 'M', password: PASSWORD, role: 'manager' as const };
		expect(await createUser(db, { ...base, email: 'none@example.go.id' })).toEqual({ error: 'agency_required', field: 'agencies' });
		expect(await createUser(db, { ...base, email: 'none@example.go.id', agencyIds: [] })).toEqual({ error: 'agency_required', field: 'agencies' });
		expect(await createUser(db, { ...base, email: 'foreign@example.go.id', agencyIds: [other.a.agency.id] })).toEqual({
			error: 'unknown_agency',
			field: 'agencies'
		});
		const stored = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from users where email in ('none@example.go.id', 'foreign@example.go.id')`));
		expect(stored[0]!.n).toBe(0);
	});

	it('answers a taken email (in any case, in any mall) with email_taken', async () => {
		const { db } = handle;
		const first = await createUser(db, { mallId: org.mall.id, email: 'eva@example.go.id', name: 'Eva', password: PASSWORD, role: 'evaluator' });
		expect(first).toEqual({ userId: expect.any(Number) });
		expect(await createUser(db, { mallId: org.mall.id, email: 'EVA@example.go.id', name: 'Eva 2', password: PASSWORD, role: 'admin' })).toEqual({
			error: 'email_taken',
			field: 'email'
		});
		expect(await createUser(db, { mallId: other.mall.id, email: 'eva@example.go.id', name: 'Eva 3', password: PASSWORD, role: 'admin' })).toEqual({
			error: 'email_taken',
			field: 'email'
		});
	});

	it('refuses a short password or one that is the email', async () => {
		const { db } = handle;
		const base = { mallId: org.mall.id, name: 'P', role: 'evaluator' as const };
		expect(await createUser(db, { ...base, email: 'short@example.go.id', password: 'short' })).toEqual({ error: 'password_too_short', field: 'password' });
		expect(await createUser(db, { ...base, email: 'same@example.go.id', password: 'SAME@example.go.id' })).toEqual({
			error: 'password_is_email',
			field: 'password'
		});
	});

	it('refuses a password that is easy to guess, naming the field and its zxcvbn score; a passphrase passes', async () => {
		const { db } = handle;
		const base = { mallId: org.mall.id, email: 'rina@example.go.id', name: 'Rina Ndun', role: 'evaluator' as const };
		for (const password of ['password12', 'Password123!', 'rina.ndun2026', 'puas-kupang-2026']) {
			const refused = await createUser(db, { ...base, password });
			expect(refused, password).toEqual({ error: 'password_too_weak', field: 'password', score: expect.any(Number) });
			expect((refused as { score: number }).score, password).toBeLessThan(3);
		}
		const stored = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from users where email = 'rina@example.go.id'`));
		expect(stored[0]!.n).toBe(0);
		expect(await createUser(db, { ...base, password: 'lampu-meja-kucing-hujan' })).toEqual({ userId: expect.any(Number) });
	});

	it('gives admins and evaluators no agency rows (they see every agency)', async () => {
		const { db } = handle;
		const created = await createUser(db, {
			mallId: org.mall.id,
			email: 'boss@example.go.id',
			name: 'Boss',
			password: PASSWORD,
			role: 'admin',
			agencyIds: [org.a.agency.id]
		});
		const [user] = await listUsers(db, org.mall.id, { userId: (created as { userId: number }).userId });
		expect(user!.agencies).toEqual([]);
	});

	it("replaces a manager's agencies, and refuses none, foreign ones, non-managers and other malls' users", async () => {
		const { db } = handle;
		const manager = (await listUsers(db, org.mall.id)).find((u) => u.email === 'manajer@example.go.id')!;
		expect(await setUserAgencies(db, org.mall.id, manager.id, [org.b.agency.id])).toBe('done');
		expect((await listUsers(db, org.mall.id, { userId: manager.id }))[0]!.agencies.map((a) => a.code)).toEqual(['b']);
		expect(await setUserAgencies(db, org.mall.id, manager.id, [])).toEqual({ error: 'agency_required', field: 'agencies' });
		expect(await setUserAgencies(db, org.mall.id, manager.id, [other.a.agency.id])).toEqual({ error: 'unknown_agency', field: 'agencies' });
		const evaluator = (await listUsers(db, org.mall.id)).find((u) => u.email === 'eva@example.go.id')!;
		expect(await setUserAgencies(db, org.mall.id, evaluator.id, [org.a.agency.id])).toBe('not_manager');
		expect(await setUserAgencies(db, other.mall.id, manager.id, [other.a.agency.id])).toBe('not_found');
		expect((await listUsers(db, org.mall.id, { userId: manager.id }))[0]!.agencies.map((a) => a.code)).toEqual(['b']);
	});

	it('disables an account (signing it out) and enables it again, but never the acting admin itself', async () => {
		const { db } = handle;
		const all = await listUsers(db, org.mall.id);
		const admin = all.find((u) => u.email === 'boss@example.go.id')!;
		const evaluator = all.find((u) => u.email === 'eva@example.go.id')!;
		const session = await createSession(db, evaluator.id);

		expect(await setUserDisabled(db, org.mall.id, admin.id, true, actorOf(admin))).toBe('self');
		expect(await setUserDisabled(db, other.mall.id, evaluator.id, true, actorOf(admin))).toBe('not_found');
		expect((await listUsers(db, org.mall.id, { userId: admin.id }))[0]!.disabled).toBe(false);

		expect(await setUserDisabled(db, org.mall.id, evaluator.id, true, actorOf(admin))).toBe('done');
		expect(await validateSessionToken(db, session.token)).toBeNull();
		expect(await signIn(db, { email: 'eva@example.go.id', password: PASSWORD, address: '10.1.0.2' })).toEqual({ error: 'invalid' });
		expect(await setUserDisabled(db, org.mall.id, evaluator.id, false, actorOf(admin))).toBe('done');
		expect(await signIn(db, { email: 'eva@example.go.id', password: PASSWORD, address: '10.1.0.2' })).toEqual({ userId: evaluator.id });
	});

	it('inserts an account with a ready hash, with the same checks', async () => {
		const { db } = handle;
		expect(await insertUser(db, { mallId: org.mall.id, email: 'eva@example.go.id', name: 'x', role: 'evaluator', passwordHash: 'x' })).toEqual({
			error: 'email_taken',
			field: 'email'
		});
	});
});

describe('the demo accounts', () => {
	let demo: TestDb;
	beforeAll(async () => {
		demo = await freshDb();
		// Two months of responses are enough here; the accounts do not depend on them.
		await seedDemoIfEmpty(demo.db, new Date('2024-03-01T00:00:00+08:00'));
	});
	afterAll(async () => {
		await demo?.close();
	});

	it('creates one account per role, the manager with Dukcapil only', async () => {
		const rows = rowsOf<{ email: string; name: string; role: string; agencies: string[] }>(
			await demo.db.execute(sql`
				select u.email, u.name, u.role,
					coalesce(array_agg(a.code order by a.code) filter (where a.code is not null), '{}') as agencies
				from users u left join user_agencies ua on ua.user_id = u.id left join agencies a on a.id = ua.agency_id
				group by u.id order by u.email`)
		);
		expect(rows).toEqual([
			{ email: 'admin@puas.demo', name: 'Admin MPP', role: 'admin', agencies: [] },
			{ email: 'evaluator@puas.demo', name: 'Evaluator LAN', role: 'evaluator', agencies: [] },
			{ email: 'inspektorat@puas.demo', name: 'Inspektorat Provinsi NTT', role: 'evaluator', agencies: [] },
			{ email: 'manager@puas.demo', name: 'Manajer Dukcapil', role: 'manager', agencies: ['dukcapil'] },
			{ email: 'operator@puas.demo', name: 'Operator Puas', role: 'operator', agencies: [] }
		]);
		expect(rows.map((r) => r.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
	});

	it('lets each of them sign in with the demo password', async () => {
		for (const user of DEMO_USERS) {
			expect(await signIn(demo.db, { email: user.email, password: DEMO_PASSWORD, address: '10.1.0.3' }), user.email).toEqual({ userId: expect.any(Number) });
		}
	});

	it('is what `npm start` prints', () => {
		const start = readFileSync(join(process.cwd(), 'scripts', 'start.js'), 'utf8');
		expect(start).toContain(DEMO_PASSWORD);
		for (const user of DEMO_USERS) expect(start).toContain(`'${user.email}'`);
	});
});
