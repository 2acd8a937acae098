/**
 * Background jobs that run once per slot across every app instance sharing the database (alert checks each minute,
 * pruning the rate-limit table each hour). Each instance ticks on its own timer; the first to move a job's lease row
 * to the current slot runs it, the others find the slot taken — one statement, so two instances never both win.
 */
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';
import { isDatabaseUnavailable } from '../db/unavailable';

export interface Job {
	name: string;
	/** Length of a slot: the job runs at most once per slot, on one instance. */
	everySeconds: number;
	/** Returns a line for the log, or nothing. */
	run: (db: Db, now: Date) => Promise<string | void>;
}

/**
 * Claim the current slot of `name` (slots are counted from the epoch by the database's clock, or by `now` when given):
 * its start when this caller won it, null when another caller already had it.
 */
export async function claimSlot(db: Db, name: string, everySeconds: number, now?: Date): Promise<Date | null> {
	const clock = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
	const [row] = await executePrepared<{ slot: string | Date }>(
		db,
		sql`
			insert into job_leases (name, slot, claimed_at)
			values (${name}, to_timestamp(floor(extract(epoch from ${clock}) / ${everySeconds}::int) * ${everySeconds}::int), ${clock})
			on conflict (name) do update set slot = excluded.slot, claimed_at = excluded.claimed_at
				where job_leases.slot < excluded.slot
			returning slot`
	);
	return row ? new Date(row.slot) : null;
}

/** Run each job whose slot this instance wins now. */
export async function runDueJobs(db: Db, jobs: readonly Job[], now = new Date()): Promise<string[]> {
	const ran: string[] = [];
	for (const job of jobs) {
		if (!(await claimSlot(db, job.name, job.everySeconds))) continue;
		ran.push(job.name);
		const line = await job.run(db, now);
		if (line) console.log(`[puas] ${job.name}: ${line}`);
	}
	return ran;
}

/** Tick every `tickMs` (well under the shortest slot); returns a function that stops. The timer never keeps the process alive. */
export function startJobs(db: Db, jobs: readonly Job[], tickMs = 10_000): () => void {
	let running = false;
	const timer = setInterval(() => {
		if (running) return; // a slow round is still going: skip this tick rather than pile up
		running = true;
		runDueJobs(db, jobs)
			.catch((err: unknown) => {
				if (isDatabaseUnavailable(err)) console.warn('[puas] background jobs skipped: the database is not reachable');
				else console.error('[puas] background jobs failed', err);
			})
			.finally(() => {
				running = false;
			});
	}, tickMs);
	timer.unref();
	return () => clearInterval(timer);
}
