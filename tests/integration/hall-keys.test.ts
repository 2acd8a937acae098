/**
 * The path to distributing the tenant tables by hall (docs/scaling.md) stays open in the schema: read from the
 * catalogue of the migrated database, every table holding a hall's data has mall_id in its primary key (first), every
 * unique key of it includes mall_id, and every foreign key between two such tables matches mall_id to mall_id — so
 * Citus can shard them by mall_id with each hall's rows, keys and references on one node. The tables shared by the
 * whole installation are listed below, each with why; a new table is either a hall's (and keyed so) or listed here.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { freshDb } from './db';

/** Installation-wide tables (Citus reference tables: small, copied to every node), and why each is one. */
const REFERENCE_TABLES: Record<string, string> = {
	malls: 'the halls themselves: their id is the distribution key of every other table',
	agency_kinds: 'the national catalogue of agency kinds, shared by every hall',
	instruments: 'questionnaire versions (the standard SKM), shared by every hall',
	instrument_items: "an instrument version's items",
	instrument_reasons: "an instrument version's low-score reasons",
	users: 'accounts: operators and evaluators of a region belong to no hall (mall_id null)',
	sessions: "an account's sign-ins",
	password_resets: "an account's reset links",
	api_tokens: 'tokens, some installation-wide or for a region (mall_id null)',
	setup_tokens: 'the installation token that creates the first hall',
	rate_limits: 'sign-in and request limits by address or account, before any hall is known',
	audit_log: "who changed what, including an operator's changes to halls (mall_id null)",
	job_leases: "the scheduler's leases, one per job for the installation"
};

/**
 * Tables keyed by a unique index instead of a primary key (a key column may be null: imported responses have no
 * counter): the rollups. Their unique indexes are held to the same rule.
 */
const KEYED_BY_UNIQUE_INDEX = /^rollup_/;

/**
 * Unique keys on a hall's table without mall_id, and why they may stay: each is the hash of a 256-bit secret looked
 * up before the hall is known (a tablet's token, a ticket's code). Under Citus they become unique per hall with the
 * hall carried in the token (docs/scaling.md); a collision across halls is as likely as guessing the secret.
 */
const GLOBAL_SECRET_KEYS = new Set(['devices_token_hash_unique', 'tickets_code_hash_unique']);

interface TableKeys {
	table: string;
	hasMallId: boolean;
	mallIdNullable: boolean;
	primaryKey: string[] | null;
	uniques: { name: string; columns: string[] }[];
	references: { name: string; columns: string[]; target: string; targetColumns: string[] }[];
}

async function readKeys(db: TestDb['db']): Promise<TableKeys[]> {
	const rows = rowsOf<{ table: string; has_mall_id: boolean; mall_id_nullable: boolean | null; primary_key: string[] | null; uniques: TableKeys['uniques'] | null; refs: TableKeys['references'] | null }>(
		await db.execute(sql`
			with cols as (
				select a.attrelid, a.attnum, a.attname::text as name, not a.attnotnull as nullable from pg_attribute a where a.attnum > 0 and not a.attisdropped
			)
			select c.relname::text as table,
				exists (select 1 from cols where cols.attrelid = c.oid and cols.name = 'mall_id') as has_mall_id,
				(select nullable from cols where cols.attrelid = c.oid and cols.name = 'mall_id') as mall_id_nullable,
				(select array_agg(k.name order by u.ord) from pg_constraint p
					cross join lateral unnest(p.conkey) with ordinality u(attnum, ord) join cols k on k.attrelid = p.conrelid and k.attnum = u.attnum
					where p.conrelid = c.oid and p.contype = 'p') as primary_key,
				(select json_agg(json_build_object('name', i.relname, 'columns',
						(select json_agg(k.name order by u.ord) from unnest(x.indkey::int2[]) with ordinality u(attnum, ord) join cols k on k.attrelid = x.indrelid and k.attnum = u.attnum)))
					from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = c.oid and x.indisunique and not x.indisprimary) as uniques,
				(select json_agg(json_build_object('name', p.conname, 'target', p.confrelid::regclass::text,
						'columns', (select json_agg(k.name order by u.ord) from unnest(p.conkey) with ordinality u(attnum, ord) join cols k on k.attrelid = p.conrelid and k.attnum = u.attnum),
						'targetColumns', (select json_agg(k.name order by u.ord) from unnest(p.confkey) with ordinality u(attnum, ord) join cols k on k.attrelid = p.confrelid and k.attnum = u.attnum)))
					from pg_constraint p where p.conrelid = c.oid and p.contype = 'f') as refs
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p')
			order by 1`)
	);
	return rows.map((r) => ({
		table: r.table,
		hasMallId: r.has_mall_id,
		mallIdNullable: r.mall_id_nullable === true,
		primaryKey: r.primary_key,
		uniques: r.uniques ?? [],
		references: r.refs ?? []
	}));
}

