/**
 * A hall's settings page (/app/admin/mall) through its actions and module: the identity saved with one audit entry
 * (before → after), bad NIP, zone and region refused naming the field, a new time zone rebuilding the rollups to the
 * same totals, the staff PIN (hash verifies, never in the audit log), opening hours round trip, and the logo
 * (a real PNG, an SVG with a script, a file over 200 KB) with its public route.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isOpenAt } from '../../src/lib/domain/opening-hours';
import { problemText, type Failure } from '../../src/lib/forms/problems';
import { verifyPin } from '../../src/lib/kiosk/pin';
import { rowsOf } from '../../src/lib/server/db/client';
import { auditLog, malls, users } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { counterConfig } from '../../src/lib/server/kiosk/config';
import { createPairingCode, pairDevice } from '../../src/lib/server/kiosk/pairing';
import * as mallSettings from '../../src/lib/server/organization/mall-settings';
import { findDefaultMall } from '../../src/lib/server/organization/queries';
import { exportResponse, parseExportRequest, resolveReport } from '../../src/lib/server/reports/exports';
import { recordResponses, submitterForDevice } from '../../src/lib/server/responses/ingest';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
// The routes take their database from $lib/server/db: here, this file's fresh one.
vi.mock('../../src/lib/server/db', () => ({ getDb: async () => handle.db }));
const page = await import('../../src/routes/(app)/app/admin/mall/+page.server');
const logoRoute = await import('../../src/routes/(public)/logo/[slug]/+server');

let org: Organization;
let other: Organization;
let admin: { id: number; email: string };

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'mpp-test', 'Asia/Makassar');
	other = await createOrganization(handle.db, 'other-mall', 'Asia/Makassar');
	const [user] = await handle.db
		.insert(users)
		.values({ mallId: org.mall.id, email: 'admin@mpp.test', name: 'Admin', role: 'admin', passwordHash: 'not-used' })
		.returning({ id: users.id, email: users.email });
	admin = user!;
});
afterAll(async () => {
	await handle?.close();
});

type ActionName = keyof typeof page.actions;

/** Run a form action of the page as the hall's admin: its refusal, its 303's location, or its HTTP error. */
async function act(action: ActionName, form: Record<string, string | Blob>) {
	const body = new FormData();
	for (const [name, value] of Object.entries(form)) body.append(name, value);
	const url = new URL(`http://puas.test/app/admin/mall?/${action}`);
	const locals = {
		user: { id: admin.id, mallId: org.mall.id, email: admin.email, name: 'Admin', role: 'admin' as const },
		access: { userId: admin.id, role: 'admin' as const, mallId: org.mall.id, agencyIds: null }
	};
	try {
		const result = await page.actions[action]!({ locals, request: new Request(url, { method: 'POST', body }), url } as never);
		if (isActionFailure(result)) return { status: result.status, failure: result.data as unknown as Failure };
		return { status: 200 as number, result };
	} catch (thrown) {
		if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}

const entries = (action: string) =>
	handle.db
		.select({ actor: auditLog.actor, actorUserId: auditLog.actorUserId, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after })
		.from(auditLog)
		.where(and(eq(auditLog.mallId, org.mall.id), eq(auditLog.action, action)))
		.orderBy(asc(auditLog.id));

const IDENTITY = {
	name: 'Mal Pelayanan Publik Kota Kupang',
	shortName: 'MPP Kupang',
	address: 'Jl. Timor Raya No. 1, Oesapa',
	region: '53.71',
	headName: 'Drs. Yohanes Bana',
	headNip: '197602292001011001',
	timeZone: 'Asia/Makassar',
	ticketTtlHours: '24'
};

describe('the hall identity', () => {
	it('saves every field, the city from the kabupaten/kota, and one audit entry with what changed', async () => {
		expect(await act('saveMall', IDENTITY)).toEqual({ status: 303, location: '/app/admin/mall?saved=mall_saved#identity' });
		const settings = await mallSettings.findMallSettings(handle.db, org.mall.id);
		expect(settings).toMatchObject({
			name: IDENTITY.name,
			shortName: 'MPP Kupang',
			address: IDENTITY.address,
			regionCode: '53.71',
			city: 'Kota Kupang',
			headName: IDENTITY.headName,
			headNip: IDENTITY.headNip,
			timeZone: 'Asia/Makassar'
		});
		expect(await entries('mall.settings')).toEqual([
			{
				actor: 'admin@mpp.test',
				actorUserId: admin.id,
				entityId: org.mall.id,
				before: { name: 'Mall mpp-test', shortName: null, address: null, regionCode: null, city: 'Kupang', headName: null, headNip: null },
				after: { name: IDENTITY.name, shortName: 'MPP Kupang', address: IDENTITY.address, regionCode: '53.71', city: 'Kota Kupang', headName: IDENTITY.headName, headNip: IDENTITY.headNip }
			}
		]);
		// Sending it again changes nothing, so nothing more is logged; clearing an optional field stores null.
		expect((await act('saveMall', IDENTITY)).status).toBe(303);
		expect(await entries('mall.settings')).toHaveLength(1);
		expect((await act('saveMall', { ...IDENTITY, address: '  ' })).status).toBe(303);
		const [cleared] = (await entries('mall.settings')).slice(-1);
		expect(cleared).toMatchObject({ before: { address: IDENTITY.address }, after: { address: null } });
		expect((await act('saveMall', IDENTITY)).status).toBe(303);
		// The other hall is untouched.
		expect((await handle.db.select({ name: malls.name }).from(malls).where(eq(malls.id, other.mall.id)))[0]!.name).toBe('Mall other-mall');
	});

	it('saves the one-time tickets’ lifetime, audited as mall.settings', async () => {
		expect((await act('saveMall', { ...IDENTITY, ticketTtlHours: '48' })).status).toBe(303);
		expect((await mallSettings.findMallSettings(handle.db, org.mall.id))!.ticketTtlHours).toBe(48);
		const [entry] = (await entries('mall.settings')).slice(-1);
		expect(entry).toMatchObject({ before: { ticketTtlHours: 24 }, after: { ticketTtlHours: 48 } });
		expect((await act('saveMall', IDENTITY)).status).toBe(303);
	});

	it.each([
		['a NIP of 17 digits', { headNip: '19760229200101100' }, 'headNip', 'format'],
		['a NIP whose birth date does not exist', { headNip: '197702292001011001' }, 'headNip', 'format'],
		['a zone outside WIB, WITA and WIT', { timeZone: 'Asia/Tokyo' }, 'timeZone', 'invalid'],
		['an unknown kabupaten/kota', { region: '53.99' }, 'region', 'not_found'],
		['a region that is no code', { region: 'Kupang' }, 'region', 'format'],
		['no name', { name: ' ' }, 'name', 'required'],
		['a ticket lifetime of 0 hours', { ticketTtlHours: '0' }, 'ticketTtlHours', 'range'],
		['a ticket lifetime over 720 hours', { ticketTtlHours: '721' }, 'ticketTtlHours', 'range']
	])('refuses %s, naming the field, and keeps what was typed', async (_, change, field, problem) => {
		const before = await mallSettings.findMallSettings(handle.db, org.mall.id);
		const sent = { ...IDENTITY, ...change };
		const answer = await act('saveMall', sent);
		expect(answer.status).toBe(400);
		expect(answer.failure!.problems).toEqual([expect.objectContaining({ field, problem })]);
		expect(answer.failure!.values).toEqual(sent);
		const sentence = problemText(answer.failure!.problems[0]!, 'saveMall');
		expect(sentence).toMatch({ headNip: /NIP/, timeZone: /Zona waktu/, region: /kabupaten\/kota/i, name: /Nama mal/, ticketTtlHours: /Masa berlaku tiket/ }[field]!);
		expect(await mallSettings.findMallSettings(handle.db, org.mall.id)).toEqual(before);
	});
});

describe('a new time zone', () => {
	it('rebuilds the rollups: the same totals, each response on its local day in the new zone', async () => {
		const { code } = await createPairingCode(handle.db, { id: org.a.counter.id, mallId: org.mall.id, code: org.a.counter.code, name: org.a.counter.name });
		const paired = await pairDevice(handle.db, { code, installationId: crypto.randomUUID() });
		if ('error' in paired) throw new Error(paired.error);
		const device = await submitterForDevice(handle.db, paired.deviceId);
		// 15:30 UTC is 23:30 in Kupang (WITA) but 00:30 the next day in Jayapura (WIT); 02:00 UTC is the same day in both.
		const instants = ['2026-03-02T15:30:00Z', '2026-03-03T02:00:00Z', '2026-03-03T15:45:00Z', '2026-03-04T03:00:00Z', '2026-03-04T05:00:00Z'];
		const results = await recordResponses(
			handle.db,
			device,
			instants.map((submittedAt, i) => ({
				id: crypto.randomUUID(),
				seq: i + 1,
				counterId: org.a.counter.id,
				instrument: { code: 'skm-2017', version: 1 },
				submittedAt,
				status: 'complete',
				answers: [4, 3, 4, 2, 4, 3, 4, 4, i % 4 + 1]
			}))
		);
		expect(results.map((r) => r.status)).toEqual(instants.map(() => 'stored'));

		const totals = async () =>
			rowsOf<{ responses: number; answers: number; sum: number }>(
				await handle.db.execute(sql`
					select (select coalesce(sum(complete + partial), 0)::int from rollup_counts where mall_id = ${org.mall.id}) as responses,
						(select coalesce(sum(n1 + n2 + n3 + n4), 0)::int from rollup_items where mall_id = ${org.mall.id}) as answers,
						(select coalesce(sum(n1 + 2 * n2 + 3 * n3 + 4 * n4), 0)::int from rollup_items_month where mall_id = ${org.mall.id}) as sum`)
			)[0]!;
		const days = async () =>
			rowsOf<{ day: string; n: number }>(
				await handle.db.execute(sql`select local_date::text as day, sum(complete)::int as n from rollup_counts where mall_id = ${org.mall.id} group by 1 order by 1`)
			);
		const before = await totals();
		expect(before).toEqual({ responses: 5, answers: 45, sum: 5 * (4 + 3 + 4 + 2 + 4 + 3 + 4 + 4) + (1 + 2 + 3 + 4 + 1) });
		expect(await days()).toEqual([
			{ day: '2026-03-02', n: 1 },
			{ day: '2026-03-03', n: 2 },
			{ day: '2026-03-04', n: 2 }
		]);

		expect(await act('saveMall', { ...IDENTITY, timeZone: 'Asia/Jayapura' })).toEqual({ status: 303, location: '/app/admin/mall?saved=mall_rebuilt#identity' });
		expect(await totals()).toEqual(before);
		expect(await days()).toEqual([
			{ day: '2026-03-03', n: 2 },
			{ day: '2026-03-04', n: 3 }
		]);
		const [entry] = (await entries('mall.settings')).slice(-1);
		expect(entry).toMatchObject({ before: { timeZone: 'Asia/Makassar' }, after: { timeZone: 'Asia/Jayapura' } });
		// What the change left is exactly what a rebuild from the raw data gives.
		const rebuiltDays = await days();
		await rebuildRollups(handle.db);
		expect(await days()).toEqual(rebuiltDays);

		// Other fields alone do not rebuild; back to WITA rebuilds again.
		expect(await act('saveMall', { ...IDENTITY, timeZone: 'Asia/Jayapura', shortName: 'MPP Kota Kupang' })).toMatchObject({ location: '/app/admin/mall?saved=mall_saved#identity' });
		expect(await act('saveMall', IDENTITY)).toMatchObject({ location: '/app/admin/mall?saved=mall_rebuilt#identity' });
		expect(await totals()).toEqual(before);
		expect((await days())[0]).toEqual({ day: '2026-03-02', n: 1 });
	});
});

describe('the kiosk staff PIN', () => {
	it('refuses a PIN that is not 4–8 digits, and two that differ, without sending either back', async () => {
		for (const [pin, pinAgain, field, problem] of [
			['12a4', '12a4', 'pin', 'format'],
			['123', '123', 'pin', 'format'],
			['123456789', '123456789', 'pin', 'format'],
			['', '', 'pin', 'required'],
			['4829', '4828', 'pinAgain', 'invalid']
		]) {
			const answer = await act('setPin', { pin: pin!, pinAgain: pinAgain! });
			expect(answer.status, pin).toBe(400);
			expect(answer.failure!.problems, pin).toEqual([expect.objectContaining({ field, problem })]);
			expect(answer.failure!.values, pin).toEqual({});
			expect(problemText(answer.failure!.problems[0]!, 'setPin'), pin).toMatch(/PIN/);
		}
		expect((await mallSettings.findMallSettings(handle.db, org.mall.id))!.kioskPinSet).toBe(false);
	});

	it('stores a hash the tablets verify offline; the audit entry says it was set, never the PIN or its hash', async () => {
		expect(await act('setPin', { pin: '482913', pinAgain: '482913' })).toEqual({ status: 303, location: '/app/admin/mall?saved=kiosk_pin_set#kiosk-pin' });
		const [row] = await handle.db.select({ hash: malls.kioskPinHash }).from(malls).where(eq(malls.id, org.mall.id));
		expect(row!.hash).toMatch(/^pbkdf2-sha256\$/);
		expect(await verifyPin('482913', row!.hash!)).toBe(true);
		expect(await verifyPin('482914', row!.hash!)).toBe(false);
		expect(await act('setPin', { pin: '7391', pinAgain: '7391' })).toMatchObject({ status: 303 });
		const [again] = await handle.db.select({ hash: malls.kioskPinHash }).from(malls).where(eq(malls.id, org.mall.id));
		expect(await verifyPin('7391', again!.hash!)).toBe(true);

		const logged = await entries('mall.kiosk_pin');
		expect(logged.map(({ before, after }) => ({ before, after }))).toEqual([
			{ before: { kioskPin: 'not set' }, after: { kioskPin: 'set' } },
			{ before: { kioskPin: 'set' }, after: { kioskPin: 'changed' } }
		]);
		const everything = JSON.stringify(await handle.db.select().from(auditLog));
		for (const secret of ['482913', '7391', row!.hash!, again!.hash!, 'pbkdf2']) expect(everything).not.toContain(secret);
		// The page learns only that a PIN is set.
		const settings = await mallSettings.findMallSettings(handle.db, org.mall.id);
		expect(settings!.kioskPinSet).toBe(true);
		expect(JSON.stringify(settings)).not.toContain('pbkdf2');
	});
});

describe('opening hours', () => {
	const week = {
		open1: '08:00', close1: '15:00',
		open2: '08:00', close2: '15:00',
		open3: '08:00', close3: '15:00',
		open4: '08:00', close4: '15:00',
		open5: '08:00', close5: '11:30',
		open6: '09:00', close6: '12:00',
		open7: '', close7: ''
	};

	it('round-trip: each day one interval or closed, read back as stored, with an audit entry', async () => {
		expect((await mallSettings.findMallSettings(handle.db, org.mall.id))!.openingHours).toBeNull();
		expect(await act('saveHours', week)).toEqual({ status: 303, location: '/app/admin/mall?saved=hours_saved#hours' });
		const hours = (await mallSettings.findMallSettings(handle.db, org.mall.id))!.openingHours!;
		expect(hours).toEqual({
			'1': [{ open: '08:00', close: '15:00' }],
			'2': [{ open: '08:00', close: '15:00' }],
			'3': [{ open: '08:00', close: '15:00' }],
			'4': [{ open: '08:00', close: '15:00' }],
			'5': [{ open: '08:00', close: '11:30' }],
			'6': [{ open: '09:00', close: '12:00' }],
			'7': []
		});
		expect([isOpenAt(hours, 5, '11:00'), isOpenAt(hours, 5, '11:30'), isOpenAt(hours, 7, '10:00'), isOpenAt(hours, 6, '09:00')]).toEqual([true, false, false, true]);
		expect(await entries('mall.opening_hours')).toEqual([expect.objectContaining({ before: { openingHours: null }, after: { openingHours: hours } })]);
		// The same hours again: nothing to log.
		expect((await act('saveHours', week)).status).toBe(303);
		expect(await entries('mall.opening_hours')).toHaveLength(1);
	});

	it.each([
		['a close before its open', { open2: '15:00', close2: '08:00' }, { field: 'close2', problem: 'range' }, /Selasa/],
		['an open without its close', { close3: '' }, { field: 'close3', problem: 'required' }, /Rabu/],
		['a time that is none', { open4: '8 pagi' }, { field: 'open4', problem: 'format' }, /Kamis/]
	])('refuses %s, naming the day', async (_, change, problem, day) => {
		const stored = (await mallSettings.findMallSettings(handle.db, org.mall.id))!.openingHours;
		const answer = await act('saveHours', { ...week, ...change });
		expect(answer.status).toBe(400);
		expect(answer.failure!.problems).toEqual([problem]);
		expect(problemText(answer.failure!.problems[0]!, 'saveHours')).toMatch(day);
		expect((await mallSettings.findMallSettings(handle.db, org.mall.id))!.openingHours).toEqual(stored);
	});
});

describe('the logo', () => {
	/** A real 1 × 1 PNG (RGBA). */
	const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
	const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#0f766e"/></svg>';
	const md5 = (bytes: Uint8Array | string) => createHash('md5').update(bytes).digest('hex');
	const file = (bytes: Uint8Array | string, name: string, type: string) => new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });

	async function getLogo(slug: string, headers: Record<string, string> = {}, query = '') {
		const url = new URL(`http://puas.test/logo/${slug}${query}`);
		try {
			return await logoRoute.GET({ params: { slug }, request: new Request(url, { headers }), url } as never);
		} catch (thrown) {
			if (isHttpError(thrown)) return new Response(null, { status: thrown.status });
			throw thrown;
		}
	}

	/** How many images the PDF of the hall's 2026 report holds (PDFKit writes each XObject's dictionary as plain text). */
	async function reportImages(): Promise<number> {
		const request = parseExportRequest(new URLSearchParams({ format: 'pdf', scope: `mall-${org.mall.id}`, period: 'year', value: '2026' }));
		if (!request.ok) throw new Error(request.message);
		const resolved = await resolveReport(handle.db, { userId: admin.id, role: 'admin', mallId: org.mall.id, agencyIds: null }, request);
		const response = await exportResponse(handle.db, resolved!, request.format, request.delimiter, (hash) => `https://puas.example/verify/${hash}`);
		const pdf = Buffer.from(await response.arrayBuffer()).toString('latin1');
		expect(pdf.startsWith('%PDF-')).toBe(true);
		return pdf.match(/\/Subtype \/Image/g)?.length ?? 0;
	}

	it('takes a real PNG, serves it publicly with its type, a CSP that runs nothing and an ETag, and logs it', async () => {
		expect(await getLogo('mpp-test')).toMatchObject({ status: 404 });
		expect(await act('setLogo', { file: file(PNG, 'logo.png', 'image/png') })).toEqual({ status: 303, location: '/app/admin/mall?saved=logo_saved#logo' });
		const version = md5(PNG);
		expect((await mallSettings.findMallSettings(handle.db, org.mall.id))!.logo).toEqual({ type: 'image/png', version, bytes: PNG.length });
		expect(await entries('mall.logo')).toEqual([expect.objectContaining({ before: { logo: null }, after: { logo: { type: 'image/png', bytes: PNG.length, md5: version } } })]);

		const served = await getLogo('mpp-test');
		expect(served.status).toBe(200);
		expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
		expect(Object.fromEntries(served.headers)).toMatchObject({
			'content-type': 'image/png',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
			'x-content-type-options': 'nosniff',
			etag: `"${version}"`,
			'cache-control': 'public, no-cache'
		});
		// The versioned address pages link is kept for good; a browser holding the current bytes gets a 304.
		expect((await getLogo('mpp-test', {}, `?v=${version}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const revalidated = await getLogo('mpp-test', { 'if-none-match': `"${version}"` });
		expect(revalidated.status).toBe(304);
		expect(await revalidated.text()).toBe('');
		expect((await getLogo('mpp-test', { 'if-none-match': '"stale"' })).status).toBe(200);
		expect((await getLogo('other-mall')).status).toBe(404);

		// Shown on the kiosk's start screen and /publik by its versioned address, never with its bytes.
		expect((await counterConfig(handle.db, org.a.counter.id))!.mall.logoUrl).toBe(`/logo/mpp-test?v=${version}`);
		expect((await counterConfig(handle.db, other.a.counter.id))!.mall.logoUrl).toBeNull();
		const publik = await findDefaultMall(handle.db);
		expect(publik).toMatchObject({ slug: 'mpp-test', logoVersion: version });
		expect(publik).not.toHaveProperty('logo');
		// …and printed on the report's cover.
		expect(await reportImages()).toBeGreaterThan(0);
	});

	it.each([
		['an SVG with a script', () => file(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, 'logo.svg', 'image/svg+xml'), { field: 'file', problem: 'not_allowed' }, /skrip/],
		['an SVG with an event handler', () => file(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, 'logo.svg', 'image/svg+xml'), { field: 'file', problem: 'not_allowed' }, /on…/],
		['text that claims to be a PNG', () => file('not a picture', 'logo.png', 'image/png'), { field: 'file', problem: 'format' }, /PNG atau SVG/],
		['a file of 201 KB', () => file(Buffer.concat([PNG, Buffer.alloc(201 * 1024 - PNG.length)]), 'logo.png', 'image/png'), { field: 'file', problem: 'too_large', max: 200 }, /200 KB/],
		['no file', () => file('', 'logo.png', 'image/png'), { field: 'file', problem: 'required' }, /Pilih berkas/]
	])('refuses %s, naming the field, and keeps the logo it had', async (_, upload, problem, sentence) => {
		const answer = await act('setLogo', { file: upload() });
		expect(answer.status).toBe(400);
		expect(answer.failure!.problems).toEqual([problem]);
		expect(problemText(answer.failure!.problems[0]!, 'setLogo')).toMatch(sentence);
		expect((await mallSettings.findMallSettings(handle.db, org.mall.id))!.logo).toMatchObject({ type: 'image/png', version: md5(PNG) });
		expect(await entries('mall.logo')).toHaveLength(1);
	});

	it('refuses over 200 KB in the module too, whatever the route checked', async () => {
		const big = Buffer.concat([PNG, Buffer.alloc(201 * 1024 - PNG.length)]);
		expect(await mallSettings.setMallLogo(handle.db, org.mall.id, { userId: admin.id, label: admin.email }, big)).toEqual({ problem: 'too_large' });
	});

	it('takes a plain SVG (served as SVG, left off the PDF), and removes the logo', async () => {
		expect((await act('setLogo', { file: file(SVG, 'logo.svg', 'image/svg+xml') })).status).toBe(303);
		const served = await getLogo('mpp-test');
		expect(served.headers.get('content-type')).toBe('image/svg+xml');
		expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
		expect(await served.text()).toBe(SVG);
		expect(await reportImages()).toBe(0);

		expect(await act('removeLogo', {})).toEqual({ status: 303, location: '/app/admin/mall?saved=logo_removed#logo' });
		expect((await mallSettings.findMallSettings(handle.db, org.mall.id))!.logo).toBeNull();
		expect((await getLogo('mpp-test')).status).toBe(404);
		expect((await counterConfig(handle.db, org.a.counter.id))!.mall.logoUrl).toBeNull();
		expect((await entries('mall.logo')).map(({ before, after }) => [before, after])).toEqual([
			[{ logo: null }, { logo: { type: 'image/png', bytes: PNG.length, md5: md5(PNG) } }],
			[{ logo: { type: 'image/png', bytes: PNG.length, md5: md5(PNG) } }, { logo: { type: 'image/svg+xml', bytes: Buffer.byteLength(SVG), md5: md5(SVG) } }],
			[{ logo: { type: 'image/svg+xml', bytes: Buffer.byteLength(SVG), md5: md5(SVG) } }, { logo: null }]
		]);
		// Removing what is not there logs nothing.
		expect((await act('removeLogo', {})).status).toBe(303);
		expect(await entries('mall.logo')).toHaveLength(3);
	});
});
