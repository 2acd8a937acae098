/**
 * From an empty database to a running hall: the one-time setup link, the hall and its first admin, and the admin's
 * first hour — an agency, a service, a counter, a paired tablet, a survey, the IKM on the dashboard.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_2017 } from '../../src/lib/domain/instruments';
import { defaultPeriod } from '../../src/lib/domain/report-period';
import { listAudit } from '../../src/lib/server/audit/audit';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { malls, users } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { loadDashboard } from '../../src/lib/server/indicators/dashboard';
import { createPairingCode, pairDevice } from '../../src/lib/server/kiosk/pairing';
import * as settings from '../../src/lib/server/organization/settings';
import { recordResponses, submitterForDevice } from '../../src/lib/server/responses/ingest';
import { createHall, hasHall, issueSetupToken, offerSetupLink, setupLinkValid, type NewHall } from '../../src/lib/server/setup/hall-setup';
import { publishStandardInstruments } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';

let handle: TestDb;
let folder: string;
beforeAll(async () => {
	handle = await freshDb();
	await publishStandardInstruments(handle.db);
	folder = mkdtempSync(join(tmpdir(), 'puas-setup-'));
});
afterAll(async () => {
	await handle?.close();
	rmSync(folder, { recursive: true, force: true });
});

const PASSWORD = 'sasando-tenun-ikat-lontar';
const kupang = (admin: Partial<NewHall['admin']> = {}, hall: Partial<NewHall> = {}): NewHall => ({
	name: 'Mal Pelayanan Publik Kota Kupang',
	shortName: 'MPP Kota Kupang',
	slug: 'mpp-kota-kupang',
	timeZone: 'Asia/Makassar',
	regionCode: '53.71',
	admin: { name: 'Admin MPP', email: 'admin@mpp.kupangkota.go.id', password: PASSWORD, ...admin },
	...hall
});

describe('a hall set up from an empty database', () => {
	let link: string;
	let token: string;

	it('offers a one-time link while there is no hall, written only for the machine’s user', async () => {
		expect(await hasHall(handle.db)).toBe(false);
		const file = join(folder, 'setup-link');
		link = (await offerSetupLink(handle.db, 'http://localhost:3000/', file))!;
		expect(link).toMatch(/^http:\/\/localhost:3000\/setup\?token=[A-Za-z0-9_-]{43}$/);
		expect(readFileSync(file, 'utf8')).toBe(`${link}\n`);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		token = new URL(link).searchParams.get('token')!;
		expect(await setupLinkValid(handle.db, token)).toBe(true);
		expect(await setupLinkValid(handle.db, `${token}x`)).toBe(false);
		expect(await setupLinkValid(handle.db, '')).toBe(false);
	});

	it('refuses an unknown kabupaten/kota and a weak password, naming the field, and creates nothing', async () => {
		expect(await createHall(handle.db, kupang({}, { regionCode: '53.99' }), token)).toEqual({ problems: [{ field: 'region', problem: 'not_found' }] });
		expect(await createHall(handle.db, kupang({ password: 'kupang2026' }), token)).toMatchObject({ problems: [{ field: 'adminPassword', problem: 'too_weak' }] });
		expect(await createHall(handle.db, kupang({ password: 'pendek' }), token)).toEqual({ problems: [{ field: 'adminPassword', problem: 'too_short', min: 10 }] });
		expect(await hasHall(handle.db)).toBe(false);
		expect(await setupLinkValid(handle.db, token)).toBe(true);
	});

	it('creates the hall and its admin with the link, which then dies — also for a second link printed before', async () => {
		const other = (await issueSetupToken(handle.db))!;
		const created = await createHall(handle.db, kupang(), token);
		expect(created).toMatchObject({ mallId: expect.any(Number), userId: expect.any(Number) });
		const [mall] = await handle.db.select().from(malls);
		expect(mall).toMatchObject({ slug: 'mpp-kota-kupang', name: 'Mal Pelayanan Publik Kota Kupang', shortName: 'MPP Kota Kupang', city: 'Kota Kupang', regionCode: '53.71', timeZone: 'Asia/Makassar' });
		expect(await setupLinkValid(handle.db, token)).toBe(false);
		expect(await setupLinkValid(handle.db, other)).toBe(false);
		expect((await listAudit(handle.db, mall!.id, {})).rows).toEqual([
			expect.objectContaining({ actor: 'setup link', action: 'mall.create', entity: 'mall', entityId: mall!.id, after: expect.objectContaining({ slug: 'mpp-kota-kupang', admin: 'admin@mpp.kupangkota.go.id' }) })
		]);
		expect(await createHall(handle.db, kupang({ email: 'kedua@example.id' }, { slug: 'mpp-kedua' }), other)).toEqual({ problems: [{ field: 'token', problem: 'not_found' }] });
		expect(await issueSetupToken(handle.db)).toBeNull();
		expect(await offerSetupLink(handle.db, 'http://localhost:3000', join(folder, 'setup-link'))).toBeNull();
		expect(existsSync(join(folder, 'setup-link'))).toBe(false);
		const [{ n }] = (await handle.db.select({ n: count() }).from(malls)) as [{ n: number }];
		expect(n).toBe(1);
	});

	it('lets the admin sign in with the password of the form', async () => {
		const signedIn = await signIn(handle.db, { email: 'Admin@MPP.kupangkota.go.id', password: PASSWORD, address: '10.0.0.1' });
		expect(signedIn).toMatchObject({ userId: expect.any(Number) });
		const [admin] = await handle.db.select({ role: users.role, name: users.name }).from(users);
		expect(admin).toEqual({ role: 'admin', name: 'Admin MPP' });
	});

	it('refuses, for an operator, a taken slug and a taken admin email', async () => {
		expect(await createHall(handle.db, kupang({ email: 'lain@example.id' }))).toEqual({ problems: [{ field: 'slug', problem: 'taken' }] });
		expect(await createHall(handle.db, kupang({}, { slug: 'mpp-kabupaten-kupang', regionCode: '53.01' }))).toEqual({ problems: [{ field: 'adminEmail', problem: 'taken' }] });
		const [{ n }] = (await handle.db.select({ n: count() }).from(malls)) as [{ n: number }];
		expect(n).toBe(1);
	});

	it('runs: an agency, a service, a counter, a paired tablet, a survey, and the IKM on the dashboard', async () => {
		const db = handle.db;
		const [mall] = await db.select({ id: malls.id }).from(malls);
		const mallId = mall!.id;
		const agency = await settings.createAgency(db, mallId, { code: 'dukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil' });
		if ('error' in agency) throw new Error(agency.error);
		const service = await settings.createService(db, mallId, { agencyId: agency.id, code: 'ktp-el', name: 'Perekaman KTP-el', isFree: true });
		if ('error' in service) throw new Error(service.error);
		const counter = await settings.createCounter(db, mallId, { serviceId: service.id, code: 'DKP-01', name: 'Loket 1 Dukcapil' });
		if ('error' in counter) throw new Error(counter.error);
		const { code } = await createPairingCode(db, { id: counter.id, mallId, code: 'DKP-01', name: 'Loket 1 Dukcapil' });
		const paired = await pairDevice(db, { code, installationId: crypto.randomUUID() });
		if ('error' in paired) throw new Error(paired.error);
		const now = new Date();
		const results = await recordResponses(db, await submitterForDevice(db, paired.deviceId), [
			{
				id: crypto.randomUUID(),
				seq: 1,
				counterId: counter.id,
				instrument: { code: SKM_2017.code, version: SKM_2017.version },
				submittedAt: now.toISOString(),
				status: 'complete',
				answers: [4, 4, 3, 4, 4, 3, 4, 4, 3]
			}
		]);
		expect(results).toEqual([expect.objectContaining({ status: 'stored' })]);
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(now);
		const dashboard = await loadDashboard(db, { userId: null, role: 'admin', mallId, agencyIds: null }, { type: 'mall', id: mallId }, defaultPeriod(today));
		// PermenPANRB 14/2017: NRR per unsur × 1/9, summed, × 25 — one respondent answering 4,4,3,4,4,3,4,4,3.
		expect(dashboard?.current.respondents).toBe(1);
		expect(dashboard?.current.ikm).toBe(91.67);
	});
});
