/**
 * A database migrated up to (not including) one migration, for tests that store rows as the code before it did and
 * then apply the rest: PostgreSQL when TEST_DATABASE_URL is set, else an in-memory PGlite.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { applyMigrations, openDb, type DbHandle } from '../../src/lib/server/db/client';
import { openTestDb } from '../../src/lib/server/db/test-db';

const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: { idx: number; tag: string }[] };

export interface MigratedDb {
	handle: DbHandle;
	/** Migrations applied so far (those before `prefix`). */
	applied: number;
	/** Migrations in the repository in all. */
	total: number;
	close: () => Promise<void>;
}

/** Open a database with every migration before the one whose tag starts with `prefix` (e.g. "0013_") applied. */
async function migratedUpTo(prefix: string): Promise<MigratedDb> {
	const upTo = journal.entries.findIndex((e) => e.tag.startsWith(prefix));
	if (upTo < 0) throw new Error(`no migration ${prefix}`);
	const folder = mkdtempSync(join(tmpdir(), 'puas-migrations-'));
	mkdirSync(join(folder, 'meta'));
	for (const { tag } of journal.entries.slice(0, upTo)) copyFileSync(`drizzle/${tag}.sql`, join(folder, `${tag}.sql`));
	writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
	const handle = process.env.TEST_DATABASE_URL ? await openTestDb({ migrate: false }) : await openDb('memory://', { migrate: false });
	const applied = await applyMigrations(handle.db, handle.kind, folder);
	return {
		handle,
		applied,
		total: journal.entries.length,
		close: async () => {
			await handle.close();
			rmSync(folder, { recursive: true, force: true });
		}
	};
}

/**
 * The suite's database migrated up to `prefix`, opened before its tests and closed after them: call at the top of a
 * test file and read `.current` inside the tests.
 */
export function useMigratedUpTo(prefix: string): { current: MigratedDb } {
	const holder = {} as { current: MigratedDb };
	beforeAll(async () => {
		holder.current = await migratedUpTo(prefix);
		expect(holder.current.applied).toBeGreaterThan(0);
	});
	afterAll(async () => {
		await holder.current?.close();
	});
	return holder;
}
