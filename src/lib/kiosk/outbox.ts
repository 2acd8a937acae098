/**
 * The tablet's outbox in IndexedDB: every response is written here first, in the same transaction that takes its
 * sequence number, and leaves only when the server has confirmed it (stored or duplicate). An item the server
 * refuses for good is held back with the reason — never deleted silently. An id is stored once: a second entry
 * under an id already waiting here is refused (and takes no sequence number).
 *
 * Reads touch only what they return: the `queue` index keys every entry by [state, kind, seq], so the next batch is a
 * key range read with a limit and the counts are key range counts — a backlog of 20 000 costs each batch what a
 * backlog of 500 does (docs/performance.md, "A tablet's backlog").
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** What the server needs of a response (the API's item shape). */
export interface ResponsePayload {
	id: string;
	seq: number;
	counterId: number;
	serviceId?: number;
	instrument: { code: string; version: number };
	submittedAt: string;
	status: 'complete' | 'partial';
	answers: (number | null)[];
	reasons?: string[];
	profile?: { sex?: string | null; ageBand?: string | null; education?: string | null; occupation?: string | null };
	comment?: string | null;
}

interface SuppressedPayload {
	id: string;
	counterId: number;
	at: string;
}

export interface HeldReason {
	status: 'conflict' | 'rejected';
	errors: { field: string; message: string }[];
}

/** Waiting to be sent, or held back with the reason (`held`); the state is what the `queue` index sorts by. */
type EntryState = 'pending' | 'held';

export type OutboxEntry =
	| { id: string; kind: 'response'; seq: number; payload: ResponsePayload; createdAt: number; state: EntryState; held?: HeldReason }
	| { id: string; kind: 'suppressed'; seq: 0; payload: SuppressedPayload; createdAt: number; state: EntryState; held?: HeldReason };

type QueueKey = [EntryState, OutboxEntry['kind'], number];

interface KioskDb extends DBSchema {
	outbox: { key: string; value: OutboxEntry; indexes: { queue: QueueKey } };
	meta: { key: string; value: unknown };
}

/**
 * 1: the outbox with a `seq` index. 2: each entry carries its state, indexed as `queue` [state, kind, seq]; the
 * upgrade gives every queued entry its state, so a backlog held across an app update is kept.
 */
const DB_VERSION = 2;

/** Entries of one state and kind, in sequence order (suppressed taps all have seq 0: then in id order). */
const kindRange = (state: EntryState, kind: OutboxEntry['kind']) => IDBKeyRange.bound([state, kind, -Infinity], [state, kind, Infinity]);
/** Every entry of one state: [state] sorts before [state, …], and an array after any string or number. */
const stateRange = (state: EntryState) => IDBKeyRange.bound([state], [state, []]);

export interface Batch {
	responses: OutboxEntry[];
	suppressed: OutboxEntry[];
}

export interface Outbox {
	/**
	 * Take the next sequence number and store the response built with it, atomically; null, with no number taken,
	 * when an entry with the built response's id is already in the outbox.
	 */
	addResponse(build: (seq: number) => ResponsePayload): Promise<ResponsePayload | null>;
	/** Store a suppressed tap; false when an entry with its id is already in the outbox. */
	addSuppressed(payload: SuppressedPayload): Promise<boolean>;
	/**
	 * Entries waiting to be sent (not held), responses in sequence order, at most `limit` of each kind; with `after`,
	 * a batch still on its way, the entries that come after it (as if it had been removed).
	 */
	pending(limit: number, after?: Batch): Promise<Batch>;
	/** Entries held back, responses in sequence order. */
	held(): Promise<OutboxEntry[]>;
	counts(): Promise<{ pending: number; held: number }>;
	/** Remove the entries with these ids (those the server confirmed); ids not in the outbox are ignored. */
	remove(ids: readonly string[]): Promise<void>;
	hold(id: string, reason: HeldReason): Promise<void>;
	getMeta<T>(key: string): Promise<T | undefined>;
	setMeta(key: string, value: unknown): Promise<void>;
	/** Raise the next sequence number to at least `next` (after pairing, from the server's highest). */
	raiseNextSeq(next: number): Promise<void>;
}

