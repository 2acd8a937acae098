/**
 * What the integrity checks read: a hall's raw responses of a period with their local day and time, the names of
 * their devices, counters and services, served volumes and tickets, sequence gaps and pairings. Nothing is filtered
 * out here: the checks (./checks) decide what to flag, and the page shows every response either way.
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Access } from '../../domain/roles';
import { agencyCondition, agencyFilter } from '../access/agency-filter';
import { rowsOf, type Db } from '../db/client';
import { counters, deviceAssignments, devices, instruments, malls, responses, services, serviceVolumes, tickets } from '../db/schema';

/** The instants a period's local days cover: [start, end). */
export interface Span {
	mallId: number;
	start: Date;
	end: Date;
	timeZone: string;
	/** Only this unit's responses (already checked readable), or every agency's the access reads. */
	unit: IntegrityUnit | null;
}

/** The unit below the hall a check is limited to: the page's agency, or a Laporan SKM's agency, service or counter. */
export interface IntegrityUnit {
	type: 'agency' | 'service' | 'counter';
	id: number;
}

const UNIT_COLUMNS = { agency: responses.agencyId, service: responses.serviceId, counter: responses.counterId } as const;
const UNIT_SQL = { agency: sql`r.agency_id`, service: sql`r.service_id`, counter: sql`r.counter_id` } as const;

/** The responses of the access's agencies, and of the unit when one is given. */
function scoped(access: Access, unit: IntegrityUnit | null) {
	return and(agencyFilter(responses.agencyId, access), unit === null ? undefined : eq(UNIT_COLUMNS[unit.type], unit.id));
}

/** Every stored response of the span (any channel, complete or partial), oldest first, with its local day and time. */
export async function responsesOf(db: Db, access: Access, span: Span) {
	const local = sql`${responses.submittedAt} at time zone ${span.timeZone}`;
	return db
		.select({
			id: responses.id,
			agencyId: responses.agencyId,
			serviceId: responses.serviceId,
			counterId: responses.counterId,
			deviceId: responses.deviceId,
			channel: responses.channel,
			submittedAt: responses.submittedAt,
			answers: responses.answers,
			/** Whether the answers are the nine unsur first (an IKM instrument), not a quick rating. */
			feedsIkm: instruments.feedsIkm,
			day: sql<string>`to_char(${local}, 'YYYY-MM-DD')`,
			time: sql<string>`to_char(${local}, 'HH24:MI')`,
			weekday: sql<number>`extract(isodow from ${local})::int`
		})
		.from(responses)
		.innerJoin(instruments, eq(instruments.id, responses.instrumentId))
		.where(
			and(
				eq(responses.mallId, span.mallId),
				gte(responses.submittedAt, span.start),
				lt(responses.submittedAt, span.end),
				scoped(access, span.unit)
			)
		)
		.orderBy(asc(responses.submittedAt), asc(responses.id));
}

export type IntegrityResponse = Awaited<ReturnType<typeof responsesOf>>[number];

/** The hall's time zone and opening hours (null = never set). */
export async function hallHours(db: Db, mallId: number) {
	const [row] = await db.select({ timeZone: malls.timeZone, openingHours: malls.openingHours }).from(malls).where(eq(malls.id, mallId));
	return row ?? null;
}

/** Names of the hall's devices, counters and services, to name a flag's subject. */
export async function subjectNames(db: Db, mallId: number) {
	const [deviceRows, counterRows, serviceRows] = await Promise.all([
		db
			.select({ id: devices.id, name: devices.name, counterCode: counters.code })
			.from(devices)
			.leftJoin(counters, and(eq(counters.mallId, devices.mallId), eq(counters.id, devices.counterId)))
			.where(eq(devices.mallId, mallId)),
		db.select({ id: counters.id, code: counters.code, name: counters.name, agencyId: counters.agencyId, serviceId: counters.serviceId }).from(counters).where(eq(counters.mallId, mallId)),
		db.select({ id: services.id, name: services.name }).from(services).where(eq(services.mallId, mallId))
	]);
	return {
		device: new Map(deviceRows.map((d) => [d.id, d.counterCode ? `${d.name} (${d.counterCode})` : d.name])),
		counter: new Map(counterRows.map((c) => [c.id, `${c.code} · ${c.name}`])),
		counterAgency: new Map(counterRows.map((c) => [c.id, c.agencyId])),
		counterService: new Map(counterRows.map((c) => [c.id, c.serviceId])),
		service: new Map(serviceRows.map((s) => [s.id, s.name]))
	};
}

