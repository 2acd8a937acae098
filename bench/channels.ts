/**
 * The channel breakdown and the channel filter on the Kupang demo (~100 000 responses): milliseconds of the reads
 * they add (rollups kept per channel; waiting times from ticket responses), against the indicators of the same scope
 * and period in the same run (the baseline).
 *
 *   npm run bench:channels                      PGlite in memory
 *   DATABASE_URL=postgres://… npm run bench:channels   a fresh PostgreSQL database beside that URL's
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { parsePeriod, type ReportPeriod } from '../src/lib/domain/report-period';
import type { ScopeFilter } from '../src/lib/domain/scope';
import { openDb, rowsOf, type Db } from '../src/lib/server/db/client';
import { seedDemoIfEmpty } from '../src/lib/server/demo/seed';
import { seedDemoTickets } from '../src/lib/server/demo/tickets';
import { channelBreakdown, waitingTimes } from '../src/lib/server/indicators/channels';
import { loadDashboard } from '../src/lib/server/indicators/dashboard';
import { computeIndicators } from '../src/lib/server/indicators/indicators';

const RUNS = 10;

async function median(run: () => Promise<unknown>): Promise<number> {
	await run(); // warm-up (plans, caches)
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		await run();
		times.push(performance.now() - started);
	}
	return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function measure(target: string, db: Db) {
	const seeded = await seedDemoIfEmpty(db, new Date());
	// The demo's one mall.
	const row = rowsOf<{ id: number; time_zone: string }>(await db.execute(sql`select id, time_zone from malls order by id limit 1`))[0]!;
	const tickets = await seedDemoTickets(db, row.id, new Date());
	const access = { userId: null, role: 'admin' as const, mallId: row.id, agencyIds: null };
	const scope: ScopeFilter = { type: 'mall', id: row.id };
	const year = String(new Date().getFullYear());
	const period: ReportPeriod = parsePeriod('year', year)!;
	const query = { scope: 'mall' as const, id: row.id, from: period.from, to: period.to, granularity: 'month' as const };
	const baseline = await median(() => computeIndicators(db, query, access));
	const figures = [
		['indicators (baseline)', baseline],
		['channel breakdown (rollups by channel)', await median(() => channelBreakdown(db, scope, period))],
		['waiting times (ticket responses)', await median(() => waitingTimes(db, scope, period, row.time_zone))],
		['indicators with breakdown', await median(() => computeIndicators(db, { ...query, breakdown: true }, access))],
		['indicators filtered to kiosk', await median(() => computeIndicators(db, { ...query, channel: 'kiosk' }, access))],
		['dashboard, all channels', await median(() => loadDashboard(db, access, scope, period))],
		['dashboard, kiosk only', await median(() => loadDashboard(db, access, scope, period, 'kiosk'))]
	] as const;
	console.log(`\n${target}: demo of ${seeded.responses} responses (${tickets} with tickets), mall-year ${year}, median of ${RUNS} runs`);
	console.log('read | ms | × baseline');
	for (const [name, ms] of figures) console.log(`${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(1)}×`);
}

const memory = await openDb('memory://');
await measure('PGlite in memory', memory.db);
await memory.close();

if (process.env.DATABASE_URL) {
	const name = 'puas_bench_channels';
	const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${name}`);
	await admin.unsafe(`create database ${name}`);
	const pg = await openDb(Object.assign(new URL(process.env.DATABASE_URL), { pathname: `/${name}` }).toString());
	await measure('PostgreSQL', pg.db);
	await pg.close();
	await admin.unsafe(`drop database if exists ${name}`);
	await admin.end();
}
