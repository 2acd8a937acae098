/**
 * Storing responses from a device, idempotently: each client UUID is stored once; a retry of the same content is
 * a duplicate, other content under a stored UUID a conflict; a bad item is rejected with its field and reason
 * and never blocks the good ones in its batch.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import * as v from 'valibot';
import { redactPersonalData } from '../../domain/privacy';
import { parseInstant } from '../../domain/values';
import { executePrepared, rowsOf, type Db } from '../db/client';
import { deviceAssignments, devices, instrumentReasons, instruments, responses, suppressedSubmissions } from '../db/schema';
import { serializeSmallintArray } from '../db/schema/answer-array';
import { COUNTER_INFO_JSON, counterInfos, type CounterInfo, type CounterInfoJson } from '../access/device-tokens';
import { dailyCounts, dailyItems, dailySuppressed, hourlyHeat, monthlyProfile, writeAllGrains, writeProfile } from '../rollups/rollup-sql';
import { groupCommit } from '../db/group-commit';
import { ResponseItemSchema, SuppressedItemSchema, fieldErrors, type FieldError, type ResponseItem } from './schema';

type ItemStatus = 'stored' | 'duplicate' | 'conflict' | 'rejected';

export interface ItemResult {
	/** The item's id when it had a readable one. */
	id: string | null;
	/** Position of the item in the request (0-based). */
	index: number;
	status: ItemStatus;
	errors?: FieldError[];
}

export interface Submitter {
	mallId: number;
	channel: 'kiosk' | 'qr' | 'ticket';
	/** The tablet (kiosk channel); null for phones. */
	deviceId: number | null;
	/** The one-time ticket a phone rates with (channel 'ticket'): its id, and the service it names (else the item's). */
	ticket?: { id: number; serviceId: number | null };
	/** Counters this submitter may submit for, by id. */
	counters: ReadonlyMap<number, CounterInfo>;
}

/** How far a device clock may run ahead of the server's before a timestamp is refused. */
const MAX_CLOCK_AHEAD_MS = 24 * 3600_000;
const EARLIEST = Date.parse('2020-01-01T00:00:00Z');

type Row = typeof responses.$inferInsert;

interface InstrumentInfo {
	id: number;
	itemCount: number;
	reasons: Set<string>;
}

let instrumentCache: { db: Db; index: Map<string, InstrumentInfo> } | undefined;

/**
 * Published instruments by "code@version". A published version never changes, so the index is kept per process
 * and reloaded only when a request names a version it does not know (e.g. one published since).
 */
async function knownInstruments(db: Db, keys: readonly string[]): Promise<Map<string, InstrumentInfo>> {
	if (!instrumentCache || instrumentCache.db !== db || keys.some((key) => !instrumentCache!.index.has(key))) {
		instrumentCache = { db, index: await instrumentIndex(db) };
	}
	return instrumentCache.index;
}

async function instrumentIndex(db: Db): Promise<Map<string, InstrumentInfo>> {
	const rows = await db
		.select({
			id: instruments.id,
			key: sql<string>`${instruments.code} || '@' || ${instruments.version}`,
			itemCount: sql<number>`(select count(*)::int from instrument_items i where i.instrument_id = ${instruments.id})`
		})
		.from(instruments)
		.where(eq(instruments.status, 'published'));
	const reasons = await db.select({ instrumentId: instrumentReasons.instrumentId, code: instrumentReasons.code }).from(instrumentReasons);
	return new Map(
		rows.map((r) => [
			r.key,
			{ id: r.id, itemCount: Number(r.itemCount), reasons: new Set(reasons.filter((x) => x.instrumentId === r.id).map((x) => x.code)) }
		])
	);
}