/** Citizens served per service and month ("YYYY-MM") from the volumes, for the services and months the responses touch. */
export async function servedVolumes(db: Db, mallId: number, serviceIds: readonly number[], months: readonly string[]) {
	if (months.length === 0 || serviceIds.length === 0) return new Map<string, number>();
	const rows = await db
		.select({ serviceId: serviceVolumes.serviceId, month: sql<string>`to_char(${serviceVolumes.month}, 'YYYY-MM')`, served: serviceVolumes.served })
		.from(serviceVolumes)
		.where(
			and(
				eq(serviceVolumes.mallId, mallId),
				inArray(serviceVolumes.serviceId, [...serviceIds]),
				sql`to_char(${serviceVolumes.month}, 'YYYY-MM') in (${sql.join(months.map((m) => sql`${m}`), sql`, `)})`
			)
		);
	return new Map(rows.map((r) => [`${r.serviceId}:${r.month}`, r.served]));
}

/**
 * Tickets issued in the span, by counter and local hour ("YYYY-MM-DD HH", when served, else called, issued or
 * created) and by service and month: what a queue system or a printed sheet says was served.
 */
export async function ticketCounts(db: Db, span: Span) {
	const at = sql`coalesce(${tickets.servedAt}, ${tickets.calledAt}, ${tickets.issuedAt}, ${tickets.createdAt})`;
	const rows = await db
		.select({
			counterId: tickets.counterId,
			serviceId: tickets.serviceId,
			hour: sql<string>`to_char(${at} at time zone ${span.timeZone}, 'YYYY-MM-DD HH24')`,
			n: sql<number>`count(*)::int`
		})
		.from(tickets)
		.where(and(eq(tickets.mallId, span.mallId), sql`${at} >= ${span.start.toISOString()}::timestamptz and ${at} < ${span.end.toISOString()}::timestamptz`))
		.groupBy(tickets.counterId, tickets.serviceId, sql`3`);
	const byCounterHour = new Map<string, number>();
	const countersWithTickets = new Set<number>();
	const byServiceMonth = new Map<string, number>();
	for (const row of rows) {
		countersWithTickets.add(row.counterId);
		const hourKey = `${row.counterId}:${row.hour}`;
		byCounterHour.set(hourKey, (byCounterHour.get(hourKey) ?? 0) + row.n);
		if (row.serviceId !== null) {
			const monthKey = `${row.serviceId}:${row.hour.slice(0, 7)}`;
			byServiceMonth.set(monthKey, (byServiceMonth.get(monthKey) ?? 0) + row.n);
		}
	}
	return { byCounterHour, countersWithTickets, byServiceMonth };
}

/** Sequence numbers a device used but the server never received, dated by the first response after the gap. */
export async function sequenceGapsIn(db: Db, access: Access, span: Span) {
	return rowsOf<{ deviceId: number; day: string; from: number; to: number }>(
		await db.execute(sql`
			select device_id as "deviceId", to_char(submitted_at at time zone ${span.timeZone}, 'YYYY-MM-DD') as day,
				prev + 1 as "from", seq - 1 as "to"
			from (
				select r.device_id, r.device_seq as seq, r.submitted_at,
					coalesce(lag(r.device_seq) over (partition by r.device_id order by r.device_seq), 0) as prev
				from responses r
				where r.mall_id = ${span.mallId} and r.device_id is not null and r.submitted_at < ${span.end.toISOString()}::timestamptz
					${agencyCondition(sql`r.agency_id`, access)} ${span.unit === null ? sql`` : sql`and ${UNIT_SQL[span.unit.type]} = ${span.unit.id}`}
			) t
			where seq > prev + 1 and submitted_at >= ${span.start.toISOString()}::timestamptz
			order by 1, 3`)
	).map((row) => ({ ...row, deviceId: Number(row.deviceId), from: Number(row.from), to: Number(row.to) }));
}

/** Pairings of a device to a counter made in the span, by local day. */
export async function pairingsIn(db: Db, span: Span) {
	return db
		.select({
			deviceId: deviceAssignments.deviceId,
			counterId: deviceAssignments.counterId,
			day: sql<string>`to_char(${deviceAssignments.assignedAt} at time zone ${span.timeZone}, 'YYYY-MM-DD')`
		})
		.from(deviceAssignments)
		.where(
			and(
				eq(deviceAssignments.mallId, span.mallId),
				gte(deviceAssignments.assignedAt, span.start),
				lt(deviceAssignments.assignedAt, span.end)
			)
		);
}
