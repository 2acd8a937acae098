/**
 * Seeds the demo into an empty database, in one transaction: the SKM and SKM + IPAK instruments; two halls of NTT,
 * MPP Kota Kupang and the smaller MPP Kabupaten Sikka, each with its agencies (and their kinds), services, counters
 * and tablets, its generated responses since 2024-01-01 (~90 000 in Kupang by the end of 2027, a fifth of that in
 * Sikka; bulk multi-row inserts) and its monthly service volumes; the demo accounts; then rollups. Kupang alone
 * gets the innovation register, tickets, alerts and published reports.
 */
import { count, eq, sql } from 'drizzle-orm';
import { SKM_2017, SKM_IPAK_V1 } from '../../domain/instruments';
import type { Db } from '../db/client';
import { agencies, counters, devices, innovations, malls, responses, services, serviceVolumes } from '../db/schema';
import { publishInstrument } from '../surveys/instruments';
import { DEMO_INNOVATIONS, DEMO_KIOSK_PIN, DEMO_KUPANG, DEMO_OPENING_HOURS, type DemoHall } from './kupang';
import { DEMO_SIKKA } from './sikka';
import { demoServiceVolumes } from './volumes';
import { DEMO_PASSWORD, DEMO_USERS } from './users';
import { seedDemoAlerts } from './alerts';
import { seedDemoReports } from './reports';
import { seedDemoTickets } from './tickets';
import { hashPassword } from '../auth/passwords';
import { insertUser } from '../auth/users';
import { hashPin } from '../kiosk/pin';
import { rebuildRollups } from '../rollups/rebuild';
import { generateDemoResponses } from './generate';
import { createHash } from 'node:crypto';

/** Rows per INSERT: 17 columns × 1 000 stays far below PostgreSQL's 65 535 bind parameters. */
const CHUNK = 1000;
const SEED_LOCK_KEY = 7_461_736_102;

export interface SeedResult {
	seeded: boolean;
	responses: number;
}

/** Seed the demo unless the database already holds a mall; concurrent instances wait on one lock. */
export async function seedDemoIfEmpty(db: Db, until = new Date()): Promise<SeedResult> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
		const [{ malls: existing }] = (await tx.select({ malls: count() }).from(malls)) as [{ malls: number }];
		if (existing > 0) return { seeded: false, responses: 0 };
		return { seeded: true, responses: await seedDemo(tx as unknown as Db, until) };
	});
}

/** The instruments the demo's counters run: SKM, and SKM + IPAK. */
interface DemoInstruments {
	skm: number;
	withIpak: number;
}

async function seedDemo(db: Db, until: Date): Promise<number> {
	const instruments = { skm: (await publishInstrument(db, SKM_2017)).id, withIpak: (await publishInstrument(db, SKM_IPAK_V1)).id };
	const kupang = await seedHallStructure(db, DEMO_KUPANG, instruments);
	await seedDemoUsers(db, kupang.mallId, kupang.agencyIds);
	let total = await seedHallResponses(db, kupang, instruments, until);
	// The second hall, in another kabupaten of NTT, so the region views compare two halls.
	const sikka = await seedHallStructure(db, DEMO_SIKKA, instruments);
	total += await seedHallResponses(db, sikka, instruments, until);
	await rebuildRollups(db);
	for (const hall of [kupang, sikka]) {
		for (const [deviceId, state] of hall.sequence) {
			await db.update(devices).set({ highestSeq: state.seq, lastSeenAt: state.lastSeen }).where(eq(devices.id, deviceId));
		}
		await seedDemoVolumes(db, hall, until);
	}
	// The last 60 days' phone ratings came with a queue system's one-time tickets (waiting and service times).
	await seedDemoTickets(db, kupang.mallId, until);
	await seedDemoInnovations(db, kupang, until);
	// Two alert rules (SIM-01, and Dukcapil's counters), evaluated once, so the dashboard opens with live alerts.
	await seedDemoAlerts(db, kupang.mallId, until);
	// The two last complete years, finalized and published: /publik opens with results and a trend.
	await seedDemoReports(db, kupang.mallId, DEMO_KUPANG.mall.timeZone, until);
	return total;
}

/** A seeded demo hall: its ids by code, and each tablet's last sequence number and time once its responses are in. */
interface SeededHall {
	hall: DemoHall;
	mallId: number;
	agencyIds: Map<string, number>;
	serviceIds: Map<string, number>;
	counterIds: Map<string, { counterId: number; deviceId: number }>;
	sequence: Map<number, { seq: number; lastSeen: Date }>;
}