/** Check one parsed item against what the server knows; the row to insert, or the field errors. */
function toRow(
	item: ResponseItem,
	submitter: Submitter,
	instruments: Map<string, InstrumentInfo>,
	now: Date
): { row: Row } | { errors: FieldError[] } {
	const errors: FieldError[] = [];
	const instrument = instruments.get(`${item.instrument.code}@${item.instrument.version}`);
	if (!instrument) errors.push({ field: 'instrument', message: `no published instrument ${item.instrument.code} version ${item.instrument.version}` });
	else if (item.answers.length !== instrument.itemCount) {
		errors.push({ field: 'answers', message: `must have ${instrument.itemCount} entries for this instrument, not ${item.answers.length}` });
	}
	if (item.answers.every((a) => a === null)) errors.push({ field: 'answers', message: 'at least one item must be answered' });
	const unknownReasons = (item.reasons ?? []).filter((code) => !instrument?.reasons.has(code));
	if (unknownReasons.length) errors.push({ field: 'reasons', message: `unknown reason ${unknownReasons.join(', ')} for this instrument` });

	const counter = submitter.counters.get(item.counterId);
	if (!counter) errors.push({ field: 'counterId', message: 'this device is not paired to that counter' });
	const serviceId = submitter.ticket?.serviceId ?? item.serviceId ?? counter?.serviceId;
	if (counter && item.serviceId !== undefined && !counter.agencyServices.includes(item.serviceId)) {
		errors.push({ field: 'serviceId', message: "is not a service of the counter's agency" });
	}
	const submittedAt = parseInstant(item.submittedAt)!; // the schema checked it
	if (submittedAt.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS) errors.push({ field: 'submittedAt', message: 'is more than a day in the future (check the device clock)' });
	if (submittedAt.getTime() < EARLIEST) errors.push({ field: 'submittedAt', message: 'is before 2020 (check the device clock)' });
	// An archived unit keeps the ratings made while it served; one made after its archive time is refused.
	if (counter?.archivedAt && submittedAt >= counter.archivedAt) {
		errors.push({ field: 'counterId', message: `is out of service: archived at ${counter.archivedAt.toISOString()}, after which no rating is stored` });
	}
	// A rating for another service of the counter's agency (its own service is in the counter's chain above).
	const serviceArchivedAt = counter && item.serviceId !== undefined && item.serviceId !== counter.serviceId ? counter.archivedServices.get(item.serviceId) : undefined;
	if (serviceArchivedAt && submittedAt >= serviceArchivedAt) {
		errors.push({ field: 'serviceId', message: `is out of service: archived at ${serviceArchivedAt.toISOString()}, after which no rating is stored` });
	}
	if (errors.length) return { errors };

	const comment = item.comment?.trim() ? redactPersonalData(item.comment.trim()) : null;
	return {
		row: {
			id: item.id.toLowerCase(),
			mallId: submitter.mallId,
			agencyId: counter!.agencyId,
			serviceId: serviceId!,
			counterId: item.counterId,
			deviceId: submitter.deviceId,
			deviceSeq: submitter.deviceId === null ? null : item.seq,
			instrumentId: instrument!.id,
			submittedAt,
			channel: submitter.channel,
			ticketId: submitter.ticket?.id ?? null,
			status: item.status,
			answers: item.answers,
			reasons: item.reasons?.length ? [...item.reasons] : null,
			sex: item.profile?.sex ?? null,
			ageBand: item.profile?.ageBand ?? null,
			education: item.profile?.education ?? null,
			occupation: item.profile?.occupation ?? null,
			comment
		}
	};
}

/** What makes two submissions of one UUID the same response. */
function contentKey(row: Row | typeof responses.$inferSelect): string {
	return JSON.stringify([
		row.mallId,
		row.agencyId,
		row.serviceId,
		row.counterId ?? null,
		row.deviceId ?? null,
		row.deviceSeq ?? null,
		row.instrumentId,
		new Date(row.submittedAt).getTime(),
		row.channel,
		row.ticketId ?? null,
		row.status,
		row.answers,
		row.reasons ?? null,
		row.sex ?? null,
		row.ageBand ?? null,
		row.education ?? null,
		row.occupation ?? null,
		row.comment ?? null
	]);
}

/** A PostgreSQL array literal ({1,NULL,"a \"b\""}): numbers bare, strings quoted and escaped, null as NULL. */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
	const element = (v: string | number | null) =>
		v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
	return `{${values.map(element).join(',')}}`;
}

/**
 * One array parameter per column (sent as an array literal, which every driver passes as text): the statement's
 * text and plan are the same for 1 row or 500, and a batch binds 18 parameters instead of 9 000.
 */
