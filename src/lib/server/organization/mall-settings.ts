/**
 * A hall's own settings as its admin changes them (/app/admin/mall): its identity (names, address, kabupaten/kota,
 * head of unit, time zone), the kiosks' staff PIN, its opening hours and its logo. Each change is one transaction with
 * its audit entry. A new time zone moves every response to another local day, so that transaction also rebuilds the
 * rollups (../rollups/rebuild.ts): nothing stays keyed by the old zone.
 */
import { eq, sql } from 'drizzle-orm';
import { checkLogo, type LogoProblem, type LogoType } from '../../domain/logo';
import { parseOpeningHours, type OpeningHours } from '../../domain/opening-hours';
import { findRegency, type HallTimeZone } from '../../domain/regions';
import { changedFields, recordAudit, type Actor } from '../audit/audit';
import type { Db } from '../db/client';
import { logoDigest } from '../db/mall-logo';
import { malls } from '../db/schema';
import { hashPin } from '../kiosk/pin';
import { rebuildRollups } from '../rollups/rebuild';

export interface MallSettings {
	slug: string;
	name: string;
	shortName: string | null;
	address: string | null;
	regionCode: string | null;
	city: string;
	headName: string | null;
	headNip: string | null;
	timeZone: string;
	/** How many hours a one-time rating ticket stays usable (1–720). */
	ticketTtlHours: number;
	/** Whether the kiosks' staff PIN is set (the PIN itself is never read back). */
	kioskPinSet: boolean;
	/** Null until the admin saves them. */
	openingHours: OpeningHours | null;
	logo: { type: LogoType; version: string; bytes: number } | null;
}

const logoBytes = sql<number | null>`octet_length(${malls.logo})`;

/** The columns the settings form saves (read for the page, and as the audit entry's "before"). */
const SAVED_COLUMNS = {
	name: malls.name,
	shortName: malls.shortName,
	address: malls.address,
	regionCode: malls.regionCode,
	city: malls.city,
	headName: malls.headName,
	headNip: malls.headNip,
	timeZone: malls.timeZone,
	ticketTtlHours: malls.ticketTtlHours
};

export async function findMallSettings(db: Db, mallId: number): Promise<MallSettings | null> {
	const [row] = await db
		.select({
			slug: malls.slug,
			...SAVED_COLUMNS,
			kioskPinSet: sql<boolean>`${malls.kioskPinHash} is not null`,
			openingHours: malls.openingHours,
			logoType: malls.logoType,
			logoVersion: logoDigest,
			logoBytes
		})
		.from(malls)
		.where(eq(malls.id, mallId));
	if (!row) return null;
	const { logoType, logoVersion: version, logoBytes: bytes, openingHours, ...settings } = row;
	// Only this module writes the hours, checked; hours that fail the check anyway (written by hand in SQL) read as
	// unset, so the page offers to set them again instead of failing to open.
	const hours = parseOpeningHours(openingHours);
	return {
		...settings,
		kioskPinSet: Boolean(settings.kioskPinSet),
		openingHours: 'hours' in hours ? hours.hours : null,
		logo: logoType && version ? { type: logoType as LogoType, version, bytes: Number(bytes) } : null
	};
}

export interface MallIdentity {
	name: string;
	shortName: string;
	address: string;
	/** The kabupaten/kota's official code ("53.71"): the hall's city is its name. */
	regionCode: string;
	headName: string;
	headNip: string;
	timeZone: HallTimeZone;
	/** The one-time tickets' lifetime in hours (left as it is when not given). */
	ticketTtlHours?: number | null;
}

/**
 * Save the hall's identity. `rebuilt` says the time zone changed and the rollups were recomputed in the same
 * transaction; `changed` false when every field was already as sent (no audit entry then).
 */
export async function updateMallSettings(
	db: Db,
	mallId: number,
	actor: Actor,
	input: MallIdentity
): Promise<{ changed: boolean; rebuilt: boolean } | { problem: 'region' } | 'not_found'> {
	const regency = findRegency(input.regionCode);
	if (!regency) return { problem: 'region' };
	const after = {
		name: input.name,
		shortName: input.shortName || null,
		address: input.address || null,
		regionCode: regency.code,
		city: regency.name,
		headName: input.headName || null,
		headNip: input.headNip || null,
		timeZone: input.timeZone as string,
		...(input.ticketTtlHours == null ? {} : { ticketTtlHours: input.ticketTtlHours })
	};
	return db.transaction(async (tx) => {
		const t = tx as unknown as Db;
		// No KEY UPDATE: inserting a response (its foreign key takes KEY SHARE on the hall) is not held up by this row lock.
		const [before] = await t
			.select(SAVED_COLUMNS)
			.from(malls)
			.where(eq(malls.id, mallId))
			.for('no key update');
		if (!before) return 'not_found';
		const changes = changedFields(before, after);
		if (Object.keys(changes.after).length === 0) return { changed: false, rebuilt: false };
		await t.update(malls).set(after).where(eq(malls.id, mallId));
		await recordAudit(t, { mallId, actor, action: 'mall.settings', entity: 'mall', entityId: mallId, ...changes });
		const rebuilt = before.timeZone !== after.timeZone;
		if (rebuilt) await rebuildRollups(t);
		return { changed: true, rebuilt };
	});
}