/** Open (or create) the outbox database `name`. */
export async function openOutbox(name = 'puas-kiosk'): Promise<Outbox> {
	const db: IDBPDatabase<KioskDb> = await openDB<KioskDb>(name, DB_VERSION, {
		async upgrade(database, oldVersion, _newVersion, tx) {
			if (oldVersion < 1) {
				database.createObjectStore('outbox', { keyPath: 'id' });
				database.createObjectStore('meta');
			}
			if (oldVersion < 2) {
				const outbox = tx.objectStore('outbox');
				// Version 1 entries had no state: the one their `held` implies, written before the index is built on it.
				for (let cursor = await outbox.openCursor(); cursor; cursor = await cursor.continue()) {
					if (!cursor.value.state) await cursor.update({ ...cursor.value, state: cursor.value.held ? 'held' : 'pending' });
				}
				if (outbox.indexNames.contains('seq' as never)) outbox.deleteIndex('seq');
				outbox.createIndex('queue', ['state', 'kind', 'seq']);
			}
		}
	});

	return {
		async addResponse(build) {
			const tx = db.transaction(['outbox', 'meta'], 'readwrite');
			const seq = ((await tx.objectStore('meta').get('nextSeq')) as number | undefined) ?? 1;
			const payload = build(seq);
			if ((await tx.objectStore('outbox').getKey(payload.id)) !== undefined) {
				await tx.done;
				return null;
			}
			await tx.objectStore('meta').put(seq + 1, 'nextSeq');
			await tx.objectStore('outbox').add({ id: payload.id, kind: 'response', seq, payload, createdAt: Date.now(), state: 'pending' });
			await tx.done;
			return payload;
		},
		async addSuppressed(payload) {
			const tx = db.transaction('outbox', 'readwrite');
			const added = (await tx.store.getKey(payload.id)) === undefined;
			if (added) await tx.store.add({ id: payload.id, kind: 'suppressed', seq: 0, payload, createdAt: Date.now(), state: 'pending' });
			await tx.done;
			return added;
		},
		async pending(limit, after) {
			const queue = db.transaction('outbox').store.index('queue');
			// A batch holds the first waiting responses, so every waiting one of a lower sequence number is in it.
			const lastSeq = after?.responses.at(-1)?.seq;
			const responsesAfter = lastSeq === undefined ? kindRange('pending', 'response') : IDBKeyRange.bound(['pending', 'response', lastSeq], ['pending', 'response', Infinity], true);
			// Taps all have seq 0 (ordered by id within it): the batch's own are skipped by id.
			const skipped = new Set(after?.suppressed.map((entry) => entry.id));
			const [responses, suppressed] = await Promise.all([
				queue.getAll(responsesAfter, limit),
				queue.getAll(kindRange('pending', 'suppressed'), limit + skipped.size)
			]);
			return { responses, suppressed: suppressed.filter((entry) => !skipped.has(entry.id)).slice(0, limit) };
		},
		async held() {
			return db.getAllFromIndex('outbox', 'queue', stateRange('held'));
		},
		async counts() {
			const queue = db.transaction('outbox').store.index('queue');
			const [pending, held] = await Promise.all([queue.count(stateRange('pending')), queue.count(stateRange('held'))]);
			return { pending, held };
		},
		async remove(ids) {
			if (ids.length === 0) return;
			const confirmed = new Set(ids);
			let [first, last] = [ids[0]!, ids[0]!];
			for (const id of confirmed) [first, last] = [id < first ? id : first, id > last ? id : last];
			// A delete per key costs Chromium ~0.1 ms (a batch: 60 ms); a key range costs one. Ids are UUIDv7, so a batch's
			// ids mostly lie next to each other: each run of neighbouring keys that are all confirmed goes in one range
			// delete, and a key not confirmed (held, newer, a tap) only ends a run — it is never inside one.
			const tx = db.transaction('outbox', 'readwrite');
			const deletes: Promise<void>[] = [];
			let run: [string, string] | null = null;
			for (const key of await tx.store.getAllKeys(IDBKeyRange.bound(first, last))) {
				if (confirmed.has(key)) run = run ? [run[0], key] : [key, key];
				else if (run) {
					deletes.push(tx.store.delete(IDBKeyRange.bound(...run)));
					run = null;
				}
			}
			if (run) deletes.push(tx.store.delete(IDBKeyRange.bound(...run)));
			await Promise.all([...deletes, tx.done]);
		},
		async hold(id, reason) {
			const tx = db.transaction('outbox', 'readwrite');
			const entry = await tx.store.get(id);
			if (entry) await tx.store.put({ ...entry, state: 'held', held: reason });
			await tx.done;
		},
		getMeta: async <T>(key: string) => (await db.get('meta', key)) as T | undefined,
		async setMeta(key, value) {
			await db.put('meta', value, key);
		},
		async raiseNextSeq(next) {
			const tx = db.transaction('meta', 'readwrite');
			const current = ((await tx.store.get('nextSeq')) as number | undefined) ?? 1;
			if (next > current) await tx.store.put(next, 'nextSeq');
			await tx.done;
		}
	};
}