const column = (rows: readonly Row[], value: (row: Row) => string | number | null) => arrayLiteral(rows.map(value));

/** Requests one tablet may send per minute (per device, not per address: a hall of tablets shares one). */
export const DEVICE_BATCHES_PER_MINUTE = 600;

/** Thrown when a device went over its per-minute limit; nothing of the request was stored. */
export class RateLimitedError extends Error {
	constructor(readonly retryAfterSeconds: number) {
		super(`too many requests from this device; retry in ${retryAfterSeconds} s`);
	}
}

const minuteWindow = (now: Date) => new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();

/** One device request to count in a statement: its device, the highest sequence number it sends, and when. */
export interface DeviceMeter {
	mallId: number;
	deviceId: number;
	maxSeq: number;
	now: Date;
}

/**
 * Count each device's request in its one-minute window (and raise its highest sequence number if the request may
 * proceed), for one or several devices at once (a coalesced statement meters each of its requests' devices once).
 */
function meterDevices(meters: readonly DeviceMeter[]): SQL {
	const window = sql`m.window_start`;
	const hits = sql`case when d.rate_window_start = ${window} then d.rate_hits + 1 else 1 end`;
	return sql`
		update devices d set
			rate_hits = ${hits},
			rate_window_start = ${window},
			highest_seq = case when ${hits} <= ${DEVICE_BATCHES_PER_MINUTE} then greatest(d.highest_seq, m.max_seq) else d.highest_seq end
		from unnest(${arrayLiteral(meters.map((m) => m.mallId))}::int[], ${arrayLiteral(meters.map((m) => m.deviceId))}::int[],
			${arrayLiteral(meters.map((m) => m.maxSeq))}::int[], ${arrayLiteral(meters.map((m) => minuteWindow(m.now)))}::timestamptz[])
			as m(mall_id, id, max_seq, window_start)
		where d.mall_id = m.mall_id and d.id = m.id
		returning d.id, d.rate_hits`;
}

/**
 * Insert the rows that are new and count them into the rollups — and count each device request of `meters` against
 * its device's limit first (nothing of a device past it is inserted; rows without a device are not metered). One
 * prepared statement: the rollups can never disagree with the raw data, and a batch (or a coalesced group of
 * requests, one per device) costs one round trip. Returns the ids stored and each metered device's count.
 */
