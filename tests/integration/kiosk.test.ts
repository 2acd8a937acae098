/**
 * Pairing, device tokens and idempotent ingestion — the server's half of "no rating is ever lost".
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_V1, SKM_2017 } from '../../src/lib/domain/instruments';
import { hitRateLimit } from '../../src/lib/server/access/rate-limit';
import { hashToken } from '../../src/lib/server/access/tokens';
import { counters, devices, pairingCodes, responses, suppressedSubmissions } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { authenticateDevice } from '../../src/lib/server/access/device-tokens';
import { revokeDevice, sequenceGaps } from '../../src/lib/server/kiosk/devices';
import { counterConfig } from '../../src/lib/server/kiosk/config';
import { createPairingCode, pairDevice, PAIRING_CODE_TTL_MS, type CounterRef } from '../../src/lib/server/kiosk/pairing';
import { DEVICE_BATCHES_PER_MINUTE, RateLimitedError, submitterForDevice, recordResponses, recordSuppressed, type Submitter } from '../../src/lib/server/responses/ingest';
import { publishStandardInstruments } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let counterA: CounterRef;
let counterB: CounterRef;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'kupang');
	await publishStandardInstruments(handle.db);
	counterA = { id: org.a.counter.id, mallId: org.mall.id, code: org.a.counter.code, name: org.a.counter.name };
	counterB = { id: org.b.counter.id, mallId: org.mall.id, code: org.b.counter.code, name: org.b.counter.name };
});
afterAll(async () => {
	await handle?.close();
});

async function pairNew(counter: CounterRef, installationId: string = crypto.randomUUID()) {
	const { code } = await createPairingCode(handle.db, counter);
	const paired = await pairDevice(handle.db, { code, installationId });
	if ('error' in paired) throw new Error(paired.error);
	return { ...paired, installationId };
}

const submitterFor = (deviceId: number): Promise<Submitter> => submitterForDevice(handle.db, deviceId);

function item(seq: number, overrides: Record<string, unknown> = {}) {
	return {
		id: crypto.randomUUID(),
		seq,
		counterId: counterA.id,
		instrument: { code: SKM_2017.code, version: SKM_2017.version },
		submittedAt: '2026-11-27T02:00:00.000Z',
		status: 'complete',
		answers: [4, 3, 3, 4, 3, 3, 4, null, 4],
		...overrides
	};
}

describe('pairing', () => {
	it('trades a one-time code for a token whose hash alone is stored', async () => {
		const { code, expiresAt } = await createPairingCode(handle.db, counterA, new Date('2026-11-27T01:00:00Z'));
		expect(code).toMatch(/^\d{6}$/);
		expect(expiresAt.getTime() - Date.parse('2026-11-27T01:00:00Z')).toBe(PAIRING_CODE_TTL_MS);
		const [stored] = await handle.db.select().from(pairingCodes).where(eq(pairingCodes.codeHash, hashToken(code)));
		expect(stored).toMatchObject({ mallId: counterA.mallId, counterId: counterA.id, expiresAt, usedAt: null, usedByDeviceId: null });

		const paired = await pairDevice(handle.db, { code, installationId: crypto.randomUUID() }, new Date('2026-11-27T01:10:00Z'));
		expect('token' in paired && paired.token).toMatch(/^[\w-]{43}$/);
		if (!('token' in paired)) return;
		const [device] = await handle.db.select().from(devices).where(eq(devices.id, paired.deviceId));
		expect(device!.tokenHash).toBe(hashToken(paired.token));
		expect(JSON.stringify(device)).not.toContain(paired.token);
		expect(device!.counterId).toBe(counterA.id);
		// Single use.
		expect(await pairDevice(handle.db, { code, installationId: crypto.randomUUID() }, new Date('2026-11-27T01:11:00Z'))).toEqual({ error: 'used_code' });
	});

	it('refuses an expired or unknown code', async () => {
		const { code } = await createPairingCode(handle.db, counterA, new Date('2026-11-27T01:00:00Z'));
		expect(await pairDevice(handle.db, { code, installationId: crypto.randomUUID() }, new Date('2026-11-27T01:15:01Z'))).toEqual({
			error: 'expired_code'
		});
		const unknown = code === '000000' ? '000001' : '000000';
		expect(await pairDevice(handle.db, { code: unknown, installationId: crypto.randomUUID() })).toEqual({ error: 'invalid_code' });
	});

	it('revokes a token at once, and re-pairing the same tablet keeps its device, counters and sequence', async () => {
		const first = await pairNew(counterA);
		await recordResponses(handle.db, await submitterFor(first.deviceId), [item(1), item(2)]);
		const auth = await authenticateDevice(handle.db, first.token);
		expect(auth).toMatchObject({ device: { id: first.deviceId } });
		expect('error' in auth).toBe(false);
		expect('counters' in auth && [...auth.counters.keys()]).toEqual([counterA.id]);
		expect(await revokeDevice(handle.db, first.deviceId, org.mall.id)).toBe(true);
		expect(await authenticateDevice(handle.db, first.token)).toEqual({ error: 'device_revoked' });

		// Re-paired to another counter: the same row, a new token, the old counter still accepted for queued items.
		const again = await pairNew(counterB, first.installationId);
		expect(again.deviceId).toBe(first.deviceId);
		expect(again.highestSeq).toBe(2);
		expect(await authenticateDevice(handle.db, first.token)).toEqual({ error: 'unknown_device' });
		expect(await authenticateDevice(handle.db, again.token)).toMatchObject({ device: { id: first.deviceId, counterId: counterB.id } });
		const results = await recordResponses(handle.db, await submitterFor(first.deviceId), [item(3), item(4, { counterId: counterB.id })]);
		expect(results.map((r) => r.status)).toEqual(['stored', 'stored']);
	});

	it('gives each counter its survey: full SKM, or the quick instrument with its reasons', async () => {
		const full = await counterConfig(handle.db, counterA.id);
		expect(full!.instrument.items.map((i) => i.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
		expect(full!.instrument.items[7]!.options.id).toEqual(['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik']);
		await handle.db.update(counters).set({ surveyMode: 'quick' }).where(eq(counters.id, counterB.id));
		const quick = await counterConfig(handle.db, counterB.id);
		expect(quick!.instrument.code).toBe(QUICK_V1.code);
		expect(quick!.instrument.reasons!.map((r) => `${r.code}→${r.unsur}`)).toContain('lama→U3');
		expect(quick!.instrument.reasons!.map((r) => `${r.code}→${r.unsur}`)).toContain('tidak-ramah→U7');
		// SKM followed by IPAK: the nine unsur, then the five anti-corruption items (4 = never happens).
		await handle.db.update(counters).set({ surveyMode: 'full-ipak' }).where(eq(counters.id, counterB.id));
		const withIpak = await counterConfig(handle.db, counterB.id);
		expect(withIpak!.counter.surveyMode).toBe('full-ipak');
		expect(withIpak!.instrument).toMatchObject({ code: 'skm-ipak', version: 1, feedsIkm: true });
		expect(withIpak!.instrument.items.map((i) => i.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'IPAK1', 'IPAK2', 'IPAK3', 'IPAK4', 'IPAK5']);
		expect(withIpak!.instrument.items[10]!.options.id[3]).toBe('Tidak pernah terjadi');
		await handle.db.update(counters).set({ surveyMode: 'full' }).where(eq(counters.id, counterB.id));
	});
});

describe('recordResponses', () => {
	let submitter: Submitter;
	let deviceId: number;
	beforeAll(async () => {
		deviceId = (await pairNew(counterA)).deviceId;
		submitter = await submitterFor(deviceId);
	});

	it('stores good items, finds duplicates and conflicts, and rejects bad ones with the field — in one batch', async () => {
		const good = item(1);
		const bad = [
			item(2, { answers: [4, 4, 4, 4, 5, 4, 4, 4, 4] }),
			item(3, { answers: [4, 4, 4] }),
			item(4, { nama: 'Budi Santoso' }),
			item(5, { profile: { ageBand: '16' } }),
			item(6, { counterId: 999_999 }),
			item(7, { submittedAt: '2031-01-01T00:00:00Z' }),
			item(8, { instrument: { code: 'skm-2014', version: 1 } }),
			item(9, { answers: [null, null, null, null, null, null, null, null, null] }),
			item(10, { reasons: ['lama'] }),
			{ id: 'not-a-uuid' },
			'not an object'
		];
		const first = await recordResponses(handle.db, submitter, [good, ...bad]);
		expect(first[0]).toEqual({ id: good.id, index: 0, status: 'stored' });
		const rejected = first.slice(1).map((r) => [r.status, r.errors?.map((e) => e.field).join(',')]);
		expect(rejected).toEqual([
			['rejected', 'answers.4'],
			['rejected', 'answers'],
			['rejected', 'nama'],
			['rejected', 'profile.ageBand'],
			['rejected', 'counterId'],
			['rejected', 'submittedAt'],
			['rejected', 'instrument'],
			['rejected', 'answers'],
			['rejected', 'reasons'],
			['rejected', 'id,seq,counterId,instrument,submittedAt,status,answers'],
			['rejected', '(body)']
		]);
		expect(first[3]!.errors![0]!.message).toBe('is not an allowed field');

		const retry = await recordResponses(handle.db, submitter, [good, { ...good, answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] }]);
		expect(retry.map((r) => r.status)).toEqual(['duplicate', 'conflict']);
		const [{ n }] = (await handle.db.select({ n: count() }).from(responses).where(eq(responses.id, good.id))) as [{ n: number }];
		expect(n).toBe(1);
	});

	it('compares the same UUID twice in one batch with its first copy', async () => {
		const one = item(11);
		const results = await recordResponses(handle.db, submitter, [one, one, { ...one, status: 'partial' }]);
		expect(results.map((r) => r.status)).toEqual(['stored', 'duplicate', 'conflict']);
	});

	it('masks phone numbers and NIK in comments and keeps the rest', async () => {
		const withPhone = item(12, { comment: '  Tolong hubungi 0812-3456-7890, NIK 5371041203900001. Antrean lama.  ' });
		await recordResponses(handle.db, submitter, [withPhone]);
		const [row] = await handle.db.select().from(responses).where(eq(responses.id, withPhone.id));
		expect(row!.comment).toBe('Tolong hubungi [disamarkan], NIK [disamarkan]. Antrean lama.');
	});

	it('stores any text exactly (quotes, backslashes, braces, commas, new lines, emoji)', async () => {
		const comment = 'Dia bilang "tunggu {sebentar}", lalu \\ pergi,\nNULL 😊 — ok';
		const tricky = item(13, { comment, profile: { sex: 'L', ageBand: '<17', education: 'D4-S1', occupation: 'Lainnya' } });
		await recordResponses(handle.db, submitter, [tricky]);
		const [row] = await handle.db.select().from(responses).where(eq(responses.id, tricky.id));
		expect(row).toMatchObject({ comment, sex: 'L', ageBand: '<17', education: 'D4-S1', occupation: 'Lainnya' });
	});

	it('records the highest sequence number and lists the gaps', async () => {
		const device = (await pairNew(counterA)).deviceId;
		const sub = await submitterFor(device);
		await recordResponses(handle.db, sub, [1, 2, 3, 6, 7, 10].map((seq) => item(seq)));
		expect(await sequenceGaps(handle.db, device)).toEqual([
			{ from: 4, to: 5 },
			{ from: 8, to: 9 }
		]);
		await recordResponses(handle.db, sub, [4, 5, 8, 9].map((seq) => item(seq)));
		expect(await sequenceGaps(handle.db, device)).toEqual([]);
		const [row] = await handle.db.select({ highestSeq: devices.highestSeq }).from(devices).where(eq(devices.id, device));
		expect(row!.highestSeq).toBe(10);
	});

	it('stores quick ratings with their reasons under the quick instrument', async () => {
		const quick = item(20, { instrument: { code: 'quick', version: 1 }, answers: [1], reasons: ['lama', 'tidak-ramah'] });
		expect((await recordResponses(handle.db, submitter, [quick]))[0]!.status).toBe('stored');
		const [row] = await handle.db.select().from(responses).where(eq(responses.id, quick.id));
		expect(row).toMatchObject({ answers: [1], reasons: ['lama', 'tidak-ramah'] });
	});

	it('stores an SKM + IPAK response with its fourteen answers, and refuses one with nine', async () => {
		const both = item(21, { instrument: { code: 'skm-ipak', version: 1 }, answers: [4, 3, 3, 4, 3, 3, 4, 3, 3, 4, 4, 4, 3, 4] });
		const short = item(22, { instrument: { code: 'skm-ipak', version: 1 }, answers: [4, 3, 3, 4, 3, 3, 4, 3, 3] });
		const results = await recordResponses(handle.db, submitter, [both, short]);
		expect(results.map((r) => r.status)).toEqual(['stored', 'rejected']);
		const [row] = await handle.db.select().from(responses).where(eq(responses.id, both.id));
		expect(row!.answers).toHaveLength(14);
	});

	it('counts suppressed taps once each', async () => {
		const tap = { id: crypto.randomUUID(), counterId: counterA.id, at: '2026-11-27T02:00:05.000Z' };
		expect((await recordSuppressed(handle.db, submitter, [tap, { id: 'x' }])).map((r) => r.status)).toEqual(['stored', 'rejected']);
		expect((await recordSuppressed(handle.db, submitter, [tap]))[0]!.status).toBe('duplicate');
		const [{ n }] = (await handle.db.select({ n: count() }).from(suppressedSubmissions).where(eq(suppressedSubmissions.id, tap.id))) as [{ n: number }];
		expect(n).toBe(1);
	});

	it('stores each UUID exactly once when 50 batches with overlapping UUIDs arrive at once', async () => {
		const device = (await pairNew(counterA)).deviceId;
		const sub = await submitterFor(device);
		const pool = Array.from({ length: 120 }, (_, i) => item(i + 1));
		const batches = Array.from({ length: 50 }, (_, b) => pool.slice((b * 2) % 100, ((b * 2) % 100) + 20));
		const results = (await Promise.all(batches.map((batch) => recordResponses(handle.db, sub, batch)))).flat();
		expect(results.every((r) => r.status === 'stored' || r.status === 'duplicate')).toBe(true);
		const sent = new Set(batches.flat().map((i) => i.id));
		expect(results.filter((r) => r.status === 'stored')).toHaveLength(sent.size);
		const [{ n }] = (await handle.db.select({ n: count() }).from(responses).where(eq(responses.deviceId, device))) as [{ n: number }];
		expect(n).toBe(sent.size);
	});
});

describe('the per-device request limit', () => {
	it('counts each request in its minute; past the limit nothing is stored, and the next minute starts again', async () => {
		const { deviceId } = await pairNew(counterA);
		const sub = await submitterFor(deviceId);
		const at = (s: number) => new Date(Date.parse('2026-11-27T10:00:00Z') + s * 1000);
		await handle.db.update(devices).set({ rateWindowStart: at(0), rateHits: DEVICE_BATCHES_PER_MINUTE - 1 }).where(eq(devices.id, deviceId));
		expect((await recordResponses(handle.db, sub, [item(1)], at(5)))[0]!.status).toBe('stored');
		const late = item(2);
		await expect(recordResponses(handle.db, sub, [late], at(30))).rejects.toMatchObject({ retryAfterSeconds: 30 });
		await expect(recordResponses(handle.db, sub, [{ id: 'refused anyway' }], at(31))).rejects.toBeInstanceOf(RateLimitedError);
		expect(await handle.db.select().from(responses).where(eq(responses.id, late.id))).toEqual([]);
		const [row] = await handle.db.select({ highestSeq: devices.highestSeq }).from(devices).where(eq(devices.id, deviceId));
		expect(row!.highestSeq).toBe(1);
		expect((await recordResponses(handle.db, sub, [late], at(60)))[0]!.status).toBe('stored');
	});
});

describe('rate limits shared through the database', () => {
	it('allows `limit` hits per window and says when to retry', async () => {
		const at = new Date('2026-11-27T10:00:05Z');
		const key = `test:${crypto.randomUUID()}`;
		const hits = [];
		for (let i = 0; i < 4; i++) hits.push(await hitRateLimit(handle.db, key, 3, 60, at));
		expect(hits.map((h) => h.allowed)).toEqual([true, true, true, false]);
		expect(hits[3]!.retryAfterSeconds).toBe(55);
		expect((await hitRateLimit(handle.db, key, 3, 60, new Date('2026-11-27T10:01:00Z'))).allowed).toBe(true);
	});
});
