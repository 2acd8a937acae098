/**
 * The Laporan SKM's respondent profile (reports/queries.ts profileCounts) on a database kept by `npm run bench -- --keep`:
 * a year of a mall and of an agency from the monthly profile rollups, the same raw (as a finalized report's cut-off reads
 * it), and a period with days at either end (whole months from the rollups, the edges raw); checks both give the same
 * counts. Mall 1, agency 4, the year 2025, in the mall's own zone.
 *
 *   tsx bench/profile-counts.ts postgres://postgres@127.0.0.1:5432/puas_bench_10000000
 */
import { openDb, rowsOf } from '../src/lib/server/db/client';
import { sql } from 'drizzle-orm';
import { profileCounts } from '../src/lib/server/reports/queries';
const url = process.argv[2];
if (!url?.startsWith('postgres')) {
	console.error('usage: tsx bench/profile-counts.ts postgres://…/puas_bench_<rows>');
	process.exit(2);
}
const { db, close } = await openDb(url, { poolMax: 4 });
const [mall] = rowsOf<{ time_zone: string }>(await db.execute(sql`select time_zone from malls where id = 1`));
const range = { mallId: 1, timeZone: mall!.time_zone, from: '2025-01-01', to: '2025-12-31', receivedBy: null };
const time = async (name: string, f: () => Promise<unknown>) => {
	const ts: number[] = [];
	for (let i = 0; i < 7; i++) { const t = performance.now(); await f(); ts.push(performance.now() - t); }
	ts.sort((a, b) => a - b);
	console.log(name.padEnd(34), 'p50', ts[3]!.toFixed(1), 'ms');
};
for (const scope of [{ type: 'mall' as const, id: 1 }, { type: 'agency' as const, id: 4 }]) {
	await time(`${scope.type}-year rollups`, () => profileCounts(db, scope, range));
	await time(`${scope.type}-year raw (cut-off)`, () => profileCounts(db, scope, { ...range, receivedBy: new Date('2030-01-01') }));
	await time(`${scope.type} 2025-01-15..2025-12-20 (edges raw)`, () => profileCounts(db, scope, { ...range, from: '2025-01-15', to: '2025-12-20' }));
}
const a = await profileCounts(db, { type: 'mall', id: 1 }, range);
const b = await profileCounts(db, { type: 'mall', id: 1 }, { ...range, receivedBy: new Date('2030-01-01') });
const key = (x: typeof a) => JSON.stringify([...x].sort((p, q) => `${p.field}${p.value}`.localeCompare(`${q.field}${q.value}`)));
const same = key(a) === key(b);
console.log(same ? 'rollups and raw responses give the same counts' : 'MISMATCH between rollups and raw responses');
if (!same) process.exitCode = 1;
await close();
