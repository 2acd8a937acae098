import { inject } from 'vitest';
import { openTestDb, type TestDb } from '../../src/lib/server/db/test-db';

/** A fresh migrated database for one test file (PostgreSQL when TEST_DATABASE_URL is set, else PGlite). */
export function freshDb(): Promise<TestDb> {
	return openTestDb({ pgliteTemplate: process.env.TEST_DATABASE_URL ? undefined : inject('pgliteTemplate') });
}
