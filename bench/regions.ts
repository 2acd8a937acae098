/**
 * npm run bench:regions — indicators across halls (issue 18) on a real PostgreSQL (DATABASE_URL), against the built app.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:regions -- \
 *     [--halls 500] [--provinces 38] [--rows 50000000] [--years 3] [--requests 100 | --seconds 20] [--keep] [--reuse] [--port 4189]
 *
 * 1. creates `--halls` halls in `--provinces` provinces (real province and kabupaten/kota codes, each hall in its
 *    province's zone), each with a Dukcapil and two to five other agencies of the national catalogue, and COPYs
 *    `--rows` synthetic responses into a fresh database beside DATABASE_URL's: unevenly over the halls (Zipf: some big
 *    halls, many small; a quarter of the halls open during the period), over `--years` calendar years ending with the
 *    last full one (growing a little each year, with months and weekdays weighted), inside each hall's opening hours
 *    in its own zone. Then it builds the rollups.
 * 2. against `node build` with an installation-wide admin token (ADMIN_API_TOKEN), times GET /api/v1/indicators for
 *    the nation ranking (every hall, the last year, by month), a province ranking (the province with the most halls,
 *    its second quarter, by week), and an agency-kind ranking across the nation (dukcapil, the last year, by month);
 *    the pooled national IKM is the nation call's `ikm` and `unsur`.
 * 3. beside each, the naive GROUP BY over the raw answers of the same halls and period, in each hall's local dates;
 *    it must give the same Σ and n per unsur, the same respondents and the same IKM as the endpoint (else it fails).
 * Prints a table and writes bench/results/regions-<rows>.json.
 *
 * `--keep` keeps the database `puas_bench_regions_<rows>` (with `_<port>` on another port than 4189); `--reuse` reads
 * one kept before instead of loading again (its halls, provinces and years are those of the load, kept as the
 * database's comment).
 */
import { cpus, totalmem } from 'node:os';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { STANDARD_AGENCY_KINDS } from '../src/lib/domain/agency-kinds';
import { SKM_2017, SKM_CODES } from '../src/lib/domain/instruments';
import { listProvinces, listRegencies, type Province } from '../src/lib/domain/regions';
import { ikmOfTallies } from '../src/lib/domain/skm';
import { openDb } from '../src/lib/server/db/client';
import { agencies, counters, malls, services } from '../src/lib/server/db/schema';
import { rebuildRollups } from '../src/lib/server/rollups/rebuild';
import { publishStandardInstruments } from '../src/lib/server/surveys/instruments';
import { getJson, loop, startServer, stopServer, timeRuns } from './lib/harness';
import { copyInto, mulberry32, responseCopyLine } from './lib/synthetic';

