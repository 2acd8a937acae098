/**
 * Sends the outbox to the server in batches. Confirmed items (stored, duplicate) leave the outbox; refused ones
 * (conflict, rejected) are held back with the reason; anything else — no network, a 5xx, a timeout, a server
 * restart — leaves the items where they are and retries with backoff, or no sooner than the server asked (a 503 or
 * 429 with Retry-After). Sending resumes on `online`, when the page becomes visible and on a timer; Background Sync
 * is not relied on (Safari and Firefox lack it).
 */
import type { Batch, HeldReason, Outbox } from './outbox';

export const BATCH_SIZE = 500;
const MIN_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** While items wait and nothing else triggers a send. */
const POLL_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

type SyncState = 'idle' | 'sending' | 'waiting' | 'unpaired';

/** Entries waiting to be sent, and held back. */
type OutboxCounts = { pending: number; held: number };

interface RequestBody {
	data: string | ArrayBuffer;
	gzip: boolean;
}

/** The next batch, read (and its body built) while the one before it was on its way. */
interface Ahead {
	batch: Batch;
	/** Built for this report: the outbox as it is if the batch before is confirmed whole. */
	report: string;
	body: Promise<RequestBody> | null;
}

export interface SyncOptions {
	outbox: Outbox;
	/** Where to POST ({ items, suppressed }). */
	endpoint: string;
	/** The bearer token, or null when not paired (then nothing is sent). */
	token: () => string | null;
	/** Called when the server says the token is no longer valid (revoked or unknown). */
	onUnpaired?: () => void;
	/** Called after every attempt with the outcome. */
	onChange?: (status: SyncStatus) => void;
}

export interface SyncStatus {
	state: SyncState;
	lastSuccessAt: number | null;
	lastError: string | null;
	pending: number;
	held: number;
}

/** The server answered for the items (not necessarily storing them). */
interface Answered {
	results: ItemResult[];
	suppressed: ItemResult[];
}

/** Try again later: why, and how long the server asked to wait (Retry-After), if it did. */
interface Retry {
	retry: string;
	retryAfterMs: number | null;
}

interface ItemResult {
	id: string | null;
	index: number;
	status: 'stored' | 'duplicate' | 'conflict' | 'rejected';
	errors?: { field: string; message: string }[];
}

export class Syncer {
	private running = false;
	/** Halved when the server finds a batch too large (413); stays so until the kiosk reloads. */
	private batchSize = BATCH_SIZE;
	/** Bodies go gzipped where the browser can (CompressionStream), until a server refuses the encoding (415). */
	private gzip = typeof CompressionStream === 'function';
	private again = false;
	private failures = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	/** The outbox state the server last accepted from this tablet (device health on the dashboard). */
	private reported: string | null = null;
	private status: SyncStatus = { state: 'idle', lastSuccessAt: null, lastError: null, pending: 0, held: 0 };

	constructor(private readonly options: SyncOptions) {}

	/** Start listening for the moments to send, and send now. */
	start(): () => void {
		const kick = () => void this.syncNow();
		const onVisible = () => document.visibilityState === 'visible' && kick();
		window.addEventListener('online', kick);
		document.addEventListener('visibilitychange', onVisible);
		void this.options.outbox.getMeta<number>('lastSyncAt').then((at) => {
			this.status.lastSuccessAt = at ?? null;
			kick();
		});
		return () => {
			window.removeEventListener('online', kick);
			document.removeEventListener('visibilitychange', onVisible);
			clearTimeout(this.timer);
		};
	}

	/** Send everything pending now (coalesces with a send already under way). */
	async syncNow(): Promise<void> {
		if (this.running) {
			this.again = true;
			return;
		}
		this.running = true;
		clearTimeout(this.timer);
		try {
			do {
				this.again = false;
				await this.sendAll();
			} while (this.again);
		} finally {
			this.running = false;
		}
	}

	/** Tell `onChange` the new state, with the outbox's counts (read now unless the caller just read them). */
	private async publish(patch: Partial<SyncStatus>, counts?: OutboxCounts) {
		counts ??= await this.options.outbox.counts();
		this.status = { ...this.status, ...patch, ...counts };
		this.options.onChange?.({ ...this.status });
	}

