/**
 * The tablet's outbox in IndexedDB: every response is written here first, in the same transaction that takes its
 * sequence number, and leaves only when the server has confirmed it (stored or duplicate). An item the server
 * refuses for good is held back with the reason — never deleted silently. An id is stored once: a second entry
 * under an id already waiting here is refused (and takes no sequence number).
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

export type OutboxEntry =
	| { id: string; kind: 'response'; seq: number; payload: ResponsePayload; createdAt: number; held?: HeldReason }
	| { id: string; kind: 'suppressed'; seq: 0; payload: SuppressedPayload; createdAt: number; held?: HeldReason };

interface KioskDb extends DBSchema {
	outbox: { key: string; value: OutboxEntry; indexes: { seq: number } };
	meta: { key: string; value: unknown };
}

export interface Outbox {
	/**
	 * Take the next sequence number and store the response built with it, atomically; null, with no number taken,
	 * when an entry with the built response's id is already in the outbox.
	 */
	addResponse(build: (seq: number) => ResponsePayload): Promise<ResponsePayload | null>;
	/** Store a suppressed tap; false when an entry with its id is already in the outbox. */
	addSuppressed(payload: SuppressedPayload): Promise<boolean>;
	/** Entries waiting to be sent (not held), responses in sequence order, at most `limit` of each kind. */
	pending(limit: number): Promise<{ responses: OutboxEntry[]; suppressed: OutboxEntry[] }>;
	held(): Promise<OutboxEntry[]>;
	counts(): Promise<{ pending: number; held: number }>;
	remove(ids: readonly string[]): Promise<void>;
	hold(id: string, reason: HeldReason): Promise<void>;
	getMeta<T>(key: string): Promise<T | undefined>;
	setMeta(key: string, value: unknown): Promise<void>;
	/** Raise the next sequence number to at least `next` (after pairing, from the server's highest). */
	raiseNextSeq(next: number): Promise<void>;
}

/** Open (or create) the outbox database `name`. */
export async function openOutbox(name = 'puas-kiosk'): Promise<Outbox> {
	const db: IDBPDatabase<KioskDb> = await openDB<KioskDb>(name, 1, {
		upgrade(database) {
			const outbox = database.createObjectStore('outbox', { keyPath: 'id' });
			outbox.createIndex('seq', 'seq');
			database.createObjectStore('meta');
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
			await tx.objectStore('outbox').add({ id: payload.id, kind: 'response', seq, payload, createdAt: Date.now() });
			await tx.done;
			return payload;
		},
		async addSuppressed(payload) {
			const tx = db.transaction('outbox', 'readwrite');
			const added = (await tx.store.getKey(payload.id)) === undefined;
			if (added) await tx.store.add({ id: payload.id, kind: 'suppressed', seq: 0, payload, createdAt: Date.now() });
			await tx.done;
			return added;
		},
		async pending(limit) {
			const all = (await db.getAllFromIndex('outbox', 'seq')).filter((entry) => !entry.held);
			return {
				responses: all.filter((entry) => entry.kind === 'response').slice(0, limit),
				suppressed: all.filter((entry) => entry.kind === 'suppressed').slice(0, limit)
			};
		},
		async held() {
			return (await db.getAll('outbox')).filter((entry) => entry.held);
		},
		async counts() {
			const all = await db.getAll('outbox');
			const held = all.filter((entry) => entry.held).length;
			return { pending: all.length - held, held };
		},
		async remove(ids) {
			const tx = db.transaction('outbox', 'readwrite');
			await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
		},
		async hold(id, reason) {
			const tx = db.transaction('outbox', 'readwrite');
			const entry = await tx.store.get(id);
			if (entry) await tx.store.put({ ...entry, held: reason });
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