const { values: args } = parseArgs({
	options: {
		halls: { type: 'string', default: '500' },
		provinces: { type: 'string', default: '38' },
		rows: { type: 'string', default: '50000000' },
		years: { type: 'string', default: '3' },
		requests: { type: 'string', default: '100' },
		seconds: { type: 'string' },
		'naive-runs': { type: 'string', default: '3' },
		keep: { type: 'boolean', default: false },
		reuse: { type: 'boolean', default: false },
		port: { type: 'string', default: '4189' }
	}
});
const ROWS = Number(args.rows);
const PORT = Number(args.port);
const REQUESTS = Number(args.requests);
const SECONDS = args.seconds === undefined ? undefined : Number(args.seconds);
const NAIVE_RUNS = Number(args['naive-runs']);
const WARMUP = 20;
const POOL = 10;
/** The last full calendar year of data: the timed year. */
const LAST_YEAR = 2025;
const ADMIN = `bench-admin-${Date.now()}-${crypto.randomUUID()}`;

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl?.startsWith('postgres')) {
	console.error('npm run bench:regions needs DATABASE_URL=postgres://… (a PostgreSQL where it may create a database)');
	process.exit(2);
}
if (!existsSync('build/index.js')) {
	console.error('npm run bench:regions needs the built app (build/index.js): run npm run build first');
	process.exit(2);
}
const dbName = `puas_bench_regions_${ROWS}${PORT === 4189 ? '' : `_${PORT}`}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const log = (message: string) => console.log(`[bench:regions] ${message}`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface LoadSettings {
	halls: number;
	provinces: number;
	years: number;
}

// ── 1. data ─────────────────────────────────────────────────────────────────────────────────────────────────────
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const [kept] = args.reuse
	? await admin<{ comment: string | null }[]>`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${dbName}`
	: [];
const reuse = kept !== undefined;
let settings: LoadSettings = { halls: Number(args.halls), provinces: Number(args.provinces), years: Number(args.years) };
if (reuse) {
	settings = kept.comment ? (JSON.parse(kept.comment) as LoadSettings) : settings;
} else {
	await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
	await admin.unsafe(`create database "${dbName}"`);
	await admin.unsafe(`comment on database "${dbName}" is '${JSON.stringify(settings)}'`);
}
const FIRST_YEAR = LAST_YEAR - settings.years + 1;
const { db, close } = await openDb(url, { poolMax: 4 });
const skm = (await publishStandardInstruments(db)).get(SKM_2017.code)!;

interface BenchHall {
	id: number;
	offsetHours: number;
	/** Share of the responses (before the days it is closed). */
	weight: number;
	/** Index of the first day (from FIRST_YEAR-01-01) it takes responses. */
	openDay: number;
}
interface BenchCounter {
	id: number;
	mallId: number;
	agencyId: number;
	serviceId: number;
	hall: number;
	/** Share of the responses: its hall's weight split over its counters (a Dukcapil counter counts 1.5). */
	weight: number;
}

const OFFSET_HOURS: Record<string, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };
const DAY_MS = 86_400_000;
const firstDayMs = Date.UTC(FIRST_YEAR, 0, 1);
const dayCount = (Date.UTC(LAST_YEAR + 1, 0, 1) - firstDayMs) / DAY_MS;

/** Insert in chunks (one statement per chunk stays far below PostgreSQL's 65 535 parameters). */
async function inChunks<T, R>(rows: T[], insert: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
	const out: R[] = [];
	for (let i = 0; i < rows.length; i += 1000) out.push(...(await insert(rows.slice(i, i + 1000))));
	return out;
}

/** The halls, their agencies (a Dukcapil and 2–5 others), one service and one or two counters per agency. */
async function createHalls(): Promise<{ halls: BenchHall[]; counters: BenchCounter[] }> {
	const random = mulberry32(18);
	const all = listProvinces();
	const chosen: Province[] = Array.from({ length: Math.min(settings.provinces, all.length) }, (_, i) => all[Math.floor((i * all.length) / settings.provinces)]!);
	const regenciesOf = new Map(chosen.map((p) => [p.code, listRegencies().filter((r) => r.province.code === p.code)]));
	const hallRows = Array.from({ length: settings.halls }, (_, h) => {
		const province = chosen[h % chosen.length]!;
		const regencies = regenciesOf.get(province.code)!;
		const nth = Math.floor(h / chosen.length);
		const regency = regencies[nth % regencies.length]!;
		const suffix = nth >= regencies.length ? ` ${Math.floor(nth / regencies.length) + 1}` : '';
		return {
			slug: `mpp-${regency.code.replace('.', '-')}-${h + 1}`,
			name: `MPP ${regency.name}${suffix}`,
			city: regency.name,
			regionCode: regency.code,
			timeZone: province.timeZone
		};
	});
	const inserted = await inChunks(hallRows, (chunk) => db.insert(malls).values(chunk).returning({ id: malls.id, timeZone: malls.timeZone }));
	// Sizes: Zipf over a shuffled ranking (so big halls fall in any province); a quarter open during the first 60 %.
	const rank = shuffled(inserted.map((_, i) => i), random);
	const halls: BenchHall[] = inserted.map((m, i) => ({
		id: m.id,
		offsetHours: OFFSET_HOURS[m.timeZone]!,
		weight: 1 / (rank[i]! + 1) ** 0.8,
		openDay: random() < 0.25 ? Math.floor(random() * dayCount * 0.6) : 0
	}));
	const dukcapil = STANDARD_AGENCY_KINDS.find((k) => k.code === 'dukcapil')!;
	const others = STANDARD_AGENCY_KINDS.filter((k) => k !== dukcapil);
	const agencyRows = halls.flatMap((hall, h) => {
		const picked = shuffled(others, random).slice(0, 2 + Math.floor(random() * 4));
		return [dukcapil, ...picked].map((kind) => ({ mallId: hall.id, code: kind.code.toUpperCase(), name: kind.nameId, kindCode: kind.code, hall: h }));
	});
	const agencyIds = await inChunks(agencyRows, (chunk) =>
		db.insert(agencies).values(chunk.map(({ hall: _, ...row }) => row)).returning({ id: agencies.id })
	);
	const serviceIds = await inChunks(
		agencyRows.map((a, i) => ({ mallId: a.mallId, agencyId: agencyIds[i]!.id, code: `${a.code}-1`, name: `Layanan ${a.name}`, isFree: true })),
		(chunk) => db.insert(services).values(chunk).returning({ id: services.id })
	);
	// Dukcapil: two counters and three times the share of any other agency of its hall.
	const counterRows = agencyRows.flatMap((a, i) =>
		Array.from({ length: a.kindCode === 'dukcapil' ? 2 : 1 }, (_, c) => ({
			mallId: a.mallId,
			agencyId: agencyIds[i]!.id,
			serviceId: serviceIds[i]!.id,
			code: `${a.code}-${c + 1}`,
			name: `Loket ${a.code} ${c + 1}`,
			instrumentId: skm.id,
			minIntervalSeconds: 0,
			hall: a.hall,
			share: a.kindCode === 'dukcapil' ? 1.5 : 1
		}))
	);
	const counterIds = await inChunks(counterRows, (chunk) =>
		db.insert(counters).values(chunk.map(({ hall: _, share: __, ...row }) => row)).returning({ id: counters.id })
	);
	const shareOfHall = new Map<number, number>();
	for (const c of counterRows) shareOfHall.set(c.hall, (shareOfHall.get(c.hall) ?? 0) + c.share);
	const benchCounters = counterRows.map((c, i): BenchCounter => ({
		id: counterIds[i]!.id,
		mallId: c.mallId,
		agencyId: c.agencyId,
		serviceId: c.serviceId,
		hall: c.hall,
		weight: (halls[c.hall]!.weight * c.share) / shareOfHall.get(c.hall)!
	}));
	return { halls, counters: benchCounters };
}

/** A copy of `items` in a seeded random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

const MONTH_FACTOR = [0.8, 0.9, 1, 1, 1.05, 1.1, 1.15, 1.1, 1, 1, 0.95, 0.85];
/** Mon–Fri full, Saturday a third, Sunday almost closed. */
const WEEKDAY_FACTOR = [0.05, 1, 1, 1, 1, 1, 0.3];

/**
 * COPY `ROWS` responses, day by day in time order (time-ordered v7 ids), each inside its hall's opening hours
 * (08:00–16:00 local). Foreign-key triggers are skipped for this session (session_replication_role = replica; only
 * ids just created are used), the CHECK constraints still run. Returns rows per second.
 */
async function copyRegionResponses(halls: BenchHall[], benchCounters: BenchCounter[]): Promise<number> {
	const random = mulberry32(2026);
	const cumulative = new Float64Array(benchCounters.length);
	benchCounters.reduce((sum, c, i) => (cumulative[i] = sum + c.weight), 0);
	const totalWeight = cumulative[cumulative.length - 1]!;
	const pick = () => {
		const target = random() * totalWeight;
		let lo = 0;
		let hi = cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid]! < target) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	};
	const dayWeight = Array.from({ length: dayCount }, (_, d) => {
		const date = new Date(firstDayMs + d * DAY_MS);
		return MONTH_FACTOR[date.getUTCMonth()]! * WEEKDAY_FACTOR[date.getUTCDay()]! * (1 + 0.15 * (date.getUTCFullYear() - FIRST_YEAR));
	});
	const dayTotal = dayWeight.reduce((a, b) => a + b, 0);

	const seconds = await copyInto(url, async (push) => {
		let cumulativeDay = 0;
		let written = 0;
		for (let d = 0; d < dayCount; d++) {
			cumulativeDay += dayWeight[d]!;
			const upTo = d === dayCount - 1 ? ROWS : Math.round((cumulativeDay / dayTotal) * ROWS);
			const n = upTo - written;
			written = upTo;
			const at = new Float64Array(n);
			const who = new Int32Array(n);
			for (let k = 0; k < n; k++) {
				let c = pick();
				for (let tries = 0; tries < 50 && halls[benchCounters[c]!.hall]!.openDay > d; tries++) c = pick();
				const hall = halls[benchCounters[c]!.hall]!;
				who[k] = c;
				at[k] = firstDayMs + d * DAY_MS - hall.offsetHours * 3_600_000 + 8 * 3_600_000 + Math.floor(random() * 8 * 3_600_000);
			}
			const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => at[a]! - at[b]!);
			for (const k of order) await push(responseCopyLine(random, benchCounters[who[k]!]!, skm.id, at[k]!));
		}
	});
	return ROWS / seconds;
}

let load = { rowsPerSecond: Number.NaN, seconds: Number.NaN, rollupRebuildSeconds: Number.NaN, rollupItemRows: Number.NaN, rollupCountRows: Number.NaN, rollupHeatRows: Number.NaN };
if (reuse) {
	log(`reusing ${dbName} (${settings.halls} halls, ${settings.provinces} provinces, ${settings.years} years)`);
} else {
	const t0 = performance.now();
	const { halls, counters: benchCounters } = await createHalls();
	log(`${halls.length} halls in ${settings.provinces} provinces, ${benchCounters.length} counters (${fmt((performance.now() - t0) / 1000, 1)} s); loading ${fmt(ROWS)} responses over ${FIRST_YEAR}–${LAST_YEAR} with COPY …`);
	const t1 = performance.now();
	const rowsPerSecond = await copyRegionResponses(halls, benchCounters);
	const seconds = (performance.now() - t1) / 1000;
	log(`loaded in ${fmt(seconds, 1)} s (${fmt(rowsPerSecond)} rows/s); building rollups …`);
	const t2 = performance.now();
	const rebuilt = await rebuildRollups(db);
	const rollupRebuildSeconds = (performance.now() - t2) / 1000;
	load = { rowsPerSecond, seconds, rollupRebuildSeconds, rollupItemRows: rebuilt.itemRows, rollupCountRows: rebuilt.countRows, rollupHeatRows: rebuilt.heatRows };
	log(`rollups: ${fmt(rebuilt.itemRows)} daily item rows, ${fmt(rebuilt.countRows)} count rows, ${fmt(rebuilt.heatRows)} heat rows in ${fmt(rollupRebuildSeconds, 1)} s`);
}
const raw = postgres(url, { max: 2, onnotice: () => {} });
await raw`analyze`;
const [sizes] = await raw<{ responses: string; rollups: string }[]>`select pg_size_pretty(pg_total_relation_size('responses')) as responses,
	pg_size_pretty((select sum(pg_total_relation_size(c.oid)) from pg_class c where c.relkind = 'r' and c.relname like 'rollup\\_%')::bigint) as rollups`;
log(`responses table ${sizes!.responses}, rollup tables ${sizes!.rollups}`);

// ── 2. the timed scopes ─────────────────────────────────────────────────────────────────────────────────────────
const [province] = await raw<{ code: string; halls: number }[]>`select split_part(region_code, '.', 1) as code, count(*)::int as halls
	from malls where region_code is not null group by 1 order by 2 desc, 1 limit 1`;
const positions = new Map(
	(await raw<{ position: number; code: string }[]>`select position, code from instrument_items where instrument_id = ${skm.id}`).map((r) => [r.position, r.code])
);

interface TimedScope {
	name: string;
	query: string;
	from: string;
	to: string;
	/** Joins and condition of the naive query over `responses r join malls m`. */
	join: string;
	where: string;
}
const year = { from: `${LAST_YEAR}-01-01`, to: `${LAST_YEAR}-12-31` };
const quarter = { from: `${LAST_YEAR}-04-01`, to: `${LAST_YEAR}-06-30` };
const scopes: TimedScope[] = [
	{ name: `nation ${LAST_YEAR}`, query: `scope=nation&from=${year.from}&to=${year.to}&granularity=month`, ...year, join: '', where: '' },
	{
		name: `province ${province!.code} Q2 ${LAST_YEAR}`,
		query: `scope=region&id=${province!.code}&from=${quarter.from}&to=${quarter.to}&granularity=week`,
		...quarter,
		join: '',
		where: `and m.region_code like '${province!.code}.%'`
	},
	{
		name: `dukcapil nation ${LAST_YEAR}`,
		query: `scope=nation&agencyKind=dukcapil&from=${year.from}&to=${year.to}&granularity=month`,
		...year,
		join: 'join agencies ag on ag.id = r.agency_id',
		where: `and ag.kind_code = 'dukcapil'`
	}
];

const server = await startServer(
	{ DATABASE_URL: url, ORIGIN: `http://127.0.0.1:${PORT}`, ADMIN_API_TOKEN: ADMIN, PUAS_DEMO: '0', PUAS_LOCAL_TOKEN: '0', PG_POOL_MAX: String(POOL) },
	PORT
);
const base = `http://127.0.0.1:${PORT}`;
const headers = { authorization: `Bearer ${ADMIN}`, accept: 'application/json' };

