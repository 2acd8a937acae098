import type { DbKind } from '../db/client';

/**
 * Whether to seed the demo into an empty database: PUAS_DEMO=0 never, PUAS_DEMO=1 on any database, unset only on
 * embedded PGlite (trying Puas out), so a fresh production PostgreSQL never receives demo data by accident.
 */
export function shouldSeedDemo(setting: string | undefined, kind: DbKind): boolean {
	if (setting === '0') return false;
	if (setting === '1') return true;
	return kind === 'pglite';
}