export async function insertWithRollups(db: Db, rows: readonly Row[], meters: readonly DeviceMeter[]): Promise<{ ids: string[]; rateHits: Map<number, number> }> {
	const [result] = await executePrepared<{ ids: string[] | null; device_ids: number[] | null; rate_hits: number[] | null }>(
		db,
		sql`
			with device as (${meterDevices(meters)}),
			inserted as (
				insert into responses (id, mall_id, agency_id, service_id, counter_id, device_id, device_seq, instrument_id,
					submitted_at, channel, ticket_id, status, answers, reasons, sex, age_band, education, occupation, comment)
				select id, mall_id, agency_id, service_id, counter_id, device_id, device_seq, instrument_id,
					submitted_at, channel, ticket_id, status, answers::smallint[], reasons::text[], sex, age_band, education, occupation, comment
				from unnest(
					${column(rows, (r) => r.id)}::uuid[], ${column(rows, (r) => r.mallId)}::int[], ${column(rows, (r) => r.agencyId)}::int[],
					${column(rows, (r) => r.serviceId)}::int[], ${column(rows, (r) => r.counterId ?? null)}::int[],
					${column(rows, (r) => r.deviceId ?? null)}::int[], ${column(rows, (r) => r.deviceSeq ?? null)}::int[],
					${column(rows, (r) => r.instrumentId)}::int[], ${column(rows, (r) => r.submittedAt.toISOString())}::timestamptz[],
					${column(rows, (r) => r.channel)}::text[], ${column(rows, (r) => r.ticketId ?? null)}::int[], ${column(rows, (r) => r.status)}::text[],
					${column(rows, (r) => serializeSmallintArray(r.answers))}::text[],
					${column(rows, (r) => (r.reasons ? arrayLiteral(r.reasons) : null))}::text[],
					${column(rows, (r) => r.sex ?? null)}::text[], ${column(rows, (r) => r.ageBand ?? null)}::text[],
					${column(rows, (r) => r.education ?? null)}::text[], ${column(rows, (r) => r.occupation ?? null)}::text[],
					${column(rows, (r) => r.comment ?? null)}::text[]
				) as t(id, mall_id, agency_id, service_id, counter_id, device_id, device_seq, instrument_id,
					submitted_at, channel, ticket_id, status, answers, reasons, sex, age_band, education, occupation, comment)
				where t.device_id is null or (select dv.rate_hits from device dv where dv.id = t.device_id) <= ${DEVICE_BATCHES_PER_MINUTE}
				-- A ticket's second rating meets the unique key on (mall_id, ticket_id) (responses_ticket_once), however many race.
				on conflict ${rows.some((r) => r.ticketId != null) ? sql`` : sql`(mall_id, id)`} do nothing
				returning *
			),
			daily_items as materialized (${dailyItems(sql`inserted`)}),
			daily_counts as materialized (${dailyCounts(sql`inserted`)}),
			hourly_heat as materialized (${hourlyHeat(sql`inserted`)}),
			monthly_profile as materialized (${monthlyProfile(sql`inserted`)}),
			${writeAllGrains(sql`daily_items`, sql`daily_counts`, sql`hourly_heat`, true)},
			${writeProfile(sql`monthly_profile`, true)}
			select (select array_agg(id) from inserted) as ids,
				(select array_agg(dv.id order by dv.id) from device dv) as device_ids, (select array_agg(dv.rate_hits order by dv.id) from device dv) as rate_hits`
	);
	const deviceIds = (result?.device_ids ?? []).map(Number);
	const rateHits = new Map(deviceIds.map((id, i) => [id, Number(result!.rate_hits![i])]));
	return { ids: (result?.ids ?? []).map(String), rateHits };
}

/** A request's part of a coalesced statement: its new rows and its device's meter. */
interface DeviceRequest {
	rows: readonly Row[];
	meter: DeviceMeter;
}

/** Requests of at most this many rows are coalesced; larger batches are a statement of their own already. */
const COALESCE_MAX_ROWS = 20;
/** A coalesced statement carries at most this many rows (the batch path's size). */
const GROUP_MAX_ROWS = 500;

/**
 * Small device requests stored by group commit (group-commit.ts): one statement for the requests that wait while
 * another is in flight. A group holds at most one request per device (its meter counts each request) and per UUID
 * (a UUID sent twice at once is stored by the first and judged 'duplicate' or 'conflict' against it in the next).
 */
const insertCoalesced = groupCommit<DeviceRequest, { ids: string[]; rateHits: number }>({
	async run(db, group) {
		const inserted = await insertWithRollups(
			db,
			group.flatMap((request) => request.rows),
			group.map((request) => request.meter)
		);
		return group.map((request) => ({ ids: inserted.ids, rateHits: inserted.rateHits.get(request.meter.deviceId) ?? 0 }));
	},
	fits(group, request) {
		if (group.reduce((n, r) => n + r.rows.length, 0) + request.rows.length > GROUP_MAX_ROWS) return false;
		if (group.some((r) => r.meter.deviceId === request.meter.deviceId)) return false;
		const ids = new Set(group.flatMap((r) => r.rows.map((row) => row.id)));
		return !request.rows.some((row) => ids.has(row.id));
	}
});

/** Store a device's (or a phone's) new rows: small device requests coalesced, the others as a statement of their own. */
async function storeRows(db: Db, rows: readonly Row[], mallId: number, deviceId: number | null, now: Date): Promise<{ ids: string[]; rateHits: number }> {
	if (deviceId === null) return { ids: (await insertWithRollups(db, rows, [])).ids, rateHits: 0 };
	const meter = { mallId, deviceId, maxSeq: Math.max(0, ...rows.map((r) => r.deviceSeq ?? 0)), now };
	if (rows.length <= COALESCE_MAX_ROWS && rows.every((r) => r.ticketId == null)) return insertCoalesced(db, { rows, meter });
	const inserted = await insertWithRollups(db, rows, [meter]);
	return { ids: inserted.ids, rateHits: inserted.rateHits.get(deviceId) ?? 0 };
}