/** The hall's mall, agencies (with their kinds), services, counters and unusable demo tablets. */
async function seedHallStructure(db: Db, hall: DemoHall, instruments: DemoInstruments): Promise<SeededHall> {
	const [mall] = await db
		.insert(malls)
		.values({ ...hall.mall, openingHours: DEMO_OPENING_HOURS, kioskPinHash: hashPin(DEMO_KIOSK_PIN) })
		.returning({ id: malls.id });
	const mallId = mall!.id;

	const seeded: SeededHall = { hall, mallId, agencyIds: new Map(), serviceIds: new Map(), counterIds: new Map(), sequence: new Map() };
	for (const agency of hall.agencies) {
		const [a] = await db
			.insert(agencies)
			.values({ mallId, code: agency.code, name: agency.name, kindCode: agency.kind ?? null })
			.returning({ id: agencies.id });
		seeded.agencyIds.set(agency.code, a!.id);
		for (const service of agency.services) {
			const [s] = await db
				.insert(services)
				.values({
					mallId,
					agencyId: a!.id,
					code: service.code,
					name: service.name,
					isFree: service.isFree,
					standardMinutes: service.standardMinutes
				})
				.returning({ id: services.id });
			seeded.serviceIds.set(service.code, s!.id);
			for (const counter of service.counters) {
				const [c] = await db
					.insert(counters)
					.values({
						mallId,
						agencyId: a!.id,
						serviceId: s!.id,
						code: counter.code,
						name: counter.name,
						instrumentId: instruments.skm,
						surveyMode: counter.ipak ? 'full-ipak' : 'full'
					})
					.returning({ id: counters.id });
				// Demo tablets: their tokens are thrown away, so they cannot sync; pairing makes real ones.
				const [d] = await db
					.insert(devices)
					.values({
						mallId,
						counterId: c!.id,
						name: `Tablet ${counter.code}`,
						tokenHash: createHash('sha256').update(`demo-unusable-${counter.code}-${crypto.randomUUID()}`).digest('hex')
					})
					.returning({ id: devices.id });
				seeded.counterIds.set(counter.code, { counterId: c!.id, deviceId: d!.id });
			}
		}
	}
	return seeded;
}

/** The hall's generated responses before `until` (bulk inserts); kiosk ones numbered per tablet. Returns how many. */
async function seedHallResponses(db: Db, seeded: SeededHall, instruments: DemoInstruments, until: Date): Promise<number> {
	const { mallId, agencyIds, serviceIds, counterIds, sequence } = seeded;
	let chunk: (typeof responses.$inferInsert)[] = [];
	let total = 0;
	const flush = async () => {
		if (chunk.length > 0) await db.insert(responses).values(chunk);
		total += chunk.length;
		chunk = [];
	};
	for (const r of generateDemoResponses(until, { hall: seeded.hall })) {
		const { counterId, deviceId } = counterIds.get(r.counterCode)!;
		let device: { deviceId: number; deviceSeq: number } | null = null;
		if (r.channel === 'kiosk') {
			const state = sequence.get(deviceId) ?? { seq: 0, lastSeen: r.submittedAt };
			state.seq += 1;
			state.lastSeen = r.submittedAt;
			sequence.set(deviceId, state);
			device = { deviceId, deviceSeq: state.seq };
		}
		chunk.push({
			id: r.id,
			mallId,
			agencyId: agencyIds.get(r.agencyCode)!,
			serviceId: serviceIds.get(r.serviceCode)!,
			counterId,
			deviceId: device?.deviceId ?? null,
			deviceSeq: device?.deviceSeq ?? null,
			instrumentId: r.instrument === 'skm-ipak' ? instruments.withIpak : instruments.skm,
			submittedAt: r.submittedAt,
			receivedAt: r.submittedAt,
			channel: r.channel,
			status: r.status,
			answers: r.answers,
			sex: r.sex,
			ageBand: r.ageBand,
			education: r.education,
			occupation: r.occupation,
			comment: r.comment
		});
		if (chunk.length === CHUNK) await flush();
	}
	await flush();
	return total;
}

/** Kupang's innovation register: those launched by `until`. */
async function seedDemoInnovations(db: Db, kupang: SeededHall, until: Date): Promise<void> {
	for (const innovation of DEMO_INNOVATIONS) {
		if (Date.parse(`${innovation.launchDate}T00:00:00Z`) > until.getTime()) continue;
		await db.insert(innovations).values({
			mallId: kupang.mallId,
			agencyId: innovation.agency ? kupang.agencyIds.get(innovation.agency)! : null,
			serviceId: innovation.service ? kupang.serviceIds.get(innovation.service)! : null,
			name: innovation.name,
			description: innovation.description,
			launchDate: innovation.launchDate,
			kind: innovation.kind,
			medium: innovation.medium,
			stage: innovation.stage,
			replication: innovation.replication,
			competition: innovation.competition,
			award: innovation.award,
			evidenceLinks: innovation.evidenceLinks
		});
	}
}

/** A hall's monthly service volumes, of every month that ended before `until`. */
async function seedDemoVolumes(db: Db, seeded: SeededHall, until: Date): Promise<void> {
	const volumes = demoServiceVolumes(seeded.hall, until).map((v) => ({
		mallId: seeded.mallId,
		serviceId: seeded.serviceIds.get(v.serviceCode)!,
		month: v.month,
		served: v.served,
		servedOnline: v.servedOnline,
		source: 'api' as const
	}));
	for (let i = 0; i < volumes.length; i += CHUNK) await db.insert(serviceVolumes).values(volumes.slice(i, i + CHUNK));
}

/** The demo accounts, of Kupang or across halls; argon2 is slow on purpose, so the shared password is hashed once. */
async function seedDemoUsers(db: Db, kupangId: number, agencyIds: Map<string, number>): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	for (const user of DEMO_USERS) {
		const created = await insertUser(db, {
			mallId: user.inKupang ? kupangId : null,
			regionScope: user.regionScope ?? null,
			email: user.email,
			name: user.name,
			role: user.role,
			passwordHash,
			agencyIds: user.agencies.map((code) => agencyIds.get(code)!)
		});
		if ('error' in created) throw new Error(`demo user ${user.email}: ${created.error}`);
	}
}