	private schedule(ms: number) {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.syncNow(), ms);
	}

	/**
	 * Send batch after batch until the outbox is empty or a send fails. Pipelined for a long backlog: the next batch is
	 * read while one is on its way, and a confirmed batch's bookkeeping (holds, removal, lastSyncAt) is done while the
	 * next one is on its way — each entry still leaves the outbox only after the server confirmed it.
	 */
	private async sendAll() {
		const { outbox } = this.options;
		/** The next batch, read and its body built while the one before it was on its way (the entries after it). */
		let ahead: Promise<Ahead> | null = null;
		const dropAhead = () => {
			ahead?.then((dropped) => dropped.body?.catch(() => {})).catch(() => {}); // read again from the start next time
			ahead = null;
		};
		/** The bookkeeping of the batches confirmed so far, one after the other. */
		let settling: Promise<void> = Promise.resolve();
		/** The counts once the batch before is settled, from its answer (no read); null: read them. */
		let expected: OutboxCounts | null = null;
		try {
			for (;;) {
				const token = this.options.token();
				// From the start: the batch before must have left first, or its entries would be read again.
				const prepared: Ahead = await (ahead ?? settling.then(async () => ({ batch: await outbox.pending(this.batchSize), report: '', body: null })));
				const { batch } = prepared;
				ahead = null;
				if (batch.responses.length + batch.suppressed.length === 0) {
					await settling;
					const counts = await outbox.counts();
					this.failures = 0;
					// Nothing to send, but the server still believes in an older queue (e.g. items were just held): tell it.
					const report = { pending: counts.pending, held: counts.held };
					if (token && this.reported !== JSON.stringify(report)) {
						const outcome = await this.post(token, this.encode(batch, report));
						if (outcome === 'not gzip') this.gzip = false;
						if (typeof outcome === 'object' && 'results' in outcome) this.reported = JSON.stringify(report);
					}
					await this.publish({ state: token ? 'idle' : 'unpaired' }, counts);
					return;
				}
				const counts: OutboxCounts = expected ?? (await outbox.counts());
				expected = null;
				if (!token) {
					await this.publish({ state: 'unpaired' }, counts);
					return;
				}
				// What stays in the outbox if this batch is stored: the server shows it as the tablet's queue.
				const report = { pending: Math.max(0, counts.pending - batch.responses.length - batch.suppressed.length), held: counts.held };
				await this.publish({ state: 'sending' }, counts);
				const full = batch.responses.length >= this.batchSize || batch.suppressed.length >= this.batchSize;
				const body = prepared.body && prepared.report === JSON.stringify(report) ? prepared.body : this.encode(batch, report);
				const posted = this.post(token, body);
				if (full) {
					// Built for the outbox as it will be if this batch is confirmed whole (else built again).
					const left = { pending: Math.max(0, counts.pending - batch.responses.length - batch.suppressed.length), held: counts.held };
					ahead = outbox.pending(this.batchSize, batch).then((next) => {
						const nextReport = { pending: Math.max(0, left.pending - next.responses.length - next.suppressed.length), held: left.held };
						const empty = next.responses.length + next.suppressed.length === 0;
						return { batch: next, report: JSON.stringify(nextReport), body: empty ? null : this.encode(next, nextReport) };
					});
				}
				const outcome = await posted;
				if (!(typeof outcome === 'object' && 'results' in outcome)) {
					dropAhead();
					await settling;
				}
				if (outcome === 'not gzip') {
					this.gzip = false; // a proxy or an older server that takes only plain bodies: send them so
					continue;
				}
				if (outcome === 'too large' && this.batchSize > 1) {
					this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
					continue;
				}
				if (outcome === 'unpaired') {
					await this.publish({ state: 'unpaired', lastError: 'device not paired' });
					this.options.onUnpaired?.();
					return;
				}
				if (outcome === 'too large' || 'retry' in outcome) {
					// Too large even alone: keep it and try again later (the server's limit may change).
					const { retry, retryAfterMs } = outcome === 'too large' ? { retry: outcome, retryAfterMs: null } : outcome;
					this.failures += 1;
					this.schedule(this.retryDelay(retryAfterMs));
					await this.publish({ state: 'waiting', lastError: retry });
					return;
				}
				this.failures = 0;
				this.reported = JSON.stringify(report);
				const confirmed: string[] = [];
				const held: [string, HeldReason][] = [];
				const sort = (entries: { id: string }[], results: ItemResult[]) => {
					for (const [i, entry] of entries.entries()) {
						const result = results[i];
						if (!result) dropAhead(); // not answered: stays pending, and goes first in the next batch
						else if (result.status === 'stored' || result.status === 'duplicate') confirmed.push(entry.id);
						else held.push([entry.id, { status: result.status, errors: result.errors ?? [] }]);
					}
				};
				sort(batch.responses, outcome.results);
				sort(batch.suppressed, outcome.suppressed);
				const now = Date.now();
				const previous = settling;
				settling = (async () => {
					await previous;
					for (const [id, reason] of held) await outbox.hold(id, reason);
					await outbox.remove(confirmed);
					await outbox.setMeta('lastSyncAt', now);
				})();
				settling.catch(() => {}); // a failure surfaces where it is awaited, not as an unhandled rejection meanwhile
				if (!full) {
					await settling;
					const left = await outbox.counts();
					await this.publish({ state: 'idle', lastSuccessAt: now, lastError: null }, left);
					if (left.pending === 0) return;
					this.schedule(POLL_MS);
					return;
				}
				// Surveys saved meanwhile are not in these counts: saving one calls syncNow, which counts again.
				expected = { pending: Math.max(0, counts.pending - confirmed.length - held.length), held: counts.held + held.length };
				await this.publish({ state: 'idle', lastSuccessAt: now, lastError: null }, expected);
			}
		} finally {
			dropAhead();
			await settling;
		}
	}

	/**
	 * How long to wait before the next try: what the server asked for, if it did (at least MIN_BACKOFF_MS, so a
	 * "Retry-After: 0" cannot spin), else exponential backoff from the failures so far; both at most MAX_BACKOFF_MS.
	 * Jitter spreads a hall's tablets apart — only upwards from the server's wait, which is a minimum.
	 */
	private retryDelay(retryAfterMs: number | null): number {
		if (retryAfterMs !== null) return Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, retryAfterMs) * (1 + Math.random() * 0.2));
		const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (this.failures - 1));
		return backoff * (0.8 + Math.random() * 0.4);
	}

	/** A batch's request body: its JSON with the outbox report, gzipped while the server takes gzip. */
	private encode(batch: Batch, outboxReport: OutboxCounts): Promise<RequestBody> {
		const gzip = this.gzip;
		const json = JSON.stringify({ items: batch.responses.map((e) => e.payload), suppressed: batch.suppressed.map((e) => e.payload), outbox: outboxReport });
		return gzip ? gzipped(json).then((data) => ({ data, gzip })) : Promise.resolve({ data: json, gzip });
	}

	/**
	 * One POST: the per-item results, 'unpaired', 'too large', 'not gzip' (the server refused the encoding), or why
	 * (and how long the server asks) to retry later.
	 */
	private async post(token: string, body: Promise<RequestBody>): Promise<Answered | Retry | 'unpaired' | 'too large' | 'not gzip'> {
		const controller = new AbortController();
		const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
		try {
			const { data, gzip } = await body;
			const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
			if (gzip) headers['content-encoding'] = 'gzip';
			const response = await fetch(this.options.endpoint, { method: 'POST', headers, body: data, signal: controller.signal });
			if (response.status === 401) return 'unpaired';
			if (response.status === 415 && gzip) return 'not gzip';
			if (response.status === 413) return 'too large';
			if (!response.ok) {
				const asksToWait = response.status === 503 || response.status === 429;
				return { retry: `server answered ${response.status}`, retryAfterMs: asksToWait ? retryAfterMs(response.headers.get('retry-after')) : null };
			}
			const answer = (await response.json()) as { results?: ItemResult[]; suppressed?: ItemResult[] };
			if (!Array.isArray(answer.results)) return { retry: 'unexpected answer from the server', retryAfterMs: null };
			return { results: answer.results, suppressed: answer.suppressed ?? [] };
		} catch (error) {
			return { retry: controller.signal.aborted ? 'request timed out' : `no connection (${(error as Error).message})`, retryAfterMs: null };
		} finally {
			clearTimeout(timeout);
		}
	}

	/** Poll while items wait, in case no event comes. */
	keepPolling(): () => void {
		const interval = setInterval(() => void this.syncNow(), POLL_MS);
		return () => clearInterval(interval);
	}
}

/** A Retry-After header in seconds (the form our server sends) as milliseconds; null when absent or another form. */
function retryAfterMs(header: string | null): number | null {
	return header !== null && /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : null;
}

/** `text` as gzip bytes: a kiosk batch's JSON shrinks about 13 × (500 items: 158 KB to 12 KB). */
async function gzipped(text: string): Promise<ArrayBuffer> {
	return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
}
