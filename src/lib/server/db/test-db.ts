/**
 * Fresh databases for tests: a new PostgreSQL database per call when TEST_DATABASE_URL is set, otherwise an
 * in-memory PGlite booted from a migrated template. Either way the real migrations are applied, and no two
 * test files (or runs) ever share a database.
 */
import { readFileSync } from 'node:fs';
import { openDb, type DbHandle } from './client';

export interface TestDb extends DbHandle {
	/** The URL the handle was opened with (a PostgreSQL URL, or memory://). */
	url: string;
}

/** A unique database name for this process. */
function freshName(): string {
	return `puas_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Open a fresh test database, migrated unless `migrate` is false (PostgreSQL only); `close()` removes it. */
export async function openTestDb(options: { pgliteTemplate?: string; migrate?: boolean } = {}): Promise<TestDb> {
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (adminUrl) {
		const { default: postgres } = await import('postgres');
		const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
		const name = freshName();
		await admin.unsafe(`create database "${name}"`);
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		const handle = await openDb(url.toString(), { poolMax: 20, migrate: options.migrate });
		return {
			...handle,
			url: url.toString(),
			close: async () => {
				await handle.close();
				await admin.unsafe(`drop database if exists "${name}" with (force)`);
				await admin.end();
			}
		};
	}
	const template = options.pgliteTemplate ? new Blob([readFileSync(options.pgliteTemplate)]) : undefined;
	const handle = await openDb('memory://', { pgliteLoadDataDir: template });
	return { ...handle, url: 'memory://' };
}
