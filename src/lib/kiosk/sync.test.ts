/**
 * The outbox and its sender against a scripted server: nothing leaves the outbox unless the server confirmed it,
 * refused items are held with their reason, and failures only delay.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openOutbox, type Outbox, type ResponsePayload } from './outbox';
import { BATCH_SIZE, Syncer, type SyncStatus } from './sync';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

let outbox: Outbox;
let replies: ((body: { items: ResponsePayload[] }) => Reply)[];
let requests: { items: ResponsePayload[]; suppressed: unknown[] }[];
/** The senders a test made. */
const syncers: Syncer[] = [];
/** The Content-Encoding of each request (null: none). */
let encodings: (string | null)[];

const gunzip = (bytes: ArrayBuffer) => new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();

beforeEach(async () => {
	outbox = await openOutbox(`test-${crypto.randomUUID()}`);
	replies = [];
	requests = [];
	encodings = [];
	vi.stubGlobal('window', { addEventListener() {}, removeEventListener() {} });
	vi.stubGlobal('document', { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} });
	vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
		const encoding = (init.headers as Record<string, string>)['content-encoding'] ?? null;
		encodings.push(encoding);
		const text = encoding === 'gzip' ? await gunzip(init.body as ArrayBuffer) : String(init.body);
		const body = JSON.parse(text);
		requests.push(body);
		const reply: Reply = (replies.shift() ?? ((): Reply => ({ status: 500 })))(body);
		if (reply === 'network-error') throw new TypeError('Failed to fetch');
		return new Response(JSON.stringify(reply.body ?? {}), { status: reply.status, headers: reply.headers });
	});
});
afterEach(() => {
	// A retry a test left scheduled must not fire into the next test's requests.
	for (const made of syncers.splice(0)) clearTimeout((made as unknown as { timer?: ReturnType<typeof setTimeout> }).timer);
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

/** Add `n` responses, each under a new id (so none is refused). */
const add = async (n: number) => {
	const added = await Promise.all(
		Array.from({ length: n }, () =>
			outbox.addResponse((seq) => ({
				id: crypto.randomUUID(),
				seq,
				counterId: 1,
				instrument: { code: 'quick', version: 1 },
				submittedAt: new Date().toISOString(),
				status: 'complete',
				answers: [4]
			}))
		)
	);
	return added.map((payload) => payload!);
};

const everyItem = (status: string) => (body: { items: ResponsePayload[] }) => ({
	status: 200,
	body: { results: body.items.map((item, index) => ({ id: item.id, index, status })), suppressed: [] }
});

/**
 * A browser without CompressionStream (it then sends plain JSON). The tests that step faked timers use it: gzip runs on
 * zlib's thread pool, whose callbacks come a real moment later than the settling steps count on.
 */
const withoutCompressionStream = () => vi.stubGlobal('CompressionStream', undefined);

function syncer(onUnpaired = () => {}) {
	const statuses: SyncStatus[] = [];
	const instance = new Syncer({ outbox, endpoint: '/api/v1/responses', token: () => 'token', onUnpaired, onChange: (s) => statuses.push(s) });
	syncers.push(instance);
	return { instance, statuses };
}

describe('outbox', () => {
	it('gives concurrent responses distinct sequence numbers 1..n', async () => {
		const added = await add(40);
		expect(added.map((p) => p.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
		expect((await outbox.pending(100)).responses.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
	});

	it('refuses a second entry under an id already waiting, without taking a sequence number', async () => {
		const response = (seq: number) => ({
			id: '0190a000-0000-7000-8000-000000000001',
			seq,
			counterId: 1,
			instrument: { code: 'quick', version: 1 },
			submittedAt: new Date().toISOString(),
			status: 'complete' as const,
			answers: [4]
		});
		const tap = { id: '0190a000-0000-7000-8000-000000000002', counterId: 1, at: new Date().toISOString() };
		const [first, second] = await Promise.all([outbox.addResponse(response), outbox.addResponse(response)]);
		expect([first?.seq, second]).toEqual([1, null]);
		expect([await outbox.addSuppressed(tap), await outbox.addSuppressed(tap)]).toEqual([true, false]);
		expect(await outbox.counts()).toEqual({ pending: 2, held: 0 });
		expect(await outbox.getMeta('nextSeq')).toBe(2);
	});

	it('never lowers the next sequence number', async () => {
		await outbox.raiseNextSeq(10);
		await outbox.raiseNextSeq(5);
		expect((await add(1))[0]!.seq).toBe(10);
	});
});

describe('Syncer', () => {
	it('removes what the server stored or already had, and holds conflicts and rejections with the reason', async () => {
		await add(4);
		replies.push((body) => ({
			status: 200,
			body: {
				results: [
					{ id: body.items[0]!.id, index: 0, status: 'stored' },
					{ id: body.items[1]!.id, index: 1, status: 'duplicate' },
					{ id: body.items[2]!.id, index: 2, status: 'rejected', errors: [{ field: 'answers', message: 'must have 1 entries' }] },
					{ id: body.items[3]!.id, index: 3, status: 'conflict', errors: [{ field: 'id', message: 'stored with other content' }] }
				],
				suppressed: []
			}
		}));
		const { instance, statuses } = syncer();
		await instance.syncNow();
		expect(await outbox.counts()).toEqual({ pending: 0, held: 2 });
		const held = await outbox.held();
		expect(held.map((e) => [e.seq, e.held!.status, e.held!.errors[0]!.field]).sort()).toEqual([
			[3, 'rejected', 'answers'],
			[4, 'conflict', 'id']
		]);
		expect(statuses.at(-1)).toMatchObject({ state: 'idle', pending: 0, held: 2, lastError: null });
		// The batch told the server what else waits in the outbox (nothing: all four were in the batch).
		expect(requests[0]).toMatchObject({ outbox: { pending: 0, held: 0 } });
		// Held items are not sent again; the next round only reports the held ones, once, so the dashboard shows them.
		replies.push(() => ({ status: 200, body: { results: [], suppressed: [] } }));
		await instance.syncNow();
		expect(requests).toHaveLength(2);
		expect(requests[1]).toEqual({ items: [], suppressed: [], outbox: { pending: 0, held: 2 } });
		await instance.syncNow();
		expect(requests).toHaveLength(2);
	});

	it('reports the queue left behind a batch', async () => {
		await add(7);
		const { instance } = syncer();
		(instance as unknown as { batchSize: number }).batchSize = 5;
		replies.push(everyItem('stored'), everyItem('stored'));
		await instance.syncNow();
		expect(requests.map((r) => [r.items.length, (r as { outbox?: unknown }).outbox])).toEqual([
			[5, { pending: 2, held: 0 }],
			[2, { pending: 0, held: 0 }]
		]);
	});

	it('keeps everything on a 5xx or a network error, and retries with growing backoff', async () => {
		await add(3);
		// Only the sender's timers are faked; fake-indexeddb schedules its work with setImmediate.
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		withoutCompressionStream();
		vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: retries 2 s, then 4 s after a failure
		replies.push(() => ({ status: 503 }), () => 'network-error', everyItem('stored'));
		const { instance, statuses } = syncer();
		await instance.syncNow();
		expect(await outbox.counts()).toEqual({ pending: 3, held: 0 });
		expect(statuses.at(-1)).toMatchObject({ state: 'waiting', lastError: 'server answered 503' });
		const advance = async (ms: number) => {
			await vi.advanceTimersByTimeAsync(ms);
			for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve)); // let IndexedDB settle
		};
		await advance(1_500); // backoff is 2 s: nothing yet
		expect(requests).toHaveLength(1);
		await advance(1_000);
		expect(requests).toHaveLength(2);
		expect(statuses.at(-1)!.lastError).toMatch(/no connection/);
		await advance(3_000); // 4 s after the second failure: not yet
		expect(requests).toHaveLength(2);
		await advance(2_000);
		expect(requests).toHaveLength(3);
		expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
		expect(encodings).toEqual([null, null, null]);
	});

	describe('when the server asks to wait (Retry-After)', () => {
		// Only the sender's timers are faked; fake-indexeddb schedules its work with setImmediate.
		beforeEach(() => {
			vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
			withoutCompressionStream();
			vi.spyOn(Math, 'random').mockReturnValue(0.5); // jitter: backoff × 1, a Retry-After wait × 1.1
		});
		const advance = async (ms: number) => {
			await vi.advanceTimersByTimeAsync(ms);
			for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve)); // let IndexedDB settle
		};

		it.each([503, 429])('waits at least the seconds a %i asks for instead of the 2 s backoff', async (status) => {
			await add(3);
			replies.push(() => ({ status, headers: { 'retry-after': '20' } }), everyItem('stored'));
			const { instance, statuses } = syncer();
			await instance.syncNow();
			expect(statuses.at(-1)).toMatchObject({ state: 'waiting', lastError: `server answered ${status}`, pending: 3 });
			await advance(20_000); // the backoff alone would have tried at 2 s
			expect(requests).toHaveLength(1);
			expect(await outbox.counts()).toEqual({ pending: 3, held: 0 });
			await advance(2_500); // 20 s + 10 % jitter
			expect(requests).toHaveLength(2);
			expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
		});

		it('waits at most the longest backoff (5 min), however long the server asks', async () => {
			await add(1);
			replies.push(() => ({ status: 503, headers: { 'retry-after': '3600' } }), everyItem('stored'));
			await syncer().instance.syncNow();
			await advance(5 * 60_000 - 1_000);
			expect(requests).toHaveLength(1);
			await advance(1_000);
			expect(requests).toHaveLength(2);
			expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
		});

		it('backs off as usual without a usable Retry-After, or when another status carries one', async () => {
			await add(1);
			replies.push(
				() => ({ status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }),
				() => ({ status: 500, headers: { 'retry-after': '60' } }),
				everyItem('stored')
			);
			await syncer().instance.syncNow();
			await advance(2_000); // first backoff: 2 s
			expect(requests).toHaveLength(2);
			await advance(4_000); // second: 4 s, not 60
			expect(requests).toHaveLength(3);
			expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
		});

		it('never retries sooner than the shortest backoff, even on "Retry-After: 0"', async () => {
			await add(1);
			replies.push(() => ({ status: 503, headers: { 'retry-after': '0' } }), everyItem('stored'));
			await syncer().instance.syncNow();
			await advance(2_000); // 2 s × 1.1
			expect(requests).toHaveLength(1);
			await advance(300);
			expect(requests).toHaveLength(2);
		});
	});

	it('stops and reports "unpaired" on a 401, keeping the queue', async () => {
		await add(2);
		replies.push(() => ({ status: 401, body: { code: 'device_revoked' } }));
		const onUnpaired = vi.fn();
		const { instance, statuses } = syncer(onUnpaired);
		await instance.syncNow();
		expect(onUnpaired).toHaveBeenCalledOnce();
		expect(statuses.at(-1)).toMatchObject({ state: 'unpaired', pending: 2 });
		expect(await outbox.counts()).toEqual({ pending: 2, held: 0 });
	});

	it('leaves an item the server did not answer for in the outbox', async () => {
		await add(2);
		replies.push((body) => ({ status: 200, body: { results: [{ id: body.items[0]!.id, index: 0, status: 'stored' }], suppressed: [] } }));
		await syncer().instance.syncNow();
		expect(await outbox.counts()).toEqual({ pending: 1, held: 0 });
	});

	it('halves the batch when the server finds it too large (413)', async () => {
		await add(600);
		replies.push(() => ({ status: 413 }), () => ({ status: 413 }), ...Array.from({ length: 5 }, () => everyItem('stored')));
		await syncer().instance.syncNow();
		expect(requests.map((r) => r.items.length)).toEqual([500, 250, 125, 125, 125, 125, 100]);
		expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
	});

	it('keeps an item too large even alone, and tries it again later', async () => {
		await add(1);
		replies.push(() => ({ status: 413 }));
		const { instance, statuses } = syncer();
		(instance as unknown as { batchSize: number }).batchSize = 1;
		await instance.syncNow();
		expect(statuses.at(-1)).toMatchObject({ state: 'waiting', lastError: 'too large', pending: 1 });
	});

	it(`sends a long queue in batches of ${BATCH_SIZE}, oldest first`, async () => {
		await add(1_100);
		replies.push(everyItem('stored'), everyItem('stored'), everyItem('stored'));
		await syncer().instance.syncNow();
		expect(requests.map((r) => r.items.length)).toEqual([500, 500, 100]);
		expect(requests[0]!.items[0]!.seq).toBe(1);
		expect(requests[2]!.items.at(-1)!.seq).toBe(1_100);
		expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
		expect(encodings).toEqual(['gzip', 'gzip', 'gzip']);
	});

	it('sends plain JSON from then on when the server refuses gzip (415), losing nothing', async () => {
		await add(3);
		replies.push(() => ({ status: 415, body: { code: 'unsupported_encoding' } }), everyItem('stored'), everyItem('stored'));
		const { instance } = syncer();
		await instance.syncNow();
		expect(encodings).toEqual(['gzip', null]);
		expect(requests[1]!.items.map((item) => item.seq)).toEqual([1, 2, 3]);
		expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
		await add(1);
		await instance.syncNow();
		expect(encodings).toEqual(['gzip', null, null]);
	});

	it('reads the outbox a bounded number of times per batch, however long the queue', async () => {
		// The old sender read the whole store four times per batch (pending, counts, and a count per status change).
		await add(1_100);
		const reads = { pending: 0, counts: 0 };
		const pending = outbox.pending.bind(outbox);
		const counts = outbox.counts.bind(outbox);
		outbox.pending = (...read) => (reads.pending++, pending(...read));
		outbox.counts = () => (reads.counts++, counts());
		replies.push(everyItem('stored'), everyItem('stored'), everyItem('stored'));
		await syncer().instance.syncNow();
		expect(requests).toHaveLength(3);
		// One batch read each (the next one while the batch before is on its way); counted before the first and after the last.
		expect(reads).toEqual({ pending: 3, counts: 2 });
	});

	it('reads the next batch while one is on its way, yet sends in order what was not answered or came meanwhile', async () => {
		await add(12);
		const { instance } = syncer();
		(instance as unknown as { batchSize: number }).batchSize = 5;
		let addedMeanwhile = false;
		replies.push(
			(body) => ({
				status: 200,
				body: {
					// Seq 4 rejected; seq 5, the last, not answered at all (results are by position).
					results: body.items.slice(0, 4).map((item, index) => ({ id: item.id, index, status: item.seq === 4 ? 'rejected' : 'stored', errors: [{ field: 'answers', message: 'x' }] })),
					suppressed: []
				}
			}),
			(body) => {
				if (!addedMeanwhile) void add(1).then(() => (addedMeanwhile = true)); // a survey saved during the upload
				return everyItem('stored')(body);
			},
			everyItem('stored'),
			everyItem('stored')
		);
		await instance.syncNow();
		// Seq 5 had no answer: sent again first; seq 4 is held.
		expect(requests.map((r) => r.items.map((item) => item.seq))).toEqual([
			[1, 2, 3, 4, 5],
			[5, 6, 7, 8, 9],
			[10, 11, 12]
		]);
		// The survey saved during the upload (seq 13) waits (saving it calls syncNow, which sends it), nothing is lost.
		expect(addedMeanwhile).toBe(true);
		expect(await outbox.counts()).toEqual({ pending: 1, held: 1 });
		await instance.syncNow();
		expect(requests.at(-1)!.items.map((item) => item.seq)).toEqual([13]);
		expect(await outbox.counts()).toEqual({ pending: 0, held: 1 });
	});
});
