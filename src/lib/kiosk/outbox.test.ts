/**
 * The outbox's indexed reads against the reads they replaced (the whole store read, then filtered): the same batches,
 * counts and held entries on any mix of responses, suppressed taps, held and removed items; removal by key ranges
 * deletes exactly the ids given — and a version 1 outbox, as a
 * tablet holds it across an app update, opened by this version with every entry kept.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openOutbox, type HeldReason, type OutboxEntry, type ResponsePayload } from './outbox';

const response = (id: string, seq: number): ResponsePayload => ({
	id,
	seq,
	counterId: 1,
	instrument: { code: 'quick', version: 1 },
	submittedAt: '2026-11-27T08:00:00.000Z',
	status: 'complete',
	answers: [4]
});
const refused: HeldReason = { status: 'rejected', errors: [{ field: 'answers', message: 'must have 1 entries' }] };

type Stored = Omit<OutboxEntry, 'state'> & { state?: string };

/** The version 1 reads, over every entry of the store: `getAllFromIndex('seq')` (seq, then id) filtered. */
function oldReads(all: Stored[], limit: number) {
	const bySeq = [...all].sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const waiting = bySeq.filter((entry) => !entry.held);
	return {
		responses: waiting.filter((entry) => entry.kind === 'response').slice(0, limit).map((entry) => entry.id),
		suppressed: waiting.filter((entry) => entry.kind === 'suppressed').slice(0, limit).map((entry) => entry.id),
		held: all.filter((entry) => entry.held).map((entry) => entry.id).sort(),
		counts: { pending: all.length - all.filter((entry) => entry.held).length, held: all.filter((entry) => entry.held).length }
	};
}

async function rawEntries(name: string): Promise<Stored[]> {
	const db = await openDB(name);
	const all = (await db.getAll('outbox')) as Stored[];
	db.close();
	return all;
}

/** What the outbox gives now, in the shape of oldReads. */
async function newReads(outbox: Awaited<ReturnType<typeof openOutbox>>, limit: number) {
	const batch = await outbox.pending(limit);
	return {
		responses: batch.responses.map((entry) => entry.id),
		suppressed: batch.suppressed.map((entry) => entry.id),
		held: (await outbox.held()).map((entry) => entry.id).sort(),
		counts: await outbox.counts()
	};
}

/** A mixed outbox: responses and suppressed taps in any order, some of either held, some sent (removed). */
const operations = fc.array(
	fc.oneof(
		fc.constant({ op: 'response' as const }),
		fc.constant({ op: 'suppressed' as const }),
		fc.record({ op: fc.constant('hold' as const), pick: fc.nat() }),
		fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
		// A batch's confirmed ids: a random subset, now and then with an id the outbox no longer holds.
		fc.record({ op: fc.constant('remove-some' as const), picks: fc.array(fc.boolean(), { maxLength: 60 }), stale: fc.boolean() })
	),
	{ maxLength: 60 }
);

describe('outbox reads', () => {
	it('give the same batches, counts and held entries as the whole-store reads they replaced', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(operations, fc.integer({ min: 1, max: 25 }), async (ops, limit) => {
				const name = `mixed-${run++}-${crypto.randomUUID()}`;
				const outbox = await openOutbox(name);
				const ids: string[] = [];
				/** What the outbox must still hold: everything added and not removed. */
				const present = new Set<string>();
				for (const step of ops) {
					if (step.op === 'response') {
						const added = await outbox.addResponse((seq) => response(crypto.randomUUID(), seq));
						ids.push(added!.id);
						present.add(added!.id);
					} else if (step.op === 'suppressed') {
						const id = crypto.randomUUID();
						await outbox.addSuppressed({ id, counterId: 1, at: '2026-11-27T08:00:00.000Z' });
						ids.push(id);
						present.add(id);
					} else if (step.op === 'remove-some') {
						const chosen = ids.filter((_, i) => step.picks[i]);
						await outbox.remove(step.stale ? [...chosen, crypto.randomUUID()] : chosen);
						for (const id of chosen) present.delete(id);
					} else if (ids.length > 0) {
						const id = ids[step.pick % ids.length]!;
						if (step.op === 'hold') await outbox.hold(id, refused);
						else {
							await outbox.remove([id]);
							present.delete(id);
						}
					}
				}
				const raw = await rawEntries(name);
				// Removing deletes exactly the ids given (in runs of neighbouring keys), never one beside them.
				expect(raw.map((entry) => entry.id).sort()).toEqual([...present].sort());
				expect(await newReads(outbox, limit)).toEqual(oldReads(raw, limit));
				// The batch after one still on its way: what the old read gives once that batch is gone.
				const first = await outbox.pending(limit);
				const sent = new Set([...first.responses, ...first.suppressed].map((entry) => entry.id));
				const next = await outbox.pending(limit, first);
				const afterFirst = oldReads(raw.filter((entry) => !sent.has(entry.id)), limit);
				expect({ responses: next.responses.map((e) => e.id), suppressed: next.suppressed.map((e) => e.id) }).toEqual({
					responses: afterFirst.responses,
					suppressed: afterFirst.suppressed
				});
			}),
			{ numRuns: 60 }
		);
	});

	it('list held entries with their reason, responses in sequence order', async () => {
		const outbox = await openOutbox(`held-${crypto.randomUUID()}`);
		const added = [];
		for (let i = 0; i < 5; i++) added.push((await outbox.addResponse((seq) => response(crypto.randomUUID(), seq)))!);
		await outbox.hold(added[3]!.id, refused);
		await outbox.hold(added[1]!.id, refused);
		expect((await outbox.held()).map((entry) => [entry.seq, entry.state, entry.held?.status])).toEqual([
			[2, 'held', 'rejected'],
			[4, 'held', 'rejected']
		]);
		expect((await outbox.pending(10)).responses.map((entry) => entry.seq)).toEqual([1, 3, 5]);
	});
});