/** Every way the schema closes the path to distribution by hall, as sentences naming the table and key. */
function problems(tables: readonly TableKeys[]): string[] {
	const found: string[] = [];
	const isReference = (table: string) => table in REFERENCE_TABLES;
	for (const t of tables) {
		if (isReference(t.table)) {
			for (const ref of t.references) {
				if (!isReference(ref.target)) found.push(`${t.table}: reference table points at the hall table ${ref.target} (${ref.name})`);
			}
			continue;
		}
		if (!t.hasMallId || t.mallIdNullable) {
			found.push(`${t.table}: holds a hall's data but has no mall_id not null (or list it in REFERENCE_TABLES with why)`);
			continue;
		}
		if (t.primaryKey) {
			if (t.primaryKey[0] !== 'mall_id') found.push(`${t.table}: primary key (${t.primaryKey.join(', ')}) does not start with mall_id`);
		} else if (!KEYED_BY_UNIQUE_INDEX.test(t.table) || t.uniques.length === 0) {
			found.push(`${t.table}: has no primary key`);
		}
		for (const unique of t.uniques) {
			if (!unique.columns.includes('mall_id') && !GLOBAL_SECRET_KEYS.has(unique.name)) {
				found.push(`${t.table}: unique key ${unique.name} (${unique.columns.join(', ')}) lacks mall_id`);
			}
		}
		for (const ref of t.references) {
			if (isReference(ref.target)) continue;
			const at = ref.columns.indexOf('mall_id');
			if (at < 0 || ref.targetColumns[at] !== 'mall_id') {
				found.push(`${t.table}: reference ${ref.name} (${ref.columns.join(', ')}) → ${ref.target} (${ref.targetColumns.join(', ')}) does not match mall_id to mall_id`);
			}
		}
	}
	return found;
}

let handle: TestDb;
beforeAll(async () => {
	handle = await freshDb();
});
afterAll(async () => {
	await handle.close();
});

describe('every table holding a hall’s data is keyed by hall', () => {
	it('the migrated schema: mall_id first in each primary key, in each unique key, and matched in each reference between hall tables', async () => {
		const tables = await readKeys(handle.db);
		const names = tables.map((t) => t.table);
		// The lists name tables that exist, and the check covers the whole schema (not an empty read).
		expect(Object.keys(REFERENCE_TABLES).filter((t) => !names.includes(t))).toEqual([]);
		expect(names).toEqual(expect.arrayContaining(['responses', 'agencies', 'counters', 'complaints', 'follow_ups', 'rollup_items_month']));
		expect(tables.filter((t) => !(t.table in REFERENCE_TABLES)).length).toBeGreaterThan(30);
		expect(problems(tables)).toEqual([]);
	});

	it('names what a table keyed by id alone, a unique key without the hall, and a reference that drops the hall would break', async () => {
		await handle.db.execute(sql`create table hall_keys_probe_parent (mall_id int not null, id int not null, primary key (mall_id, id))`);
		await handle.db.execute(sql`create table hall_keys_probe (id int primary key, mall_id int not null, parent_id int, code text unique)`);
		await handle.db.execute(sql`create table hall_keys_probe_child (mall_id int not null, id int not null, probe_parent int not null, primary key (mall_id, id))`);
		await handle.db.execute(sql`alter table hall_keys_probe_parent add constraint hall_keys_probe_parent_id unique (id)`);
		await handle.db.execute(sql`alter table hall_keys_probe_child add constraint hall_keys_probe_child_parent foreign key (probe_parent) references hall_keys_probe_parent (id)`);
		await handle.db.execute(sql`create table hall_keys_probe_shared (id int primary key)`);
		try {
			const found = problems(await readKeys(handle.db));
			expect(found).toEqual(
				expect.arrayContaining([
					'hall_keys_probe: primary key (id) does not start with mall_id',
					'hall_keys_probe: unique key hall_keys_probe_code_key (code) lacks mall_id',
					'hall_keys_probe_parent: unique key hall_keys_probe_parent_id (id) lacks mall_id',
					'hall_keys_probe_child: reference hall_keys_probe_child_parent (probe_parent) → hall_keys_probe_parent (id) does not match mall_id to mall_id',
					"hall_keys_probe_shared: holds a hall's data but has no mall_id not null (or list it in REFERENCE_TABLES with why)"
				])
			);
			expect(found).toHaveLength(5);
		} finally {
			await handle.db.execute(sql`drop table hall_keys_probe_child, hall_keys_probe_parent, hall_keys_probe, hall_keys_probe_shared`);
		}
	});
});