/** Count a request that stores nothing (every item refused) against the device's limit. */
async function countDeviceRequest(db: Db, mallId: number, deviceId: number, now: Date): Promise<number> {
	const [row] = await executePrepared<{ rate_hits: number }>(db, meterDevices([{ mallId, deviceId, maxSeq: 0, now }]));
	return Number(row?.rate_hits ?? 0);
}

function checkLimit(rateHits: number, now: Date) {
	if (rateHits > DEVICE_BATCHES_PER_MINUTE) throw new RateLimitedError(60 - now.getUTCSeconds());
}

/** The instruments a batch names, looked up once for all its items. */
function instrumentsOf(db: Db, items: readonly unknown[]): Promise<Map<string, InstrumentInfo>> {
	const keys = items.map((raw) => {
		const instrument = (raw as { instrument?: { code?: unknown; version?: unknown } } | null)?.instrument;
		return `${instrument?.code}@${instrument?.version}`;
	});
	return knownInstruments(db, keys.filter((key) => /^[\w.-]+@\d+$/.test(key)));
}

/** One item checked: the row to insert, or its rejection (schema first, then what the server knows). */
function checkItem(raw: unknown, index: number, submitter: Submitter, instruments: Map<string, InstrumentInfo>, now: Date): { row: Row } | { rejected: ItemResult } {
	const parsed = v.safeParse(ResponseItemSchema, raw);
	if (!parsed.success) {
		const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
		return { rejected: { id: rawId, index, status: 'rejected', errors: fieldErrors(parsed.issues) } };
	}
	const checked = toRow(parsed.output, submitter, instruments, now);
	return 'errors' in checked ? { rejected: { id: parsed.output.id, index, status: 'rejected', errors: checked.errors } } : checked;
}

/**
 * Check one item as `recordResponses` would, without storing anything: null when it would be stored (or found a
 * duplicate), else its rejection. The phone survey counts its rate limits only for items that pass.
 */
export async function checkResponseItem(db: Db, submitter: Submitter, raw: unknown, now = new Date()): Promise<ItemResult | null> {
	const checked = checkItem(raw, 0, submitter, await instrumentsOf(db, [raw]), now);
	return 'rejected' in checked ? checked.rejected : null;
}

/**
 * Validate and store a batch of responses; one result per item, in request order. A device's request counts against
 * its per-minute limit; past it a RateLimitedError is thrown and nothing is stored.
 */
export async function recordResponses(db: Db, submitter: Submitter, items: readonly unknown[], now = new Date()): Promise<ItemResult[]> {
	const instruments = await instrumentsOf(db, items);
	const results: ItemResult[] = [];
	const candidates = new Map<string, { row: Row; indexes: number[] }>();
	items.forEach((raw, index) => {
		const checked = checkItem(raw, index, submitter, instruments, now);
		if ('rejected' in checked) {
			results[index] = checked.rejected;
			return;
		}
		const seen = candidates.get(checked.row.id!);
		if (seen) {
			// The same UUID twice in one batch: the first is stored, the second compared with it.
			results[index] = { id: checked.row.id!, index, status: contentKey(seen.row) === contentKey(checked.row) ? 'duplicate' : 'conflict' };
			if (results[index]!.status === 'conflict') results[index]!.errors = [{ field: 'id', message: 'this UUID was sent with other content' }];
			return;
		}
		candidates.set(checked.row.id!, { row: checked.row, indexes: [index] });
	});

	if (candidates.size === 0) {
		if (submitter.deviceId !== null) checkLimit(await countDeviceRequest(db, submitter.mallId, submitter.deviceId, now), now);
	} else {
		const rows = [...candidates.values()].map((c) => c.row);
		const inserted = await storeRows(db, rows, submitter.mallId, submitter.deviceId, now);
		checkLimit(inserted.rateHits, now);
		const stored = new Set(inserted.ids);
		const others = rows.filter((row) => !stored.has(row.id!)).map((row) => row.id!);
		const existing = others.length ? await db.select().from(responses).where(and(eq(responses.mallId, submitter.mallId), inArray(responses.id, others))) : [];
		const existingKeys = new Map(existing.map((row) => [row.id, contentKey(row)]));
		for (const { row, indexes } of candidates.values()) {
			const index = indexes[0]!;
			if (stored.has(row.id!)) results[index] = { id: row.id!, index, status: 'stored' };
			else if (existingKeys.get(row.id!) === contentKey(row)) results[index] = { id: row.id!, index, status: 'duplicate' };
			else results[index] = { id: row.id!, index, status: 'conflict', errors: [{ field: 'id', message: 'this UUID is stored with other content' }] };
		}
	}
	return results;
}