/** Set or change the kiosks' staff PIN (hashed as the command line does, ../kiosk/pin.ts); the audit entry says only that it changed. */
export async function setMallKioskPin(db: Db, mallId: number, actor: Actor, pin: string): Promise<boolean> {
	const hash = hashPin(pin);
	return db.transaction(async (tx) => {
		const t = tx as unknown as Db;
		const [before] = await t.select({ hadPin: sql<boolean>`${malls.kioskPinHash} is not null` }).from(malls).where(eq(malls.id, mallId)).for('no key update');
		if (!before) return false;
		await t.update(malls).set({ kioskPinHash: hash }).where(eq(malls.id, mallId));
		const hadPin = Boolean(before.hadPin);
		await recordAudit(t, {
			mallId,
			actor,
			action: 'mall.kiosk_pin',
			entity: 'mall',
			entityId: mallId,
			before: { kioskPin: hadPin ? 'set' : 'not set' },
			after: { kioskPin: hadPin ? 'changed' : 'set' }
		});
		return true;
	});
}

/** Save the opening hours (checked by the caller with openingHoursFromForm or parseOpeningHours); false for an unknown hall. */
export async function saveOpeningHours(db: Db, mallId: number, actor: Actor, hours: OpeningHours): Promise<boolean> {
	return db.transaction(async (tx) => {
		const t = tx as unknown as Db;
		const [before] = await t.select({ openingHours: malls.openingHours }).from(malls).where(eq(malls.id, mallId)).for('no key update');
		if (!before) return false;
		const changes = changedFields({ openingHours: before.openingHours }, { openingHours: hours });
		if (Object.keys(changes.after).length === 0) return true;
		await t.update(malls).set({ openingHours: hours }).where(eq(malls.id, mallId));
		await recordAudit(t, { mallId, actor, action: 'mall.opening_hours', entity: 'mall', entityId: mallId, ...changes });
		return true;
	});
}

/** What the audit entry says of a logo: its type, size and digest (never the bytes). */
type LogoFacts = { type: string; bytes: number; md5: string } | null;

async function replaceLogo(db: Db, mallId: number, actor: Actor, logo: { bytes: Uint8Array; type: LogoType } | null): Promise<boolean> {
	return db.transaction(async (tx) => {
		const t = tx as unknown as Db;
		const [before] = await t
			.select({ type: malls.logoType, md5: logoDigest, bytes: logoBytes })
			.from(malls)
			.where(eq(malls.id, mallId))
			.for('no key update');
		if (!before) return false;
		const was: LogoFacts = before.type && before.md5 ? { type: before.type, bytes: Number(before.bytes), md5: before.md5 } : null;
		const [saved] = await t
			.update(malls)
			.set({ logo: logo ? Buffer.from(logo.bytes) : null, logoType: logo?.type ?? null })
			.where(eq(malls.id, mallId))
			.returning({ md5: logoDigest, bytes: logoBytes });
		const now: LogoFacts = logo ? { type: logo.type, bytes: Number(saved!.bytes), md5: saved!.md5! } : null;
		if (JSON.stringify(was) !== JSON.stringify(now)) {
			await recordAudit(t, { mallId, actor, action: 'mall.logo', entity: 'mall', entityId: mallId, before: { logo: was }, after: { logo: now } });
		}
		return true;
	});
}

/** Store a new logo, judged by its bytes (PNG or safe SVG, ≤ 200 KB: ../../domain/logo.ts). */
export async function setMallLogo(db: Db, mallId: number, actor: Actor, bytes: Uint8Array): Promise<{ type: LogoType } | { problem: LogoProblem } | 'not_found'> {
	const checked = checkLogo(bytes);
	if ('problem' in checked) return checked;
	return (await replaceLogo(db, mallId, actor, { bytes, type: checked.type })) ? checked : 'not_found';
}

export async function removeMallLogo(db: Db, mallId: number, actor: Actor): Promise<boolean> {
	return replaceLogo(db, mallId, actor, null);
}

export interface MallLogo {
	bytes: Uint8Array;
	type: LogoType;
	/** The md5 of the bytes: the ETag. */
	version: string;
}

/** The logo of the hall at `slug` (the public route) or of hall `mallId` (the report's cover); null when it has none. */
export async function findMallLogo(db: Db, hall: { slug: string } | { mallId: number }): Promise<MallLogo | null> {
	const [row] = await db
		.select({ bytes: malls.logo, type: malls.logoType, version: logoDigest })
		.from(malls)
		.where('slug' in hall ? eq(malls.slug, hall.slug) : eq(malls.id, hall.mallId));
	if (!row?.bytes || !row.type || !row.version) return null;
	return { bytes: row.bytes, type: row.type as LogoType, version: row.version };
}
