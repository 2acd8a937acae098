/**
 * Seeds the Kupang demo into an empty database: the mall, its agencies, services, counters and tablets, the SKM and
 * SKM + IPAK instruments, one account per role, ~90 000 responses since 2024-01-01 (bulk multi-row inserts, one
 * transaction), then rollups; the innovation register and monthly service volumes.
 */
import { count, eq, sql } from 'drizzle-orm';
import { SKM_2017, SKM_IPAK_V1 } from '../../domain/instruments';
import type { Db } from '../db/client';
import { agencies, counters, devices, innovations, malls, responses, services, serviceVolumes } from '../db/schema';
import { publishInstrument } from '../surveys/instruments';
import { DEMO_AGENCIES, DEMO_INNOVATIONS, DEMO_KIOSK_PIN, DEMO_MALL, DEMO_OPENING_HOURS } from './kupang';
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

async function seedDemo(db: Db, until: Date): Promise<number> {
	const instrument = await publishInstrument(db, SKM_2017);
	const withIpak = await publishInstrument(db, SKM_IPAK_V1);
	const [mall] = await db.insert(malls).values({ ...DEMO_MALL, openingHours: DEMO_OPENING_HOURS, kioskPinHash: hashPin(DEMO_KIOSK_PIN) }).returning({ id: malls.id });
	const mallId = mall!.id;

	const agencyIds = new Map<string, number>();
	const serviceIds = new Map<string, number>();
	const counterIds = new Map<string, { counterId: number; deviceId: number }>();
	for (const agency of DEMO_AGENCIES) {
		const [a] = await db.insert(agencies).values({ mallId, code: agency.code, name: agency.name }).returning({ id: agencies.id });
		agencyIds.set(agency.code, a!.id);
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
			serviceIds.set(service.code, s!.id);
			for (const counter of service.counters) {
				const [c] = await db
					.insert(counters)
					.values({
						mallId,
						agencyId: a!.id,
						serviceId: s!.id,
						code: counter.code,
						name: counter.name,
						instrumentId: instrument.id,
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
				counterIds.set(counter.code, { counterId: c!.id, deviceId: d!.id });
			}
		}
	}

	await seedDemoUsers(db, mallId, agencyIds);

	const sequence = new Map<number, { seq: number; lastSeen: Date }>();
	let chunk: (typeof responses.$inferInsert)[] = [];
	let total = 0;
	const flush = async () => {
		if (chunk.length > 0) await db.insert(responses).values(chunk);
		total += chunk.length;
		chunk = [];
	};
	for (const r of generateDemoResponses(until)) {
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
			instrumentId: r.instrument === 'skm-ipak' ? withIpak.id : instrument.id,
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
	await rebuildRollups(db);
	for (const [deviceId, state] of sequence) {
		await db.update(devices).set({ highestSeq: state.seq, lastSeenAt: state.lastSeen }).where(eq(devices.id, deviceId));
	}
	// The last 60 days' phone ratings came with a queue system's one-time tickets (waiting and service times).
	await seedDemoTickets(db, mallId, until);
	await seedDemoInnovations(db, mallId, agencyIds, serviceIds, until);
	// Two alert rules (SIM-01, and Dukcapil's counters), evaluated once, so the dashboard opens with live alerts.
	await seedDemoAlerts(db, mallId, until);
	// The two last complete years, finalized and published: /publik opens with results and a trend.
	await seedDemoReports(db, mallId, DEMO_MALL.timeZone, until);
	return total;
}

/** The innovation register (those launched by `until`) and the volumes of every month that ended before it. */
async function seedDemoInnovations(db: Db, mallId: number, agencyIds: Map<string, number>, serviceIds: Map<string, number>, until: Date): Promise<void> {
	for (const innovation of DEMO_INNOVATIONS) {
		if (Date.parse(`${innovation.launchDate}T00:00:00Z`) > until.getTime()) continue;
		await db.insert(innovations).values({
			mallId,
			agencyId: innovation.agency ? agencyIds.get(innovation.agency)! : null,
			serviceId: innovation.service ? serviceIds.get(innovation.service)! : null,
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
	const volumes = demoServiceVolumes(until).map((v) => ({
		mallId,
		serviceId: serviceIds.get(v.serviceCode)!,
		month: v.month,
		served: v.served,
		servedOnline: v.servedOnline,
		source: 'api' as const
	}));
	for (let i = 0; i < volumes.length; i += CHUNK) await db.insert(serviceVolumes).values(volumes.slice(i, i + CHUNK));
}

/** One account per role; argon2 is slow on purpose, so the shared password is hashed once. */
async function seedDemoUsers(db: Db, mallId: number, agencyIds: Map<string, number>): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	for (const user of DEMO_USERS) {
		const created = await insertUser(db, {
			mallId,
			email: user.email,
			name: user.name,
			role: user.role,
			passwordHash,
			agencyIds: user.agencies.map((code) => agencyIds.get(code)!)
		});
		if ('error' in created) throw new Error(`demo user ${user.email}: ${created.error}`);
	}
}
