/**
 * Paired tablets: authenticating their token, revoking them, and the sequence numbers they have delivered.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { executePrepared, rowsOf, type Db } from '../db/client';
import { counters, devices } from '../db/schema';
import { hashToken } from '../access/tokens';
import type { CounterInfo } from '../responses/ingest';

/** What a request knows of the tablet that sent it. */
export interface AuthenticatedDevice {
	id: number;
	mallId: number;
	counterId: number;
	name: string;
	highestSeq: number;
	/** The outbox the tablet last reported (null before its first report). */
	reported: OutboxReport | null;
	reportedAt: Date | null;
}

export interface OutboxReport {
	pending: number;
	held: number;
}

export type DeviceAuth = { device: AuthenticatedDevice; counters: Map<number, CounterInfo> } | { error: 'unknown_device' | 'device_revoked' };

/** Record "last seen" at most this often: a busy tablet should not write its device row just for that. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The device a token belongs to, with the counters it may submit for — one read on the hot path of ingestion (its
 * request is counted against the device's limit by the statement that stores its responses).
 */
export async function authenticateDevice(db: Db, token: string, now = new Date()): Promise<DeviceAuth> {
	const [row] = await executePrepared<{
		id: number;
		mall_id: number;
		counter_id: number;
		name: string;
		highest_seq: number;
		revoked_at: string | Date | null;
		last_seen_at: string | Date | null;
		reported_pending: number | null;
		reported_held: number | null;
		reported_at: string | Date | null;
		counters: { id: number; agencyId: number; serviceId: number; agencyServices: number[] }[];
	}>(
		db,
		sql`
			select d.id, d.mall_id, d.counter_id, d.name, d.highest_seq, d.revoked_at, d.last_seen_at, d.reported_pending, d.reported_held, d.reported_at,
				coalesce((
					select json_agg(json_build_object('id', c.id, 'agencyId', c.agency_id, 'serviceId', c.service_id,
						'agencyServices', array(select s.id from services s where s.agency_id = c.agency_id)))
					from device_assignments a join counters c on c.id = a.counter_id
					where a.device_id = d.id
				), '[]'::json) as counters
			from devices d where d.token_hash = ${hashToken(token)}`
	);
	if (!row) return { error: 'unknown_device' };
	if (row.revoked_at) return { error: 'device_revoked' };
	if (!row.last_seen_at || now.getTime() - new Date(row.last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
		await db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, row.id));
	}
	return {
		device: {
			id: row.id,
			mallId: row.mall_id,
			counterId: row.counter_id,
			name: row.name,
			highestSeq: row.highest_seq,
			reported: row.reported_pending === null || row.reported_held === null ? null : { pending: row.reported_pending, held: row.reported_held },
			reportedAt: row.reported_at === null ? null : new Date(row.reported_at)
		},
		counters: new Map(row.counters.map((c) => [c.id, { agencyId: c.agencyId, serviceId: c.serviceId, agencyServices: c.agencyServices }]))
	};
}

/**
 * Store what the tablet says its outbox holds. Written only when it changed or the last report is over a minute old,
 * so a busy tablet does not write its device row on every batch.
 */
export async function recordOutboxReport(db: Db, device: AuthenticatedDevice, report: OutboxReport, now = new Date()): Promise<void> {
	const same = device.reported?.pending === report.pending && device.reported?.held === report.held;
	const fresh = device.reportedAt !== null && now.getTime() - device.reportedAt.getTime() <= LAST_SEEN_RESOLUTION_MS;
	if (same && fresh) return;
	await db.update(devices).set({ reportedPending: report.pending, reportedHeld: report.held, reportedAt: now }).where(eq(devices.id, device.id));
}

/** Revoke a device: its token stops working at once; the tablet keeps its queue until it is paired again. */
export async function revokeDevice(db: Db, deviceId: number, mallId: number | null, now = new Date()): Promise<boolean> {
	const updated = await db
		.update(devices)
		.set({ revokedAt: now })
		.where(and(eq(devices.id, deviceId), mallId ? eq(devices.mallId, mallId) : undefined))
		.returning({ id: devices.id });
	return updated.length === 1;
}

export interface SequenceGap {
	from: number;
	to: number;
}

/** Sequence numbers a device used but the server never received, as ranges, up to its highest received. */
export async function sequenceGaps(db: Db, deviceId: number): Promise<SequenceGap[]> {
	return rowsOf<SequenceGap>(
		await db.execute(sql`
			select prev + 1 as "from", seq - 1 as "to"
			from (
				select device_seq as seq, coalesce(lag(device_seq) over (order by device_seq), 0) as prev
				from (select distinct device_seq from responses where device_id = ${deviceId}) s
			) t
			where seq > prev + 1
			order by 1`)
	);
}

export interface DeviceStatus {
	id: number;
	name: string;
	counterCode: string;
	lastSeenAt: Date | null;
	highestSeq: number;
	received: number;
	/** Taps held back by the minimum interval. */
	suppressed: number;
	gaps: SequenceGap[];
	revoked: boolean;
}

/** Devices of a mall (or all) with what they delivered. */
export async function listDeviceStatus(db: Db, mallId: number | null): Promise<DeviceStatus[]> {
	const rows = await db
		.select({
			id: devices.id,
			name: devices.name,
			counterCode: counters.code,
			lastSeenAt: devices.lastSeenAt,
			highestSeq: devices.highestSeq,
			revokedAt: devices.revokedAt,
			received: sql<number>`(select count(*)::int from responses r where r.device_id = ${devices.id})`,
			suppressed: sql<number>`(select count(*)::int from suppressed_submissions s where s.device_id = ${devices.id})`
		})
		.from(devices)
		.innerJoin(counters, eq(counters.id, devices.counterId))
		.where(mallId ? eq(devices.mallId, mallId) : undefined)
		.orderBy(asc(devices.id));
	return Promise.all(
		rows.map(async (row) => ({
			id: row.id,
			name: row.name,
			counterCode: row.counterCode,
			lastSeenAt: row.lastSeenAt,
			highestSeq: row.highestSeq,
			received: Number(row.received),
			suppressed: Number(row.suppressed),
			gaps: await sequenceGaps(db, row.id),
			revoked: row.revokedAt !== null
		}))
	);
}
