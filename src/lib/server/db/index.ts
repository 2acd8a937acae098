/**
 * The app's database: opened once per process from DATABASE_URL (PostgreSQL), or embedded PGlite when unset.
 */
import { env } from '$env/dynamic/private';
import { openDb, type DbHandle } from './client';

let handle: Promise<DbHandle> | undefined;

/** The process's database handle, migrated on first use (the server's `init` hook opens it before listening). */
export function getDatabase(): Promise<DbHandle> {
	handle ??= openDb(env.DATABASE_URL || undefined, {
		pgliteDir: env.PGLITE_DIR || undefined,
		poolMax: env.PG_POOL_MAX ? Number(env.PG_POOL_MAX) : undefined,
		migrationsFolder: env.MIGRATIONS_DIR || undefined
	});
	return handle;
}

/** The drizzle instance for queries. */
export async function getDb() {
	return (await getDatabase()).db;
}