interface EndpointFigures {
	respondents: number;
	ikm: number | null;
	ikmExact: number | null;
	unsur: { code: string; n: number; sum: number }[];
	meanOfHalls: { ikm: number | null; units: number };
	halls: { respondents: number }[];
}
type Timing = { runs: number; p50: number; p95: number };

async function timeEndpoint(address: string, keep: (figures: EndpointFigures) => void): Promise<Timing> {
	const request = async () => keep(await getJson<EndpointFigures>(address, headers));
	if (SECONDS === undefined) return timeRuns(REQUESTS, WARMUP, request);
	for (let i = 0; i < WARMUP; i++) await request();
	const result = await loop(1, SECONDS, request);
	return { runs: result.operations, p50: result.p50, p95: result.p95 };
}

/** The hall-local dates [from, to] as instants: a superset bound on submitted_at (zones UTC+7 … UTC+9) the index can use. */
function instantBounds(from: string, to: string): [string, string] {
	const start = new Date(Date.parse(`${from}T00:00:00Z`) - 9 * 3_600_000).toISOString();
	const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS - 7 * 3_600_000).toISOString();
	return [start, end];
}

interface RankingResult {
	scope: string;
	query: string;
	halls: number;
	respondents: number;
	ikm: number | null;
	meanOfHalls: number | null;
	responseBytes: number;
	endpoint: Timing;
	naive: Timing;
	endpointOverNaive: number;
	naiveOverEndpoint: number;
}
const results: RankingResult[] = [];
for (const s of scopes) {
	let figures: EndpointFigures | undefined;
	const endpoint = await timeEndpoint(`${base}/api/v1/indicators?${s.query}`, (f) => (figures = f));
	const bytes = Buffer.byteLength(JSON.stringify(figures));
	// The naive query a ranking without rollups would run: every answer of the halls' period, unnested, grouped by item.
	let naiveRows: { position: number; sum: string; n: string; responses: string }[] = [];
	const [fromInstant, toInstant] = instantBounds(s.from, s.to);
	const naive = await timeRuns(NAIVE_RUNS, 1, async () => {
		naiveRows = await raw.unsafe(
			`select a.position::int as position, sum(a.value) as sum, count(a.value) as n, count(*) filter (where a.position = 1) as responses
			from responses r join malls m on m.id = r.mall_id ${s.join}
				cross join lateral unnest(r.answers) with ordinality as a(value, position)
			where r.instrument_id = $1 and r.submitted_at >= $2 and r.submitted_at < $3
				and (r.submitted_at at time zone m.time_zone)::date between $4::date and $5::date ${s.where}
			group by a.position order by a.position`,
			[skm.id, fromInstant, toInstant, s.from, s.to]
		);
	});
	const f = figures!;
	const naiveTallies = naiveRows.map((r) => ({ code: positions.get(r.position)!, sum: Number(r.sum), n: Number(r.n) }));
	const naiveRespondents = Number(naiveRows[0]?.responses ?? 0);
	const naiveIkm = ikmOfTallies(naiveTallies, SKM_CODES);
	const problems: string[] = [];
	for (const code of SKM_CODES) {
		const mine = f.unsur.find((u) => u.code === code);
		const theirs = naiveTallies.find((t) => t.code === code) ?? { sum: 0, n: 0 };
		if (!mine || mine.sum !== theirs.sum || mine.n !== theirs.n) problems.push(`${code}: endpoint Σ ${mine?.sum} n ${mine?.n}, naive Σ ${theirs.sum} n ${theirs.n}`);
	}
	if (f.respondents !== naiveRespondents) problems.push(`respondents: endpoint ${f.respondents}, naive ${naiveRespondents}`);
	if (f.ikmExact !== naiveIkm.ikmExact) problems.push(`IKM: endpoint ${f.ikmExact}, naive ${naiveIkm.ikmExact}`);
	const ofHalls = f.halls.reduce((a, h) => a + h.respondents, 0);
	if (ofHalls !== f.respondents) problems.push(`the halls' respondents add up to ${ofHalls}, not ${f.respondents}`);
	if (problems.length > 0) throw new Error(`${s.name}: the endpoint and the naive GROUP BY disagree:\n  ${problems.join('\n  ')}`);
	if (f.respondents === 0) throw new Error(`${s.name}: no respondents (nothing was compared)`);
	log(`${s.name}: Σ and n of ${SKM_CODES.length} unsur, ${fmt(f.respondents)} respondents and the IKM match the naive GROUP BY`);
	results.push({
		scope: s.name,
		query: `/api/v1/indicators?${s.query}`,
		halls: f.halls.length,
		respondents: f.respondents,
		ikm: f.ikm,
		meanOfHalls: f.meanOfHalls.ikm,
		responseBytes: bytes,
		endpoint,
		naive,
		endpointOverNaive: endpoint.p50 / naive.p50,
		naiveOverEndpoint: naive.p50 / endpoint.p50
	});
}

