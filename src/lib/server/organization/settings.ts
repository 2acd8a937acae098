/**
 * The mall's settings as an admin changes them: agencies, services, counters and tablets (listed by
 * ../kiosk/devices.ts). Every function takes the admin's mall and touches only rows of that mall, so an id from a form
 * or URL that belongs to another mall behaves exactly like one that does not exist.
 */
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { SKM_2017 } from '../../domain/instruments';
import type { PhoneChannel, SurveyMode } from '../../domain/profile';
import { changedFields, recordAudit, type Actor } from '../audit/audit';
import { archivedChain, unarchived, type UnitListing } from '../db/archived';
import type { Db } from '../db/client';
import { agencies, agencyKinds, counters, devices, malls, services, users } from '../db/schema';
import type { CounterRef } from '../kiosk/pairing';
import { findInstrument } from '../surveys/instruments';

/** Whether `err` is PostgreSQL's unique_violation (23505), optionally of one constraint (PGlite and postgres.js alike). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
	for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const { code, constraint: pglite, constraint_name: postgres } = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
		if (code === '23505') return !constraint || pglite === constraint || postgres === constraint;
	}
	return false;
}

export type Created = { id: number } | { error: 'code_taken' | 'not_found' };

/**
 * Run an insert and its audit entry in one transaction (it returns the new row's id), answering a duplicate code as
 * `code_taken` instead of an exception.
 */
async function insertUnlessTaken(db: Db, constraint: string, insert: (tx: Db) => Promise<number>): Promise<Created> {
	try {
		return { id: await db.transaction((tx) => insert(tx)) };
	} catch (err) {
		if (isUniqueViolation(err, constraint)) return { error: 'code_taken' };
		throw err;
	}
}

export interface MallSummary {
	id: number;
	slug: string;
	name: string;
	timeZone: string;
}

export async function findMall(db: Db, mallId: number): Promise<MallSummary | null> {
	const [mall] = await db.select({ id: malls.id, slug: malls.slug, name: malls.name, timeZone: malls.timeZone }).from(malls).where(eq(malls.id, mallId));
	return mall ?? null;
}

/**
 * The mall an API call works on: the token's own mall, else the one named by `slug`, else the only mall there is.
 * `mall_required` when an installation-wide token leaves the choice open among several malls.
 */
export async function resolveMall(db: Db, tokenMallId: number | null, slug?: string): Promise<MallSummary | { error: 'unknown_mall' | 'mall_required' }> {
	const candidates = await db
		.select({ id: malls.id, slug: malls.slug, name: malls.name, timeZone: malls.timeZone })
		.from(malls)
		.where(and(tokenMallId ? eq(malls.id, tokenMallId) : undefined, slug ? eq(malls.slug, slug) : undefined))
		.orderBy(asc(malls.id))
		.limit(2);
	if (candidates.length === 0) return { error: 'unknown_mall' };
	if (candidates.length > 1) return { error: 'mall_required' };
	return candidates[0]!;
}

export interface SettingsOverview {
	agencies: number;
	services: number;
	counters: number;
	devices: number;
	revokedDevices: number;
	users: number;
	disabledUsers: number;
}

/** How much the mall has of each thing an admin manages. */
export async function settingsOverview(db: Db, mallId: number): Promise<SettingsOverview> {
	type Counted = typeof agencies | typeof services | typeof counters | typeof devices | typeof users;
	const count = (table: Counted, also?: SQL) =>
		sql<number>`(select count(*)::int from ${table} where ${table.mallId} = ${mallId} ${also ? sql`and ${also}` : sql``})`;
	const [row] = await db
		.select({
			agencies: count(agencies),
			services: count(services),
			counters: count(counters),
			devices: count(devices),
			revokedDevices: count(devices, isNotNull(devices.revokedAt)),
			users: count(users),
			disabledUsers: count(users, isNotNull(users.disabledAt))
		})
		.from(malls)
		.where(eq(malls.id, mallId));
	const n = (value: number | undefined) => Number(value ?? 0);
	return {
		agencies: n(row?.agencies),
		services: n(row?.services),
		counters: n(row?.counters),
		devices: n(row?.devices),
		revokedDevices: n(row?.revokedDevices),
		users: n(row?.users),
		disabledUsers: n(row?.disabledUsers)
	};
}

