/**
 * Background jobs run once per slot across all instances: the lease row moves forward for one claimant only, so two
 * instances ticking together never both evaluate the alerts of a minute (or prune twice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitRateLimit } from '../../src/lib/server/access/rate-limit';
import { rateLimits } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { JOBS } from '../../src/lib/server/jobs/jobs';
import { claimSlot, runDueJobs, type Job } from '../../src/lib/server/jobs/scheduler';
import { freshDb } from './db';

let handle: TestDb;
beforeAll(async () => {
	handle = await freshDb();
});
afterAll(async () => {
	await handle?.close();
});

describe('claimSlot', () => {
	it('gives each slot to exactly one of many claimants', async () => {
		const at = new Date('2026-11-27T10:00:30Z');
		const claims = await Promise.all(Array.from({ length: 12 }, () => claimSlot(handle.db, 'test-job', 60, at)));
		expect(claims.filter((c) => c !== null)).toEqual([new Date('2026-11-27T10:00:00Z')]);
		// Later in the same minute: taken. The next minute: one claimant again.
		expect(await claimSlot(handle.db, 'test-job', 60, new Date('2026-11-27T10:00:59Z'))).toBeNull();
		const next = await Promise.all(Array.from({ length: 12 }, () => claimSlot(handle.db, 'test-job', 60, new Date('2026-11-27T10:01:01Z'))));
		expect(next.filter((c) => c !== null)).toHaveLength(1);
		// A claimant whose clock lags cannot move the slot back.
		expect(await claimSlot(handle.db, 'test-job', 60, new Date('2026-11-27T09:59:00Z'))).toBeNull();
	});

	it('uses the database clock when no time is given', async () => {
		const slot = await claimSlot(handle.db, 'db-clock-job', 3600);
		expect(slot).not.toBeNull();
		expect(Math.abs(slot!.getTime() - Math.floor(Date.now() / 3_600_000) * 3_600_000)).toBeLessThan(60_000);
	});
});

describe('runDueJobs', () => {
	it('runs a job once when two instances tick together', async () => {
		let runs = 0;
		const job: Job = { name: `counted-${crypto.randomUUID()}`, everySeconds: 3600, run: async () => void (runs += 1) };
		await Promise.all([runDueJobs(handle.db, [job]), runDueJobs(handle.db, [job])]);
		expect(runs).toBe(1);
	});

	it('schedules the alert check every minute and the rate-limit pruning every hour, which prunes', async () => {
		expect(JOBS.map((j) => [j.name, j.everySeconds])).toEqual([
			['alerts', 60],
			['prune-rate-limits', 3600]
		]);
		const key = `stale:${crypto.randomUUID()}`;
		await hitRateLimit(handle.db, key, 1, 60, new Date(Date.now() - 3 * 86_400_000));
		const ran = await runDueJobs(handle.db, JOBS);
		expect(ran).toContain('prune-rate-limits');
		expect((await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key)).not.toContain(key);
	});
});
