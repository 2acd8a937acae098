/**
 * Synthetic national-scale data for the benchmarks: many malls, each with agencies, services and counters, and N
 * responses spread over three years, loaded with COPY.
 */
import { once } from 'node:events';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../src/lib/server/db/client';
import { agencies, counters, malls, services } from '../../src/lib/server/db/schema';
import type { StoredInstrument } from '../../src/lib/server/surveys/instruments';

export interface SyntheticCounter {
	id: number;
	code: string;
	mallId: number;
	agencyId: number;
	serviceId: number;
}

export interface SyntheticOrg {
	mallIds: number[];
	counters: SyntheticCounter[];
}

const ZONES = ['Asia/Makassar', 'Asia/Jakarta', 'Asia/Jayapura'];

/** `mallCount` malls × 12 agencies × 2 services × 2 counters. */
export async function createSyntheticOrg(db: Db, instrument: StoredInstrument, mallCount: number): Promise<SyntheticOrg> {
	const org: SyntheticOrg = { mallIds: [], counters: [] };
	for (let m = 1; m <= mallCount; m++) {
		const tag = `M${String(m).padStart(2, '0')}`;
		const [mall] = await db
			.insert(malls)
			.values({ slug: `mpp-${tag.toLowerCase()}`, name: `MPP ${tag}`, city: `Kota ${tag}`, timeZone: ZONES[m % ZONES.length]! })
			.returning({ id: malls.id });
		org.mallIds.push(mall!.id);
		for (let a = 1; a <= 12; a++) {
			const [agency] = await db.insert(agencies).values({ mallId: mall!.id, code: `${tag}-A${a}`, name: `Instansi ${a}` }).returning({ id: agencies.id });
			for (let s = 1; s <= 2; s++) {
				const [service] = await db
					.insert(services)
					.values({ mallId: mall!.id, agencyId: agency!.id, code: `${tag}-A${a}-S${s}`, name: `Layanan ${s}`, isFree: s === 1 })
					.returning({ id: services.id });
				for (let c = 1; c <= 2; c++) {
					const code = `${tag}-A${a}-S${s}-L${c}`;
					const [counter] = await db
						.insert(counters)
						.values({ mallId: mall!.id, agencyId: agency!.id, serviceId: service!.id, code, name: `Loket ${c}`, instrumentId: instrument.id, minIntervalSeconds: 0 })
						.returning({ id: counters.id });
					org.counters.push({ id: counter!.id, code, mallId: mall!.id, agencyId: agency!.id, serviceId: service!.id });
				}
			}
		}
	}
	return org;
}

/** The synthetic org of a database loaded before (`npm run bench -- --keep`, then `--reuse`), in creation order. */
export async function loadSyntheticOrg(db: Db): Promise<SyntheticOrg> {
	const rows = await db
		.select({ id: counters.id, code: counters.code, mallId: counters.mallId, agencyId: counters.agencyId, serviceId: counters.serviceId })
		.from(counters)
		.orderBy(counters.id);
	return { mallIds: [...new Set(rows.map((r) => r.mallId))], counters: rows };
}

/** A small, fast, seeded generator (the benchmark must be repeatable, not cryptographic). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Nine answers around a counter's mood: mostly 3 and 4, a few skips. */
export function syntheticAnswers(random: () => number): (number | null)[] {
	return Array.from({ length: 9 }, () => {
		const r = random();
		return r < 0.02 ? null : r < 0.06 ? 1 : r < 0.18 ? 2 : r < 0.62 ? 3 : 4;
	});
}

const SEXES = ['L', 'P', '\\N'];
const AGES = ['17-25', '26-35', '36-45', '46-55', '\\N'];

/** The counter fields a synthetic response needs. */
type CopyCounter = Pick<SyntheticCounter, 'id' | 'mallId' | 'agencyId' | 'serviceId'>;

/** One synthetic response as a COPY line of `copyInto`'s columns (a phone-open rating: status, nine answers, sex, age). */
export function responseCopyLine(random: () => number, counter: CopyCounter, instrumentId: number, at: number): string {
	const answers = syntheticAnswers(random);
	const iso = new Date(at).toISOString();
	return (
		`${uuidv7({ msecs: at })}\t${counter.mallId}\t${counter.agencyId}\t${counter.serviceId}\t${counter.id}\t${instrumentId}\t${iso}\t${iso}\tqr\t` +
		`${random() < 0.03 ? 'partial' : 'complete'}\t{${answers.map((a) => a ?? 'NULL').join(',')}}\t` +
		`${SEXES[Math.floor(random() * 3)]}\t${AGES[Math.floor(random() * 5)]}\n`
	);
}

/**
 * COPY the lines `produce` pushes (responseCopyLine's) into `responses`, 20 000 a write, with backpressure. Foreign-key
 * triggers are skipped for this session only (session_replication_role = replica; the generators only use ids they
 * created), the CHECK constraints still run. Returns the seconds it took.
 */
export async function copyInto(url: string, produce: (push: (line: string) => Promise<void>) => Promise<void>): Promise<number> {
	const client = postgres(url, { max: 1, onnotice: () => {} });
	const started = performance.now();
	try {
		const connection = await client.reserve();
		await connection`set session_replication_role = replica`;
		const stream = await connection`copy responses (id, mall_id, agency_id, service_id, counter_id, instrument_id, submitted_at,
			received_at, channel, status, answers, sex, age_band) from stdin`.writable();
		const chunk: string[] = [];
		await produce(async (line) => {
			chunk.push(line);
			if (chunk.length === 20_000) {
				if (!stream.write(chunk.join(''))) await once(stream, 'drain');
				chunk.length = 0;
			}
		});
		stream.end(chunk.join(''));
		await once(stream, 'finish');
		connection.release();
	} finally {
		await client.end();
	}
	return (performance.now() - started) / 1000;
}

/** COPY `rows` responses into the table, in time order from `from` to `to`, with time-ordered (v7) ids. Returns rows per second. */
export async function copyResponses(url: string, org: SyntheticOrg, instrument: StoredInstrument, rows: number, from: Date, to: Date): Promise<number> {
	const random = mulberry32(2026);
	const span = to.getTime() - from.getTime();
	const seconds = await copyInto(url, async (push) => {
		for (let i = 0; i < rows; i++) {
			const at = from.getTime() + Math.floor((span * i) / rows);
			await push(responseCopyLine(random, org.counters[Math.floor(random() * org.counters.length)]!, instrument.id, at));
		}
	});
	return rows / seconds;
}