// ---------------------------------------------------------------- agencies and services

interface ServiceRow {
	id: number;
	code: string;
	name: string;
	isFree: boolean;
	/** Counters in use that give the service. */
	counters: number;
	archivedAt: Date | null;
}

export interface AgencyWithServices {
	id: number;
	code: string;
	name: string;
	/** Its kind in the national catalogue, or null when not named. */
	kindCode: string | null;
	archivedAt: Date | null;
	services: ServiceRow[];
}

/** The mall's agencies by name, each with its services by name and how many counters give each service. */
export async function listAgenciesWithServices(db: Db, mallId: number, listing: UnitListing = {}): Promise<AgencyWithServices[]> {
	const agencyRows = await db
		.select({ id: agencies.id, code: agencies.code, name: agencies.name, kindCode: agencies.kindCode, archivedAt: agencies.archivedAt })
		.from(agencies)
		.where(and(eq(agencies.mallId, mallId), listing.includeArchived ? undefined : unarchived(agencies)))
		.orderBy(asc(agencies.name));
	const serviceRows = await db
		.select({
			id: services.id,
			agencyId: services.agencyId,
			code: services.code,
			name: services.name,
			isFree: services.isFree,
			// Qualified by hand: drizzle leaves columns of a single-table select unqualified, and inside the subquery a bare
			// "id" would be the counter's.
			counters: sql<number>`(select count(*)::int from ${counters} c where c.service_id = ${services}.id and c.archived_at is null)`,
			archivedAt: services.archivedAt
		})
		.from(services)
		.where(and(eq(services.mallId, mallId), listing.includeArchived ? undefined : unarchived(services)))
		.orderBy(asc(services.name));
	return agencyRows.map((agency) => ({
		...agency,
		services: serviceRows
			.filter((s) => s.agencyId === agency.id)
			.map(({ agencyId: _, counters: n, ...s }) => ({ ...s, counters: Number(n) }))
	}));
}

/** Add an agency; with an `actor` (every admin page passes one), the change is written to the audit log with it. */
export async function createAgency(db: Db, mallId: number, input: { code: string; name: string }, actor?: Actor): Promise<Created> {
	return insertUnlessTaken(db, 'agencies_mall_code', async (tx) => {
		const [row] = await tx.insert(agencies).values({ mallId, code: input.code, name: input.name }).returning({ id: agencies.id });
		if (actor) await recordAudit(tx, { mallId, actor, action: 'agency.create', entity: 'agency', entityId: row!.id, after: { code: input.code, name: input.name } });
		return row!.id;
	});
}

/**
 * Name an agency's kind in the national catalogue (null: none), so evaluators compare it with the same kind in other
 * halls; audited. 'not_found' when the mall has no such agency, 'unknown_kind' when the catalogue has no such kind.
 */
export async function setAgencyKind(db: Db, mallId: number, agencyId: number, kindCode: string | null, actor?: Actor): Promise<'saved' | 'not_found' | 'unknown_kind'> {
	return db.transaction(async (tx) => {
		if (kindCode !== null && (await tx.select({ code: agencyKinds.code }).from(agencyKinds).where(eq(agencyKinds.code, kindCode))).length === 0) return 'unknown_kind';
		const [before] = await tx
			.select({ kindCode: agencies.kindCode })
			.from(agencies)
			.where(and(eq(agencies.id, agencyId), eq(agencies.mallId, mallId)))
			.for('update');
		if (!before) return 'not_found';
		if (before.kindCode === kindCode) return 'saved';
		await tx.update(agencies).set({ kindCode }).where(eq(agencies.id, agencyId));
		if (actor) await recordAudit(tx, { mallId, actor, action: 'agency.kind', entity: 'agency', entityId: agencyId, before, after: { kindCode } });
		return 'saved';
	});
}

/** Rename an agency of the mall; false when there is none with that id. */
export async function renameAgency(db: Db, mallId: number, agencyId: number, name: string, actor?: Actor): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ name: agencies.name })
			.from(agencies)
			.where(and(eq(agencies.id, agencyId), eq(agencies.mallId, mallId)))
			.for('update');
		if (!before) return false;
		await tx.update(agencies).set({ name }).where(eq(agencies.id, agencyId));
		if (actor && before.name !== name) await recordAudit(tx, { mallId, actor, action: 'agency.rename', entity: 'agency', entityId: agencyId, before, after: { name } });
		return true;
	});
}

