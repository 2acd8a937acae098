/**
 * Paired tablets: authenticating their token, revoking them, and the sequence numbers they have delivered.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import { counters, devices } from '../db/schema';
import { hashToken } from '../access/tokens';

export type Device = typeof devices.$inferSelect;

export type DeviceAuth = { device: Device } | { error: 'unknown_device' | 'device_revoked' };

/** The device a token belongs to; records that it was seen. */
export async function authenticateDevice(db: Db, token: string, now = new Date()): Promise<DeviceAuth> {
	const [device] = await db.select().from(devices).where(eq(devices.tokenHash, hashToken(token)));
	if (!device) return { error: 'unknown_device' };
	if (device.revokedAt) return { error: 'device_revoked' };
	await db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, device.id));
	return { device: { ...device, lastSeenAt: now } };
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
