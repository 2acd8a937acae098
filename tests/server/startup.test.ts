/**
 * Instances started together on one empty database all come up: migrations and every start-up write (the standard
 * instruments, the configured token) run once, in turn, under the start-up lock.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { openTestDb } from '../../src/lib/server/db/test-db';
import { hasPostgres, startServer } from './harness';

describe.skipIf(!hasPostgres)('two instances on an empty database', () => {
	it.each([1, 2, 3, 4])('both start, and the standard instruments exist once (try %i)', async () => {
		const database = await openTestDb({ migrate: false });
		try {
			const servers = await Promise.allSettled([startServer({ database }), startServer({ database })]);
			const failures = servers.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
			for (const s of servers) if (s.status === 'fulfilled') await s.value.stop();
			expect(failures).toEqual([]);
			const counts = rowsOf<{ code: string; version: number; n: number }>(
				await database.db.execute(sql`select code, version, count(*)::int as n from instruments group by code, version`)
			);
			expect(counts.length).toBeGreaterThan(0);
			expect(counts.every((c) => c.n === 1)).toBe(true);
		} finally {
			await database.close();
		}
	});
});

describe.skipIf(!hasPostgres)('a configured token too short to be safe', () => {
	it('stops the server at start, saying why', async () => {
		await expect(startServer({ env: { ADMIN_API_TOKEN: 'x' } })).rejects.toThrow(/ADMIN_API_TOKEN must be at least 32 characters \(it has 1\)/);
	});
});
