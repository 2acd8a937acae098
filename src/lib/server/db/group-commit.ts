/**
 * Group commit: requests that arrive while their database's statement is in flight wait in a process-local queue,
 * and when it ends they are sent together as one statement — one round trip, one commit and one pass over the
 * rollup rows for all of them, instead of one each that queue on the same locks. A lone request goes at once, so
 * nothing waits for a timer. The queue holds only requests in flight: nothing stays after they are answered, and
 * instances share nothing.
 *
 * If a group's statement fails, each of its requests is run again alone, so one request's problem never fails
 * another's.
 */
import type { Db } from './client';

export interface GroupCommitOptions<Request, Result> {
	/** Run a group as one statement: one result per request, in order. */
	run: (db: Db, group: readonly Request[]) => Promise<Result[]>;
	/** Whether `request` may join `group` (else it waits for the next statement). */
	fits: (group: readonly Request[], request: Request) => boolean;
	/** Statements of one database in flight at once (default 1). */
	inFlight?: number;
}

interface Waiting<Request, Result> {
	request: Request;
	resolve: (result: Result) => void;
	reject: (failure: unknown) => void;
}

interface Lane<Request, Result> {
	waiting: Waiting<Request, Result>[];
	running: number;
}

/** A function that sends `request` in the next group of its database and resolves with its own result. */
export function groupCommit<Request, Result>(options: GroupCommitOptions<Request, Result>): (db: Db, request: Request) => Promise<Result> {
	const lanes = new WeakMap<Db, Lane<Request, Result>>();
	const limit = options.inFlight ?? 1;

	function takeGroup(lane: Lane<Request, Result>): Waiting<Request, Result>[] {
		const group: Waiting<Request, Result>[] = [];
		const requests: Request[] = [];
		lane.waiting = lane.waiting.filter((entry) => {
			if (requests.length > 0 && !options.fits(requests, entry.request)) return true;
			group.push(entry);
			requests.push(entry.request);
			return false;
		});
		return group;
	}

	async function runGroup(db: Db, group: Waiting<Request, Result>[]): Promise<void> {
		try {
			const results = await options.run(db, group.map((entry) => entry.request));
			group.forEach((entry, i) => entry.resolve(results[i]!));
		} catch (failure) {
			if (group.length === 1) return group[0]!.reject(failure);
			// One statement for all failed: each request alone, so only the one at fault fails.
			await Promise.all(
				group.map((entry) =>
					options.run(db, [entry.request]).then(
						([result]) => entry.resolve(result!),
						(own: unknown) => entry.reject(own)
					)
				)
			);
		}
	}

	function drain(db: Db, lane: Lane<Request, Result>): void {
		while (lane.running < limit && lane.waiting.length > 0) {
			const group = takeGroup(lane);
			lane.running += 1;
			void runGroup(db, group).finally(() => {
				lane.running -= 1;
				if (lane.waiting.length > 0) drain(db, lane);
				else if (lane.running === 0) lanes.delete(db);
			});
		}
	}

	return (db, request) =>
		new Promise<Result>((resolve, reject) => {
			let lane = lanes.get(db);
			if (!lane) lanes.set(db, (lane = { waiting: [], running: 0 }));
			lane.waiting.push({ request, resolve, reject });
			drain(db, lane);
		});
}
