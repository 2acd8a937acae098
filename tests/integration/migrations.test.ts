/**
 * The drizzle/ migrations build the same schema on embedded PGlite and on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrationCount, applyMigrations, migrationNote, openDb, rowsOf, type Db } from '../../src/lib/server/db/client';
import { freshDb } from './db';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { IPAK_ITEMS, SKM_2017 } from '../../src/lib/domain/instruments';
import { findInstrument, publishInstrument } from '../../src/lib/server/surveys/instruments';
import { instrumentItems, instruments } from '../../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';

const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: { tag: string }[] };
const lastSnapshot = JSON.parse(
	readFileSync(`drizzle/meta/${String(journal.entries.length - 1).padStart(4, '0')}_snapshot.json`, 'utf8')
) as {
	tables: Record<
		string,
		{
			name: string;
			columns: Record<string, { name: string; type: string; notNull: boolean }>;
			checkConstraints: Record<string, { name: string }>;
			foreignKeys: Record<string, { name: string }>;
			indexes: Record<string, { name: string }>;
		}
	>;
};

/** Everything that defines the public schema, as text, in a stable order. */
async function schemaFingerprint(db: Db): Promise<string[]> {
	const columns = rowsOf<{ line: string }>(
		await db.execute(sql`
			select table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' null=' || is_nullable
				|| ' default=' || coalesce(column_default, '') || ' identity=' || is_identity as line
			from information_schema.columns where table_schema = 'public'`)
	);
	const constraints = rowsOf<{ line: string }>(
		await db.execute(sql`
			select c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as line
			from pg_constraint c join pg_namespace n on n.oid = c.connamespace
			where n.nspname = 'public' and c.contype in ('c', 'f', 'p', 'u')`)
	);
	const indexes = rowsOf<{ line: string }>(
		await db.execute(sql`select indexdef as line from pg_indexes where schemaname = 'public'`)
	);
	const triggers = rowsOf<{ line: string }>(
		await db.execute(sql`
			select tgrelid::regclass::text || ' ' || tgname as line from pg_trigger
			where not tgisinternal and tgrelid::regclass::text in ('instruments', 'instrument_items')`)
	);
	return [...columns, ...constraints, ...indexes, ...triggers].map((r) => r.line).sort();
}

let handle: TestDb;
beforeAll(async () => {
	handle = await freshDb();
});
afterAll(async () => {
	await handle?.close();
});

