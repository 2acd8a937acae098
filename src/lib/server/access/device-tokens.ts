/**
 * A tablet's token: which paired device sends a request, and the counters it may submit for (the ingestion guard
 * requireDevice). The server keeps only the token's hash.
 */
import { and, eq, sql } from 'drizzle-orm';
import { counterArchivedAt } from '../db/archived';
import { executePrepared, type Db } from '../db/client';
import { groupCommit } from '../db/group-commit';
import { devices } from '../db/schema';
import { hashToken } from './tokens';

/** A counter a submitter may submit for: its agency, its own service, and the services of its agency. */
export interface CounterInfo {
	agencyId: number;
	serviceId: number;
	agencyServices: readonly number[];
	/** Since when the counter is out of service (it, its service or its agency archived); null while in use. */
	archivedAt: Date | null;
	/** The agency's archived services, with their archive time. */
	archivedServices: ReadonlyMap<number, Date>;
}

/** A counter's CounterInfo as JSON, for a row `c` of counters: the one definition for the device guard and the phone survey. */
export const COUNTER_INFO_JSON = sql`json_build_object('id', c.id, 'agencyId', c.agency_id, 'serviceId', c.service_id,
	'agencyServices', array(select s.id from services s where s.mall_id = c.mall_id and s.agency_id = c.agency_id),
	'archivedAt', ${counterArchivedAt(sql`c.mall_id`, sql`c.id`)},
	'archivedServices', coalesce((select json_object_agg(s.id, s.archived_at) from services s
		where s.mall_id = c.mall_id and s.agency_id = c.agency_id and s.archived_at is not null), '{}'::json))`;

export interface CounterInfoJson {
	id: number;
	agencyId: number;
	serviceId: number;
	agencyServices: number[];
	archivedAt: string | null;
	archivedServices: Record<string, string>;
}

/** COUNTER_INFO_JSON's rows by counter id. */
export function counterInfos(rows: readonly CounterInfoJson[]): Map<number, CounterInfo> {
	return new Map(
		rows.map((c) => [
			Number(c.id),
			{
				agencyId: Number(c.agencyId),
				serviceId: Number(c.serviceId),
				agencyServices: c.agencyServices.map(Number),
				archivedAt: c.archivedAt === null ? null : new Date(c.archivedAt),
				archivedServices: new Map(Object.entries(c.archivedServices).map(([id, at]) => [Number(id), new Date(at)]))
			}
		])
	);
}

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

/**
 * Record "last seen" (and an unchanged outbox report) at most this often: a busy tablet should not write its device
 * row just for that.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

interface DeviceRow {
	token_hash: string;
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
	counters: CounterInfoJson[];
}

/**
 * The device rows of several token hashes in one read: requests that arrive while a read is in flight are looked up
 * together when it ends (group commit for reads, db/group-commit.ts), so a hall of tablets costs one query per round
 * instead of one per request. Each request still reads its device after it arrived: a revoked token is refused at once.
 */
const readDevices = groupCommit<string, DeviceRow | undefined>({
	async run(db, hashes) {
		// Token hashes are hex: the array literal needs no quoting.
		const rows = await executePrepared<DeviceRow>(
			db,
			sql`
				select d.token_hash, d.id, d.mall_id, d.counter_id, d.name, d.highest_seq, d.revoked_at, d.last_seen_at, d.reported_pending, d.reported_held, d.reported_at,
					coalesce((
						select json_agg(${COUNTER_INFO_JSON})
						from device_assignments a join counters c on c.mall_id = a.mall_id and c.id = a.counter_id
						where a.mall_id = d.mall_id and a.device_id = d.id
					), '[]'::json) as counters
				from devices d where d.token_hash = any(${`{${hashes.join(',')}}`}::text[])`
		);
		const byHash = new Map(rows.map((row) => [row.token_hash, row]));
		return hashes.map((hash) => byHash.get(hash));
	},
	fits: (group) => group.length < 64
});

/**
 * The device a token belongs to, with the counters it may submit for — one read on the hot path of ingestion (its
 * request is counted against the device's limit by the statement that stores its responses), shared with the
 * requests that wait beside it.
 */
export async function authenticateDevice(db: Db, token: string, now = new Date()): Promise<DeviceAuth> {
	const row = await readDevices(db, hashToken(token));
	if (!row) return { error: 'unknown_device' };
	if (row.revoked_at) return { error: 'device_revoked' };
	if (!row.last_seen_at || now.getTime() - new Date(row.last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
		await db.update(devices).set({ lastSeenAt: now }).where(and(eq(devices.mallId, row.mall_id), eq(devices.id, row.id)));
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
		counters: counterInfos(row.counters)
	};
}
