/**
 * Gzipped kiosk batches (Content-Encoding: gzip on POST /api/v1/responses): stored exactly as the same batch sent
 * plain, bounded after decompression by the same 2 MiB limit (a gzip bomb: 413, without the server's memory growing,
 * and it keeps answering), broken gzip answered 400 naming the fault, other codings 415 — and every other route
 * reads an encoded body as it did before (the bytes as they came: not JSON, 400).
 */
import { gzipSync } from 'node:zlib';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses } from '../../src/lib/server/db/schema';
import { hasPostgres, startServer, type RunningServer } from './harness';
import { pairTablet, prepareHall } from './fixtures';

const LIMIT = 2 * 1024 * 1024;

describe.skipIf(!hasPostgres)('gzipped request bodies', () => {
	let server: RunningServer;
	let deviceToken: string;
	let counterId: number;
	let deviceId: number;
	let seq = 0;

	beforeAll(async () => {
		server = await startServer();
		const { org } = await prepareHall(server);
		counterId = org.a.counter.id;
		deviceToken = await pairTablet(server, org.a.counter.code);
	});
	afterAll(async () => {
		await server?.stop();
	});

	const item = (i: number) => ({
		id: crypto.randomUUID(),
		seq: ++seq,
		counterId,
		instrument: { code: 'skm-2017', version: 1 },
		submittedAt: new Date(Date.UTC(2026, 10, 27, 1, 0, i)).toISOString(),
		status: 'complete' as const,
		answers: [1 + (i % 4), 4, 3, 2, 1, 2, 3, 4, 1 + ((i * 7) % 4)],
		profile: { sex: i % 2 ? 'P' : 'L' },
		comment: i % 10 === 0 ? `Pelayanan cepat — terima kasih ${i} ✓` : null
	});

	const post = (body: BodyInit, headers: Record<string, string> = {}, path = '/api/v1/responses') =>
		fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json', accept: 'application/json', ...headers },
			body
		});

	it('stores a gzipped 500-item batch, row for row as sent', async () => {
		const items = Array.from({ length: 500 }, (_, i) => item(i));
		const json = JSON.stringify({ items, suppressed: [], outbox: { pending: 0, held: 0 } });
		const gzipped = gzipSync(json);
		expect(gzipped.length).toBeLessThan(json.length / 4);
		const answer = await post(gzipped, { 'content-encoding': 'gzip' });
		expect(answer.status, await answer.clone().text()).toBe(200);
		const { results } = (await answer.json()) as { results: { id: string; status: string }[] };
		expect(results.map((r) => r.status)).toEqual(items.map(() => 'stored'));

		const rows = await server.database.db
			.select({ id: responses.id, deviceId: responses.deviceId, deviceSeq: responses.deviceSeq, submittedAt: responses.submittedAt, answers: responses.answers, sex: responses.sex, comment: responses.comment, channel: responses.channel })
			.from(responses)
			.where(eq(responses.counterId, counterId))
			.orderBy(asc(responses.deviceSeq));
		expect(rows).toHaveLength(500);
		deviceId = rows[0]!.deviceId!;
		expect(rows.map((row) => ({ ...row, submittedAt: row.submittedAt.toISOString() }))).toEqual(
			items.map((sent) => ({ id: sent.id, deviceId, deviceSeq: sent.seq, submittedAt: sent.submittedAt, answers: sent.answers, sex: sent.profile.sex, comment: sent.comment, channel: 'kiosk' }))
		);
		// The same batch again, gzipped: every item a duplicate, nothing stored twice.
		const again = await post(gzipped, { 'content-encoding': 'GZip' });
		expect(((await again.json()) as { results: { status: string }[] }).results.every((r) => r.status === 'duplicate')).toBe(true);
	});

	it('stops a gzip bomb at the 2 MiB limit after decompression: 413 naming it, memory flat, and keeps answering', async () => {
		// 200 MB of JSON whitespace inside a batch: 200 KB on the wire, far under the 2 MiB body limit.
		const bomb = gzipSync(Buffer.concat([Buffer.from('{"items":['), Buffer.alloc(200 * 1024 * 1024, 0x20), Buffer.from(']}')]), { level: 9 });
		expect(bomb.length).toBeLessThan(LIMIT);
		const before = server.memory().rssMiB;
		const answer = await post(bomb, { 'content-encoding': 'gzip' });
		expect(answer.status).toBe(413);
		expect(answer.headers.get('connection')).toBe('close');
		const body = (await answer.json()) as { code: string; message: string };
		expect(body).toMatchObject({ code: 'too_large' });
		expect(body.message).toContain(`${LIMIT} bytes`);
		expect(body.message).toContain('decompressed');
		expect(server.memory().rssMiB - before).toBeLessThan(40);

		const after = await post(gzipSync(JSON.stringify({ items: [item(1_000)] })), { 'content-encoding': 'gzip' });
		expect(after.status).toBe(200);
		expect(((await after.json()) as { results: { status: string }[] }).results[0]!.status).toBe('stored');
	});

	it('answers 400 naming the fault for bytes that are not gzip, or gzip cut short, and stores nothing', async () => {
		const count = async () => (await server.database.db.select({ id: responses.id }).from(responses).where(eq(responses.counterId, counterId))).length;
		const stored = await count();
		const notGzip = await post(JSON.stringify({ items: [item(2_000)] }), { 'content-encoding': 'gzip' });
		expect(notGzip.status).toBe(400);
		expect(await notGzip.json()).toEqual({ code: 'invalid_encoding', message: 'the body is not valid gzip (Content-Encoding: gzip): incorrect header check' });
		const whole = gzipSync(JSON.stringify({ items: [item(2_001), item(2_002)] }));
		const cut = await post(whole.subarray(0, whole.length - 12), { 'content-encoding': 'gzip' });
		expect(cut.status).toBe(400);
		expect(await cut.json()).toMatchObject({ code: 'invalid_encoding', message: expect.stringContaining('unexpected end of file') });
		expect(await count()).toBe(stored);
	});

	it.each(['br', 'deflate', 'gzip, gzip', 'compress'])('refuses Content-Encoding %s with 415, saying gzip is what it takes', async (coding) => {
		const answer = await post(gzipSync(JSON.stringify({ items: [item(3_000)] })), { 'content-encoding': coding });
		expect(answer.status).toBe(415);
		expect(answer.headers.get('accept-encoding')).toBe('gzip');
		expect(await answer.json()).toMatchObject({ code: 'unsupported_encoding', message: expect.stringContaining(coding) });
	});

	it('takes an unencoded batch labelled identity as before', async () => {
		const answer = await post(JSON.stringify({ items: [item(4_000)] }), { 'content-encoding': 'identity' });
		expect(answer.status).toBe(200);
	});

	it('leaves every other route as it was: an encoded body is read as it came (not JSON: 400)', async () => {
		const pair = await post(gzipSync(JSON.stringify({ code: '123456', installationId: crypto.randomUUID() })), { 'content-encoding': 'gzip' }, '/api/v1/devices/pair');
		expect(pair.status).toBe(400);
		expect(await pair.json()).toMatchObject({ code: 'invalid_json' });
		const brotli = await post('{}', { 'content-encoding': 'br' }, '/api/v1/devices/pair');
		expect(brotli.status).toBe(400);
	});
});
