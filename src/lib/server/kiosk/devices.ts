/**
 * Paired tablets: their list with their health, what they report of their outbox, revoking them, and the sequence
 * numbers they have delivered (their token is checked by ../access/device-tokens).
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Access } from '../../domain/roles';
import { recordAudit, type Actor } from '../audit/audit';
import { rowsOf, type Db } from '../db/client';
import { agencies, counters, devices, pairingCodes } from '../db/schema';
import { agencyFilter } from '../access/agency-filter';
import { LAST_SEEN_RESOLUTION_MS, type AuthenticatedDevice, type OutboxReport } from '../access/device-tokens';

/**
 * Store what the tablet says its outbox holds. Written only when it changed or the last report is over a minute old,
 * so a busy tablet does not write its device row on every batch.
 */
export async function recordOutboxReport(db: Db, device: AuthenticatedDevice, report: OutboxReport, now = new Date()): Promise<void> {
	const same = device.reported?.pending === report.pending && device.reported?.held === report.held;
	const fresh = device.reportedAt !== null && now.getTime() - device.reportedAt.getTime() <= LAST_SEEN_RESOLUTION_MS;
	if (same && fresh) return;
	await db.update(devices).set({ reportedPending: report.pending, reportedHeld: report.held, reportedAt: now })
		.where(and(eq(devices.mallId, device.mallId), eq(devices.id, device.id)));
}

/**
 * Revoke a device: its token stops working at once; the tablet keeps its queue until it is paired again. With an
 * `actor`, a revocation that changes something is written to the audit log in the same transaction.
 */
export async function revokeDevice(db: Db, deviceId: number, mallId: number | null, now = new Date(), actor?: Actor): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [device] = await tx
			.select({ mallId: devices.mallId, revokedAt: devices.revokedAt })
			.from(devices)
			.where(and(eq(devices.id, deviceId), mallId ? eq(devices.mallId, mallId) : undefined))
			.for('update');
		if (!device) return false;
		if (device.revokedAt) return true;
		await tx.update(devices).set({ revokedAt: now }).where(eq(devices.id, deviceId));
		if (actor) await recordAudit(tx, { mallId: device.mallId, actor, action: 'device.revoke', entity: 'device', entityId: deviceId, before: { revokedAt: null }, after: { revokedAt: now.toISOString() } });
		return true;
	});
}

/**
 * Unpair a counter that goes out of service (pass the transaction of its archiving): its tablets' tokens stop working,
 * each revocation is an audit entry, and pairing codes not yet used for it expire. Returns the revoked tablets' ids.
 */
export async function unpairCounter(db: Db, mallId: number, counterId: number, actor: Actor, now: Date): Promise<number[]> {
	const revoked = await db
		.update(devices)
		.set({ revokedAt: now })
		.where(and(eq(devices.mallId, mallId), eq(devices.counterId, counterId), isNull(devices.revokedAt)))
		.returning({ id: devices.id });
	for (const { id } of revoked) {
		await recordAudit(db, { mallId, actor, action: 'device.revoke', entity: 'device', entityId: id, before: { revokedAt: null }, after: { revokedAt: now.toISOString(), reason: 'counter.archive' } });
	}
	await db
		.update(pairingCodes)
		.set({ expiresAt: now })
		.where(and(eq(pairingCodes.mallId, mallId), eq(pairingCodes.counterId, counterId), isNull(pairingCodes.usedAt), sql`${pairingCodes.expiresAt} > ${now.toISOString()}::timestamptz`));
	return revoked.map((d) => d.id);
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

/** A tablet not heard from for this long is flagged (a working day plus the night). */
const SILENT_AFTER_MS = 24 * 60 * 60_000;

export interface DeviceRow {
	id: number;
	name: string;
	agencyId: number;
	agencyName: string;
	counterCode: string;
	counterName: string;
	lastSeenAt: Date | null;
	/** Not heard from for SILENT_AFTER_MS (or never), and not revoked. */
	silent: boolean;
	/** What the tablet last reported of its outbox; null before its first report. */
	queue: { pending: number; held: number; at: Date } | null;
	highestSeq: number;
	received: number;
	/** Taps held back by the minimum interval. */
	suppressed: number;
	gaps: SequenceGap[];
	/** Sequence numbers missing in all gaps. */
	missing: number;
	revoked: boolean;
}

/**
 * The tablets `access` may see — of its mall (of every mall for an installation-wide token), for a manager only their
 * agencies' — by agency, counter and id: when each last reached the server, what it says waits in its outbox, what
 * it delivered and the sequence numbers that never arrived. The devices pages and GET /api/v1/admin/devices list these.
 */
export async function listDevices(db: Db, access: Access, now = new Date()): Promise<DeviceRow[]> {
	const rows = await db
		.select({
			id: devices.id,
			name: devices.name,
			agencyId: counters.agencyId,
			agencyName: agencies.name,
			counterCode: counters.code,
			counterName: counters.name,
			lastSeenAt: devices.lastSeenAt,
			reportedPending: devices.reportedPending,
			reportedHeld: devices.reportedHeld,
			reportedAt: devices.reportedAt,
			highestSeq: devices.highestSeq,
			revokedAt: devices.revokedAt,
			received: sql<number>`(select count(*)::int from responses r where r.device_id = ${devices.id})`,
			suppressed: sql<number>`(select count(*)::int from suppressed_submissions s where s.device_id = ${devices.id})`
		})
		.from(devices)
		.innerJoin(counters, eq(counters.id, devices.counterId))
		.innerJoin(agencies, eq(agencies.id, counters.agencyId))
		.where(and(access.mallId === null ? undefined : eq(devices.mallId, access.mallId), agencyFilter(counters.agencyId, access)))
		.orderBy(asc(agencies.name), asc(counters.code), asc(devices.id));
	return Promise.all(
		rows.map(async (row) => {
			const gaps = await sequenceGaps(db, row.id);
			return {
				id: row.id,
				name: row.name,
				agencyId: row.agencyId,
				agencyName: row.agencyName,
				counterCode: row.counterCode,
				counterName: row.counterName,
				lastSeenAt: row.lastSeenAt,
				silent: row.revokedAt === null && (row.lastSeenAt === null || now.getTime() - row.lastSeenAt.getTime() > SILENT_AFTER_MS),
				queue:
					row.reportedPending === null || row.reportedHeld === null || row.reportedAt === null
						? null
						: { pending: row.reportedPending, held: row.reportedHeld, at: row.reportedAt },
				highestSeq: row.highestSeq,
				received: Number(row.received),
				suppressed: Number(row.suppressed),
				gaps,
				missing: gaps.reduce((sum, gap) => sum + (Number(gap.to) - Number(gap.from) + 1), 0),
				revoked: row.revokedAt !== null
			};
		})
	);
}

/** A tablet as the admin API lists it. */
export interface DeviceStatus {
	id: number;
	name: string;
	counterCode: string;
	lastSeenAt: Date | null;
	highestSeq: number;
	received: number;
	suppressed: number;
	gaps: SequenceGap[];
	revoked: boolean;
}

/** The admin API's list of `listDevices`: by id, with what each tablet delivered. */
export function deviceStatuses(list: readonly DeviceRow[]): DeviceStatus[] {
	return [...list]
		.sort((a, b) => a.id - b.id)
		.map((d) => ({
			id: d.id,
			name: d.name,
			counterCode: d.counterCode,
			lastSeenAt: d.lastSeenAt,
			highestSeq: d.highestSeq,
			received: d.received,
			suppressed: d.suppressed,
			gaps: d.gaps,
			revoked: d.revoked
		}));
}
