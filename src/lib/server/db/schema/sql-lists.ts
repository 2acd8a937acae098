import { sql, type SQL } from 'drizzle-orm';

/** `'a', 'b', 'c'` for a CHECK constraint over a fixed list of codes from the domain. */
export function sqlList(values: readonly string[]): SQL {
	return sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', '));
}
