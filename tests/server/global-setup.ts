/**
 * Builds the app when its sources changed since the last build, once for the whole server suite (skipped without
 * TEST_DATABASE_URL: the suite needs PostgreSQL).
 */
export default async function setup() {
	if (!process.env.TEST_DATABASE_URL) return;
	const { buildIfStale } = await import('../../scripts/build-if-stale.js');
	buildIfStale();
}
