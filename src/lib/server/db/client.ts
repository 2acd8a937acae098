/**
 * The one place that creates a database client: postgres.js for a postgres:// URL, otherwise embedded PGlite
 * (in ./data/pglite, or in memory for `memory://`). Both get the same drizzle/ migrations.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { parseSmallintArray, serializeSmallintArray } from './schema/answer-array';

const SMALLINT_ARRAY_OID = 1005;

/** The common base of both drivers' drizzle instances. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'postgres' | 'pglite';

export interface DbHandle {
	db: Db;
	kind: DbKind;
	/** How many migrations this open applied (0: the schema was up to date, or `migrate: false`). */
	migrationsApplied: number;
	close: () => Promise<void>;
}

export interface OpenDbOptions {
	/** Apply the migrations in `migrationsFolder` before returning (default true). */
	migrate?: boolean;
	migrationsFolder?: string;
	/** Where PGlite keeps its files when the URL is not `memory://`. */
	pgliteDir?: string;
	/** A PGlite data-dir dump to boot from (tests: a migrated template boots in a fraction of initdb's time). */
	pgliteLoadDataDir?: Blob;
	/** postgres.js pool size. */
	poolMax?: number;
	/** Seconds postgres.js waits for a new connection before giving up (default 3). */
	connectTimeoutSeconds?: number;
}

const DEFAULT_PGLITE_DIR = './data/pglite';

/** The PostgreSQL address of each postgres.js database, for COPY streams on a connection of their own. */
const copyUrls = new WeakMap<Db, string>();

/** Any number while migrations run: instances starting together on one PostgreSQL wait for each other. */
const MIGRATION_LOCK_KEY = 7_461_736_101;

export function isPostgresUrl(url: string | undefined): url is string {
	return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** Open the database at `url` (postgres://…, memory://, or undefined for PGlite on disk) and migrate it. */
export async function openDb(url: string | undefined, options: OpenDbOptions = {}): Promise<DbHandle> {
	const migrationsFolder = options.migrationsFolder ?? resolve(process.cwd(), 'drizzle');
	if (isPostgresUrl(url)) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		// A short connect timeout: while PostgreSQL restarts, a request fails within seconds (answered 503) instead of
		// hanging for postgres.js's default 30 s; the pool reconnects by itself when the server is back.
		const client = postgres(url, { max: options.poolMax ?? 10, onnotice: () => {}, connect_timeout: options.connectTimeoutSeconds ?? 3 });
		// postgres.js parses the NULL elements of a smallint[] (skipped answers) as NaN: read and write the text form.
		client.options.parsers[SMALLINT_ARRAY_OID] = parseSmallintArray;
		client.options.serializers[SMALLINT_ARRAY_OID] = serializeSmallintArray;
		const db = drizzle({ client, schema });
		copyUrls.set(db as unknown as Db, url);
		const migrationsApplied = options.migrate === false ? 0 : await applyMigrations(db as unknown as Db, 'postgres', migrationsFolder);
		return { db: db as unknown as Db, kind: 'postgres', migrationsApplied, close: () => client.end({ timeout: 5 }) };
	}

	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	let dataDir: string | undefined;
	if (url !== 'memory://') {
		dataDir = resolve(options.pgliteDir ?? DEFAULT_PGLITE_DIR);
		mkdirSync(dataDir, { recursive: true });
	}
	const client = await PGlite.create(dataDir, options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {});
	const db = drizzle({ client, schema });
	const migrationsApplied = options.migrate === false ? 0 : await applyMigrations(db as unknown as Db, 'pglite', migrationsFolder);
	return { db: db as unknown as Db, kind: 'pglite', migrationsApplied, close: () => client.close() };
}

/**
 * Run `work` while holding the installation's start-up lock: on PostgreSQL a session-level advisory lock on a reserved
 * connection (a transaction-level one cannot span drizzle's migrator), so instances starting together on one database
 * migrate and write their start-up rows one after the other; `work` itself uses the pool as usual. PGlite is one
 * process: it just runs `work`.
 */
export async function withStartupLock<T>(db: Db, kind: DbKind, work: () => Promise<T>): Promise<T> {
	if (kind === 'pglite') return work();
	const client = (db as unknown as { $client: import('postgres').Sql }).$client;
	const lock = await client.reserve();
	try {
		await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
		return await work();
	} finally {
		await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
		lock.release();
	}
}

/**
 * Apply the pending migrations of `migrationsFolder` (a no-op when all are applied), under the start-up lock.
 * Returns how many it applied: counted under the lock, so of instances starting together only the one that migrated
 * reports them.
 */
export async function applyMigrations(db: Db, kind: DbKind, migrationsFolder = resolve(process.cwd(), 'drizzle')): Promise<number> {
	if (kind === 'pglite') {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		const before = await appliedMigrationCount(db);
		await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder });
		return (await appliedMigrationCount(db)) - before;
	}
	const { migrate } = await import('drizzle-orm/postgres-js/migrator');
	return withStartupLock(db, kind, async () => {
		const before = await appliedMigrationCount(db);
		await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder });
		return (await appliedMigrationCount(db)) - before;
	});
}