describe(`migrations on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
	it('applies every migration in the journal exactly once', async () => {
		expect(journal.entries.length).toBeGreaterThanOrEqual(2);
		expect(await appliedMigrationCount(handle.db)).toBe(journal.entries.length);
	});

	it('builds every table, column, check, foreign key and index of the schema', async () => {
		const lines = (await schemaFingerprint(handle.db)).join('\n');
		for (const table of Object.values(lastSnapshot.tables)) {
			for (const column of Object.values(table.columns)) {
				expect(lines).toContain(`${table.name}.${column.name} `);
				expect(lines).toMatch(new RegExp(`^${table.name}\\.${column.name} .* null=${column.notNull ? 'NO' : 'YES'} `, 'm'));
			}
			for (const named of [...Object.values(table.checkConstraints), ...Object.values(table.foreignKeys)]) {
				expect(lines).toContain(` ${named.name} `);
			}
			for (const index of Object.values(table.indexes)) expect(lines).toContain(`INDEX ${index.name} `);
		}
		expect(lines).toContain('instrument_items instrument_items_immutable_when_published');
	});

	it('running the migrations again changes nothing', async () => {
		const before = await schemaFingerprint(handle.db);
		expect(await applyMigrations(handle.db, handle.kind)).toBe(0);
		expect(await appliedMigrationCount(handle.db)).toBe(journal.entries.length);
		expect(await schemaFingerprint(handle.db)).toEqual(before);
	});

	it('counts the migrations each start applied: all on an empty database, none on the next start', async () => {
		const empty = await openDb('memory://', { migrate: false });
		try {
			expect(await appliedMigrationCount(empty.db)).toBe(0);
			expect(await applyMigrations(empty.db, empty.kind)).toBe(journal.entries.length);
			expect(await applyMigrations(empty.db, empty.kind)).toBe(0);
		} finally {
			await empty.close();
		}
		// The test database: migrated by its open on PostgreSQL, booted from a migrated template on PGlite.
		expect(handle.migrationsApplied).toBe(process.env.TEST_DATABASE_URL ? journal.entries.length : 0);
		expect(migrationNote(0, 7)).toBe('schema up to date (7 migrations)');
		expect(migrationNote(1, 8)).toBe('1 migration applied now (8 in all)');
		expect(migrationNote(8, 8)).toBe('8 migrations applied now (8 in all)');
	});

	it.runIf(!!process.env.TEST_DATABASE_URL)('builds the same schema as embedded PGlite does', async () => {
		const pglite = await openDb('memory://');
		try {
			// PGlite runs PostgreSQL 18, which also lists NOT NULL as named constraints: compare the rest.
			const notNull = (line: string) => !/ NOT NULL [a-z_]+$/.test(line) && !/_not_null NOT NULL/.test(line);
			expect((await schemaFingerprint(pglite.db)).filter(notNull)).toEqual((await schemaFingerprint(handle.db)).filter(notNull));
		} finally {
			await pglite.close();
		}
	});

	it.runIf(!!process.env.TEST_DATABASE_URL)('lets instances that start together migrate once, one after the other', async () => {
		const opened = await Promise.all([openDb(handle.url), openDb(handle.url), openDb(handle.url)]);
		for (const other of opened) {
			expect(await appliedMigrationCount(other.db)).toBe(journal.entries.length);
			await other.close();
		}
	});
});

describe('a published instrument is immutable', () => {
	it('refuses to change, add or delete its items, or to change or delete it', async () => {
		const { id } = await publishInstrument(handle.db, SKM_2017);
		const refused = async (statement: Promise<unknown>) => {
			const error = await statement.then(
				() => null,
				(e: Error & { cause?: Error }) => e.cause ?? e
			);
			expect(error?.message).toMatch(/published/);
		};
		await refused(handle.db.update(instrumentItems).set({ code: 'X1' }).where(eq(instrumentItems.instrumentId, id)));
		await refused(handle.db.delete(instrumentItems).where(eq(instrumentItems.instrumentId, id)));
		await refused(
			handle.db.insert(instrumentItems).values({
				instrumentId: id,
				position: 10,
				code: 'U10',
				nameId: 'x',
				nameEn: 'x',
				questionId: 'x',
				questionEn: 'x',
				optionsId: ['1', '2', '3', '4'],
				optionsEn: ['1', '2', '3', '4']
			})
		);
		await refused(handle.db.update(instruments).set({ titleEn: 'Changed' }).where(eq(instruments.id, id)));
		await refused(handle.db.delete(instruments).where(eq(instruments.id, id)));
		const items = await handle.db.select().from(instrumentItems).where(eq(instrumentItems.instrumentId, id));
		expect(items.map((i) => i.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
		expect(items[0]!.optionsId).toEqual(['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai']);
	});

	it('lets a draft be edited, and republishing the same definition is a no-op', async () => {
		const [draft] = await handle.db
			.insert(instruments)
			.values({ code: 'draft-test', version: 1, titleId: 'Uji', titleEn: 'Test', feedsIkm: false })
			.returning();
		await handle.db.update(instruments).set({ titleEn: 'Edited' }).where(eq(instruments.id, draft!.id));
		const [edited] = await handle.db.select().from(instruments).where(eq(instruments.id, draft!.id));
		expect(edited!.titleEn).toBe('Edited');
		const again = await publishInstrument(handle.db, SKM_2017);
		expect(again.codes).toHaveLength(9);
	});

	it('refuses to republish a changed definition under the same version', async () => {
		const changed = { ...SKM_2017, items: SKM_2017.items.slice(0, 8) };
		await expect(publishInstrument(handle.db, changed)).rejects.toThrow(/publish the change as a new version/);
	});

	it('refuses a new IKM instrument that does not ask the nine unsur first', async () => {
		const ipakFirst = { ...SKM_2017, code: 'ipak-first', items: [...IPAK_ITEMS, ...SKM_2017.items] };
		await expect(publishInstrument(handle.db, ipakFirst)).rejects.toThrow(/must ask the nine unsur first/);
		expect(await findInstrument(handle.db, 'ipak-first', 1)).toBeNull();
	});
});
