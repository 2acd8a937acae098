/**
 * Migration 0011 on a database that already holds final reports finalized more than once for one scope and period
 * (allowed before issue 16): the newest stays current, each older one is marked superseded by the next and leaves
 * /publik, and the next names it with a stated reason. Run from 0010 with real rows, on PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyMigrations, rowsOf } from '../../src/lib/server/db/client';
import { useMigratedUpTo } from './migrated-up-to';
import { sha256Hex } from '../../src/lib/server/reports/snapshots';

const suite = useMigratedUpTo('0011_');

interface Row {
	hash: string;
	published: boolean;
	published_at: string | null;
	superseded_at: string | null;
	supersedes: string | null;
	supersede_reason: string | null;
}

describe('migration 0011 on earlier duplicate final reports', () => {
	it('keeps the newest current and marks each older one superseded by the next, off the public page', async () => {
		const db = suite.current.handle.db;
		const [mall] = rowsOf<{ id: number }>(await db.execute(sql`insert into malls (slug, name, city, time_zone) values ('dup', 'Mall dup', 'Kupang', 'Asia/Makassar') returning id`));
		const snapshot = async (value: string, finalizedAt: string, published: boolean) => {
			const canonical = JSON.stringify({ value, finalizedAt });
			const hash = sha256Hex(canonical);
			await db.execute(sql`insert into report_snapshots (hash, mall_id, scope_type, scope_id, agency_id, period_kind, period_value, period_from, period_to,
					received_by, canonical, finalized_at, published, published_at)
				values (${hash}, ${mall!.id}, 'mall', ${mall!.id}, null, 'semester', ${value}, '2026-01-01', '2026-06-30', ${finalizedAt}, ${canonical},
					${finalizedAt}, ${published}, ${published ? finalizedAt : null})`);
			return hash;
		};
		// 2026-S1 finalized three times (the first published), 2026-S2 once.
		const first = await snapshot('2026-S1', '2026-06-10T02:00:00Z', true);
		const second = await snapshot('2026-S1', '2026-06-20T02:00:00Z', false);
		const third = await snapshot('2026-S1', '2026-07-02T02:00:00Z', false);
		const alone = await snapshot('2026-S2', '2026-07-03T02:00:00Z', true);

		expect(await applyMigrations(db, suite.current.handle.kind)).toBe(suite.current.total - suite.current.applied);
		const rows = rowsOf<Row>(
			await db.execute(sql`select hash, published, published_at::text, superseded_at::text, supersedes, supersede_reason from report_snapshots`)
		);
		const byHash = new Map(rows.map((r) => [r.hash, r]));
		const reason = 'Difinalkan ulang sebelum Puas meminta alasan penggantian.';
		expect(byHash.get(first)).toMatchObject({ published: false, published_at: null, supersedes: null, supersede_reason: null });
		expect(new Date(byHash.get(first)!.superseded_at!)).toEqual(new Date('2026-06-20T02:00:00Z'));
		expect(byHash.get(second)).toMatchObject({ published: false, supersedes: first, supersede_reason: reason });
		expect(new Date(byHash.get(second)!.superseded_at!)).toEqual(new Date('2026-07-02T02:00:00Z'));
		expect(byHash.get(third)).toMatchObject({ superseded_at: null, supersedes: second, supersede_reason: reason });
		expect(byHash.get(alone)).toMatchObject({ superseded_at: null, supersedes: null, supersede_reason: null, published: true });

		// From now on the index keeps one current report per scope and period.
		const again = db.execute(sql`insert into report_snapshots (hash, mall_id, scope_type, scope_id, period_kind, period_value, period_from, period_to,
				received_by, canonical) values (${sha256Hex('x')}, ${mall!.id}, 'mall', ${mall!.id}, 'semester', '2026-S2', '2026-07-01', '2026-12-31', now(), 'x')`);
		await expect(again).rejects.toSatisfy((err: Error & { cause?: Error }) => /report_snapshots_current/.test(`${err.message} ${err.cause?.message ?? ''}`));
	});
});
