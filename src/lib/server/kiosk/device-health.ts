/**
 * Device health for the dashboard: when each tablet last reached the server, what it says waits in its outbox, and
 * the sequence numbers that never arrived — limited to the devices of the agencies an access may read.
 */
import { sql } from 'drizzle-orm';
import type { Access } from '../../domain/roles';
import { executePrepared, type Db } from '../db/client';
import { sequenceGaps, type SequenceGap } from './devices';

/** A tablet not heard from for this long is flagged (a working day plus the night). */
export const SILENT_AFTER_MS = 24 * 60 * 60_000;

export interface DeviceHealth {
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
	gaps: SequenceGap[];
	/** Sequence numbers missing in all gaps. */
	missing: number;
	revoked: boolean;
}

export async function listDeviceHealth(db: Db, access: Access & { mallId: number }, now = new Date()): Promise<DeviceHealth[]> {
	const agencyFilter = access.agencyIds === null ? sql`true` : sql`c.agency_id = any(${`{${[...access.agencyIds, -1].join(',')}}`}::int[])`;
	const rows = await executePrepared<{
		id: number;
		name: string;
		agency_id: number;
		agency_name: string;
		counter_code: string;
		counter_name: string;
		last_seen_at: string | Date | null;
		reported_pending: number | null;
		reported_held: number | null;
		reported_at: string | Date | null;
		highest_seq: number;
		received: string | number;
		revoked_at: string | Date | null;
	}>(
		db,
		sql`
			select d.id, d.name, c.agency_id, a.name as agency_name, c.code as counter_code, c.name as counter_name, d.last_seen_at,
				d.reported_pending, d.reported_held, d.reported_at, d.highest_seq, d.revoked_at,
				(select count(*) from responses r where r.device_id = d.id) as received
			from devices d join counters c on c.id = d.counter_id join agencies a on a.id = c.agency_id
			where d.mall_id = ${access.mallId} and ${agencyFilter}
			order by a.name, c.code, d.id`
	);
	return Promise.all(
		rows.map(async (row) => {
			const lastSeenAt = row.last_seen_at === null ? null : new Date(row.last_seen_at);
			const gaps = await sequenceGaps(db, row.id);
			return {
				id: row.id,
				name: row.name,
				agencyId: row.agency_id,
				agencyName: row.agency_name,
				counterCode: row.counter_code,
				counterName: row.counter_name,
				lastSeenAt,
				silent: row.revoked_at === null && (lastSeenAt === null || now.getTime() - lastSeenAt.getTime() > SILENT_AFTER_MS),
				queue:
					row.reported_pending === null || row.reported_held === null || row.reported_at === null
						? null
						: { pending: row.reported_pending, held: row.reported_held, at: new Date(row.reported_at) },
				highestSeq: row.highest_seq,
				received: Number(row.received),
				gaps,
				missing: gaps.reduce((sum, gap) => sum + (Number(gap.to) - Number(gap.from) + 1), 0),
				revoked: row.revoked_at !== null
			};
		})
	);
}
