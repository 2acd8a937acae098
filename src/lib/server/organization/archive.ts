/**
 * The life of an agency, service or counter after it is set up: archived when it stops serving, restored when it
 * serves again — never deleted, so every report and dashboard of the periods it served keeps it with its respondents.
 *
 * An archived unit is out of use: pickers, the kiosk and the phone survey leave it out, and a rating made after its
 * archive time is refused (ingest). Archiving an agency changes nothing below it: its services and counters are out
 * of use because every check follows the chain (../db/archived), and restoring the agency brings them back. A counter's
 * tablet is unpaired when the counter is archived; after a restore it is paired again like a new one.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit/audit';
import type { Db } from '../db/client';
import { agencies, counters, malls, services } from '../db/schema';
import { unpairCounter } from '../kiosk/devices';

export type ArchivableUnit = 'agency' | 'service' | 'counter';

const TABLES = { agency: agencies, service: services, counter: counters } as const;

/**
 * Archive (or restore) a whole hall — an installation operator's act: its counters are out of service from then on
 * (the chain of ../db/archived ends at the hall), its accounts can no longer sign in, and every figure of the periods
 * it served stays. With its audit entry; false when there is no such hall.
 */
export async function setHallArchived(db: Db, mallId: number, archived: boolean, actor: Actor, now = new Date()): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [row] = await tx.select({ archivedAt: malls.archivedAt }).from(malls).where(eq(malls.id, mallId)).for('update');
		if (!row) return false;
		if ((row.archivedAt !== null) === archived) return true;
		const archivedAt = archived ? now : null;
		await tx.update(malls).set({ archivedAt }).where(eq(malls.id, mallId));
		await recordAudit(tx, {
			mallId,
			actor,
			action: archived ? 'mall.archive' : 'mall.restore',
			entity: 'mall',
			entityId: mallId,
			before: { archivedAt: row.archivedAt?.toISOString() ?? null },
			after: { archivedAt: archivedAt?.toISOString() ?? null }
		});
		return true;
	});
}

/**
 * Archive (or restore) a unit of the mall, with its audit entry in the same transaction; false when the mall has no
 * such unit. Archiving what is archived, or restoring what is in use, changes nothing and writes nothing.
 */
export async function setArchived(db: Db, mallId: number, unit: ArchivableUnit, id: number, archived: boolean, actor: Actor, now = new Date()): Promise<boolean> {
	const table = TABLES[unit];
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ archivedAt: table.archivedAt })
			.from(table)
			.where(and(eq(table.id, id), eq(table.mallId, mallId)))
			.for('update');
		if (!row) return false;
		if ((row.archivedAt !== null) === archived) return true;
		const archivedAt = archived ? now : null;
		await tx.update(table).set({ archivedAt }).where(eq(table.id, id));
		const revokedDevices = unit === 'counter' && archived ? await unpairCounter(tx, mallId, id, actor, now) : [];
		await recordAudit(tx, {
			mallId,
			actor,
			action: `${unit}.${archived ? 'archive' : 'restore'}`,
			entity: unit,
			entityId: id,
			before: { archivedAt: row.archivedAt?.toISOString() ?? null },
			after: { archivedAt: archivedAt?.toISOString() ?? null, ...(revokedDevices.length ? { revokedDevices } : {}) }
		});
		return true;
	});
}