describe('upgrading a version 1 outbox (a backlog kept across an app update)', () => {
	/** The version 1 database exactly as the previous app created it: entries without a state, a `seq` index. */
	async function versionOne(name: string, entries: Stored[], meta: Record<string, unknown>) {
		const db = await openDB(name, 1, {
			upgrade(database) {
				const outbox = database.createObjectStore('outbox', { keyPath: 'id' });
				outbox.createIndex('seq', 'seq');
				database.createObjectStore('meta');
			}
		});
		const tx = db.transaction(['outbox', 'meta'], 'readwrite');
		for (const entry of entries) await tx.objectStore('outbox').add(entry);
		for (const [key, value] of Object.entries(meta)) await tx.objectStore('meta').put(value, key);
		await tx.done;
		db.close();
	}

	it('keeps every queued and held entry, its order and the meta, and sends on from where it was', async () => {
		const name = `v1-${crypto.randomUUID()}`;
		const entries: Stored[] = [];
		for (let seq = 1; seq <= 1_200; seq++) {
			const id = `0190a000-0000-7000-8000-${String(seq).padStart(12, '0')}`;
			entries.push({ id, kind: 'response', seq, payload: response(id, seq), createdAt: seq, ...(seq % 97 === 0 ? { held: refused } : {}) });
		}
		for (let i = 0; i < 30; i++) {
			const id = `0190b000-0000-7000-8000-${String(i).padStart(12, '0')}`;
			entries.push({ id, kind: 'suppressed', seq: 0, payload: { id, counterId: 1, at: '2026-11-27T08:00:00.000Z' }, createdAt: i, ...(i === 7 ? { held: refused } : {}) });
		}
		// Stored out of order, as a tablet adds them over time (and IndexedDB keeps them by id).
		entries.reverse();
		await versionOne(name, entries, { nextSeq: 1_201, token: 'device-token', lastSyncAt: 123 });

		const outbox = await openOutbox(name);
		const old = oldReads(entries, 500);
		expect(await newReads(outbox, 500)).toEqual(old);
		expect(old.counts).toEqual({ pending: 1_230 - 13, held: 13 });
		expect(await outbox.getMeta('token')).toBe('device-token');
		expect(await outbox.getMeta('lastSyncAt')).toBe(123);
		expect((await outbox.addResponse((seq) => response(crypto.randomUUID(), seq)))!.seq).toBe(1_201);

		// Every stored entry now has the state its `held` implies, and the store has the new index only.
		const db = await openDB(name);
		expect(db.version).toBe(2);
		const stored = (await db.getAll('outbox')) as Stored[];
		expect(stored).toHaveLength(1_231);
		expect(stored.filter((entry) => entry.state !== (entry.held ? 'held' : 'pending'))).toEqual([]);
		expect([...db.transaction('outbox').store.indexNames]).toEqual(['queue']);
		db.close();
	});

	it('opens an empty version 1 outbox too', async () => {
		const name = `v1-empty-${crypto.randomUUID()}`;
		await versionOne(name, [], {});
		const outbox = await openOutbox(name);
		expect(await outbox.counts()).toEqual({ pending: 0, held: 0 });
		expect((await outbox.addResponse((seq) => response(crypto.randomUUID(), seq)))!.seq).toBe(1);
	});
});