await stopServer(server);
await raw.end();
await close();
if (!args.keep) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
await admin.end();

// ── report ──────────────────────────────────────────────────────────────────────────────────────────────────────
const nation = results[0]!;
const row = (r: RankingResult, name = r.scope) => ({
	ranking: name,
	halls: r.halls,
	respondents: fmt(r.respondents),
	IKM: r.ikm === null ? '—' : fmt(r.ikm, 2),
	'endpoint p50 ms': fmt(r.endpoint.p50, 1),
	'endpoint p95 ms': fmt(r.endpoint.p95, 1),
	'naive p50 ms': fmt(r.naive.p50, 0),
	'endpoint ÷ naive': fmt(r.endpointOverNaive, 4),
	'× faster': fmt(r.naiveOverEndpoint, 0)
});
console.log(
	`\nPuas regions benchmark — ${fmt(ROWS)} responses (${sizes!.responses}; rollups ${sizes!.rollups}), ${settings.halls} halls in ${settings.provinces} provinces, ` +
		`${FIRST_YEAR}–${LAST_YEAR}; ${cpus().length} × ${cpus()[0]?.model}`
);
console.table([...results.map((r) => row(r)), row(nation, `pooled national IKM ${LAST_YEAR} (same call)`)]);
console.log(
	`pooled national IKM ${LAST_YEAR}: ${nation.ikm} (over ${fmt(nation.respondents)} respondents; the naive Σ/n give the same), mean of the halls' IKMs ${nation.meanOfHalls}; ` +
		`endpoint ${SECONDS === undefined ? `${REQUESTS} requests` : `${SECONDS} s`} after ${WARMUP} warm-up, naive ${NAIVE_RUNS} runs after 1`
);
if (!reuse) {
	console.log(
		`load: COPY ${fmt(load.rowsPerSecond)} rows/s (${fmt(load.seconds / (ROWS / 1e6), 1)} s per million); rollup rebuild ${fmt(load.rollupRebuildSeconds, 1)} s ` +
			`(${fmt(load.rollupRebuildSeconds / (ROWS / 1e6), 1)} s per million)`
	);
}
const result = {
	at: new Date().toISOString(),
	rows: ROWS,
	...settings,
	years: `${FIRST_YEAR}–${LAST_YEAR}`,
	responsesTable: sizes!.responses,
	rollupTables: sizes!.rollups,
	machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
	load: reuse ? null : { ...load, secondsPerMillion: load.seconds / (ROWS / 1e6), rebuildSecondsPerMillion: load.rollupRebuildSeconds / (ROWS / 1e6) },
	rankings: results,
	pooledNationalIkm: { year: LAST_YEAR, ikm: nation.ikm, respondents: nation.respondents, meanOfHalls: nation.meanOfHalls },
	settings: { requests: SECONDS === undefined ? REQUESTS : null, seconds: SECONDS ?? null, warmup: WARMUP, naiveRuns: NAIVE_RUNS, pool: POOL }
};
writeFileSync(join('bench', 'results', `regions-${ROWS}.json`), JSON.stringify(result, null, 2) + '\n');
log(`written bench/results/regions-${ROWS}.json`);