/** Agency ids of the mall by code; `unknown` lists the codes the mall does not have. */
export async function agencyIdsByCode(db: Db, mallId: number, codes: readonly string[]): Promise<{ ids: number[]; unknown: string[] }> {
	if (codes.length === 0) return { ids: [], unknown: [] };
	const rows = await db
		.select({ id: agencies.id, code: agencies.code })
		.from(agencies)
		.where(and(eq(agencies.mallId, mallId), inArray(agencies.code, [...codes])));
	const found = new Map(rows.map((r) => [r.code, r.id]));
	return { ids: [...new Set(found.values())], unknown: codes.filter((code) => !found.has(code)) };
}

/** Add a service to an agency of the mall that is in use (an archived one takes no new services: `not_found`). */
export async function createService(
	db: Db,
	mallId: number,
	input: { agencyId: number; code: string; name: string; isFree: boolean },
	actor?: Actor
): Promise<Created> {
	const [agency] = await db
		.select({ id: agencies.id })
		.from(agencies)
		.where(and(eq(agencies.id, input.agencyId), eq(agencies.mallId, mallId), unarchived(agencies)));
	if (!agency) return { error: 'not_found' };
	return insertUnlessTaken(db, 'services_mall_code', async (tx) => {
		const created = { agencyId: agency.id, code: input.code, name: input.name, isFree: input.isFree };
		const [row] = await tx.insert(services).values({ mallId, ...created }).returning({ id: services.id });
		if (actor) await recordAudit(tx, { mallId, actor, action: 'service.create', entity: 'service', entityId: row!.id, after: created });
		return row!.id;
	});
}

/** Rename a service of the mall; false when there is none with that id. */
export async function renameService(db: Db, mallId: number, serviceId: number, name: string, actor?: Actor): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ name: services.name })
			.from(services)
			.where(and(eq(services.id, serviceId), eq(services.mallId, mallId)))
			.for('update');
		if (!before) return false;
		await tx.update(services).set({ name }).where(eq(services.id, serviceId));
		if (actor && before.name !== name) await recordAudit(tx, { mallId, actor, action: 'service.rename', entity: 'service', entityId: serviceId, before, after: { name } });
		return true;
	});
}

// ---------------------------------------------------------------- counters

export interface CounterRow {
	id: number;
	code: string;
	name: string;
	agencyName: string;
	serviceId: number;
	serviceName: string;
	surveyMode: SurveyMode;
	minIntervalSeconds: number;
	phoneChannel: PhoneChannel;
	/** Tablets paired to the counter now and not revoked. */
	activeDevices: number;
	/** When the counter itself was archived (null: not archived). */
	archivedAt: Date | null;
	/** Its service or agency is archived: the counter is out of use until that one is restored. */
	parentArchived: boolean;
}

/** The mall's counters in use by code (with `includeArchived`, every counter), with the agency and service each one gives. */
export async function listCounters(db: Db, mallId: number, listing: UnitListing = {}): Promise<CounterRow[]> {
	const rows = await db
		.select({
			id: counters.id,
			code: counters.code,
			name: counters.name,
			agencyName: agencies.name,
			serviceId: counters.serviceId,
			serviceName: services.name,
			surveyMode: counters.surveyMode,
			minIntervalSeconds: counters.minIntervalSeconds,
			phoneChannel: counters.phoneChannel,
			activeDevices: sql<number>`(select count(*)::int from ${devices} d where d.counter_id = ${counters.id} and d.revoked_at is null)`,
			archivedAt: counters.archivedAt,
			parentArchived: archivedChain(services, agencies)
		})
		.from(counters)
		.innerJoin(agencies, eq(agencies.id, counters.agencyId))
		.innerJoin(services, eq(services.id, counters.serviceId))
		.where(and(eq(counters.mallId, mallId), listing.includeArchived ? undefined : unarchived(counters, services, agencies)))
		.orderBy(asc(counters.code));
	return rows.map((r) => ({ ...r, activeDevices: Number(r.activeDevices) }));
}