const dialect = new PgDialect();

/**
 * Run raw SQL as a prepared statement on PostgreSQL (drizzle's `db.execute` never prepares, so a large statement on
 * a hot path would be parsed and planned on every call); PGlite runs it as `db.execute` does. Returns the rows.
 */
export async function executePrepared<T>(db: Db, query: SQL): Promise<T[]> {
	// A transaction has no $client: its statements must run on the transaction's connection (db.execute).
	const client = (db as unknown as { $client?: unknown }).$client;
	if (client && typeof (client as { reserve?: unknown }).reserve === 'function') {
		const { sql: text, params } = dialect.sqlToQuery(query);
		return (await (client as import('postgres').Sql).unsafe(text, params as never[], { prepare: true })) as unknown as T[];
	}
	return rowsOf<T>(await db.execute(query));
}

/** Rows of a raw `db.execute`, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Number of applied migrations, as recorded by drizzle's migrator (0 before its first run made the table). */
export async function appliedMigrationCount(db: Db): Promise<number> {
	const [table] = rowsOf<{ name: string | null }>(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`));
	if (!table?.name) return 0;
	const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
	return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/** The start-up line about the schema: what this start applied, or that there was nothing to apply. */
export function migrationNote(applied: number, total: number): string {
	if (applied === 0) return `schema up to date (${total} migrations)`;
	return `${applied} ${applied === 1 ? 'migration' : 'migrations'} applied now (${total} in all)`;
}

/** A value as an SQL literal: numbers bare, everything else a quoted string (standard_conforming_strings is on). */
function literal(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * Stream `COPY (<query>) TO STDOUT WITH (<options>)` as a Node readable of bytes — PostgreSQL writes the rows at C
 * speed and the stream carries backpressure, so memory stays flat for any number of rows. COPY takes no bind
 * parameters: the query's parameters are inlined as escaped literals. Null on PGlite (the caller pages instead).
 */
export async function copyOut(db: Db, query: SQL, options: string): Promise<import('node:stream').Readable | null> {
	const url = copyUrls.get(db);
	if (!url) return null;
	const { sql: text, params } = dialect.sqlToQuery(query);
	const inlined = text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
	// A connection of its own, closed when the stream closes: postgres.js pauses the socket of a COPY whose reader
	// falls behind, and a pool connection handed back paused would hang the next query sent on it.
	const { default: postgres } = await import('postgres');
	const own = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const stream = await own.unsafe(`copy (${inlined}) to stdout with (${options})`).readable();
		stream.once('close', () => void own.end({ timeout: 1 }));
		return stream;
	} catch (error) {
		await own.end({ timeout: 1 });
		throw error;
	}
}