/** Record taps the kiosk held back within the minimum interval (counted, never stored as responses). */
export async function recordSuppressed(db: Db, submitter: Submitter, items: readonly unknown[]): Promise<ItemResult[]> {
	if (submitter.deviceId === null) return items.map((_, index) => ({ id: null, index, status: 'rejected', errors: [{ field: 'suppressed', message: 'only devices report suppressed taps' }] }));
	const results: ItemResult[] = [];
	const rows: (typeof suppressedSubmissions.$inferInsert & { index: number })[] = [];
	items.forEach((raw, index) => {
		const parsed = v.safeParse(SuppressedItemSchema, raw);
		if (!parsed.success) results[index] = { id: null, index, status: 'rejected', errors: fieldErrors(parsed.issues) };
		else if (!submitter.counters.has(parsed.output.counterId)) {
			results[index] = { id: parsed.output.id, index, status: 'rejected', errors: [{ field: 'counterId', message: 'this device is not paired to that counter' }] };
		} else {
			rows.push({ id: parsed.output.id.toLowerCase(), mallId: submitter.mallId, deviceId: submitter.deviceId!, counterId: parsed.output.counterId, at: parseInstant(parsed.output.at)!, index });
		}
	});
	if (rows.length) {
		// Store the new taps and count them in the day's rollup, in one statement.
		const inserted = await executePrepared<{ id: string }>(
			db,
			sql`
				with inserted as (
					insert into suppressed_submissions (id, mall_id, device_id, counter_id, at)
					values ${sql.join(
						rows.map((r) => sql`(${r.id}::uuid, ${r.mallId}::int, ${r.deviceId}::int, ${r.counterId}::int, ${r.at.toISOString()}::timestamptz)`),
						sql`, `
					)}
					on conflict (mall_id, id) do nothing
					returning *
				),
				daily as materialized (${dailySuppressed(sql`inserted`)}),
				${writeAllGrains(null, sql`daily`, null, true)}
				select id from inserted`
		);
		const stored = new Set(inserted.map((r) => r.id));
		for (const row of rows) results[row.index] = { id: row.id, index: row.index, status: stored.has(row.id) ? 'stored' : 'duplicate' };
	}
	return results;
}

/** Counters by id with their agency, service, the agency's services and since when each is out of service (one query). */
export async function loadCounters(db: Db, counterIds: readonly number[]): Promise<Map<number, CounterInfo>> {
	if (counterIds.length === 0) return new Map();
	const rows = rowsOf<{ info: CounterInfoJson }>(
		await db.execute(sql`select ${COUNTER_INFO_JSON} as info from counters c where c.id in (${sql.join(counterIds.map((id) => sql`${id}`), sql`, `)})`)
	);
	return counterInfos(rows.map((r) => r.info));
}

/** What a device may submit: every counter it has been paired to (for tests and tools; requests use the guard). */
export async function submitterForDevice(db: Db, deviceId: number): Promise<Submitter> {
	const [device] = await db.select({ mallId: devices.mallId }).from(devices).where(eq(devices.id, deviceId));
	const assigned = await db.select({ counterId: deviceAssignments.counterId }).from(deviceAssignments).where(eq(deviceAssignments.deviceId, deviceId));
	return { mallId: device!.mallId, channel: 'kiosk', deviceId, counters: await loadCounters(db, assigned.map((a) => a.counterId)) };
}