/** A counter of the mall in use, by id (for pairing a tablet with it); null when the mall has none in use with that id. */
export async function findCounter(db: Db, mallId: number, counterId: number): Promise<CounterRef | null> {
	const [row] = await db
		.select({ id: counters.id, mallId: counters.mallId, code: counters.code, name: counters.name })
		.from(counters)
		.innerJoin(services, eq(services.id, counters.serviceId))
		.innerJoin(agencies, eq(agencies.id, counters.agencyId))
		.where(and(eq(counters.id, counterId), eq(counters.mallId, mallId), unarchived(counters, services, agencies)));
	return row ?? null;
}

/**
 * Add a counter giving one of the mall's services (its agency follows from the service); it runs the standard SKM
 * instrument. Codes are compared without case, because the QR path and pairing look a counter up that way.
 */
export async function createCounter(db: Db, mallId: number, input: { serviceId: number; code: string; name: string }, actor?: Actor): Promise<Created> {
	const [service] = await db
		.select({ id: services.id, agencyId: services.agencyId })
		.from(services)
		.innerJoin(agencies, eq(agencies.id, services.agencyId))
		.where(and(eq(services.id, input.serviceId), eq(services.mallId, mallId), unarchived(services, agencies)));
	if (!service) return { error: 'not_found' };
	const [sameCode] = await db
		.select({ id: counters.id })
		.from(counters)
		.where(and(eq(counters.mallId, mallId), sql`upper(${counters.code}) = upper(${input.code})`));
	if (sameCode) return { error: 'code_taken' };
	const instrument = await findInstrument(db, SKM_2017.code, SKM_2017.version);
	if (!instrument) throw new Error(`instrument ${SKM_2017.code} v${SKM_2017.version} is not published`);
	return insertUnlessTaken(db, 'counters_mall_code', async (tx) => {
		const created = { agencyId: service.agencyId, serviceId: service.id, code: input.code, name: input.name };
		const [row] = await tx.insert(counters).values({ mallId, ...created, instrumentId: instrument.id }).returning({ id: counters.id });
		if (actor) await recordAudit(tx, { mallId, actor, action: 'counter.create', entity: 'counter', entityId: row!.id, after: created });
		return row!.id;
	});
}

/**
 * Set how a counter of the mall surveys — its mode, its minimum interval, its phone channel (what is left out stays); null when
 * the mall has no counter with that id. The admin page and the API both change counters through this.
 */
export async function updateCounterSettings(
	db: Db,
	mallId: number,
	counterId: number,
	change: { surveyMode?: SurveyMode; minIntervalSeconds?: number; phoneChannel?: PhoneChannel },
	actor?: Actor
): Promise<{ id: number; code: string; surveyMode: SurveyMode; minIntervalSeconds: number; phoneChannel: PhoneChannel } | null> {
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ surveyMode: counters.surveyMode, minIntervalSeconds: counters.minIntervalSeconds, phoneChannel: counters.phoneChannel })
			.from(counters)
			.where(and(eq(counters.id, counterId), eq(counters.mallId, mallId)))
			.for('update');
		if (!before) return null;
		const [row] = await tx
			.update(counters)
			.set({ surveyMode: change.surveyMode, minIntervalSeconds: change.minIntervalSeconds, phoneChannel: change.phoneChannel })
			.where(eq(counters.id, counterId))
			.returning({ id: counters.id, code: counters.code, surveyMode: counters.surveyMode, minIntervalSeconds: counters.minIntervalSeconds, phoneChannel: counters.phoneChannel });
		const changed = changedFields(before, { surveyMode: row!.surveyMode, minIntervalSeconds: row!.minIntervalSeconds, phoneChannel: row!.phoneChannel });
		if (actor && Object.keys(changed.after).length > 0) {
			await recordAudit(tx, { mallId, actor, action: 'counter.update', entity: 'counter', entityId: counterId, ...changed });
		}
		return row!;
	});
}

// ---------------------------------------------------------------- devices

/** Rename a tablet of the mall; false when there is none with that id. */
export async function renameDevice(db: Db, mallId: number, deviceId: number, name: string, actor?: Actor): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ name: devices.name })
			.from(devices)
			.where(and(eq(devices.id, deviceId), eq(devices.mallId, mallId)))
			.for('update');
		if (!before) return false;
		await tx.update(devices).set({ name }).where(eq(devices.id, deviceId));
		if (actor && before.name !== name) await recordAudit(tx, { mallId, actor, action: 'device.rename', entity: 'device', entityId: deviceId, before, after: { name } });
		return true;
	});
}
