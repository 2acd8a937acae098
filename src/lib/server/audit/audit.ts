/**
 * The audit log: who changed what in a hall, when, and from what to what. Every change to a hall's settings, its
 * agencies, services, counters, tablets and accounts writes one entry, in the transaction of the change where it has
 * one. Entries are never changed or deleted (a trigger refuses it).
 */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/schema';

/** Who made a change: a signed-in account (its email), or an API token (its label). */
export interface Actor {
	userId: number | null;
	label: string;
}

/** The actor of a signed-in page action. */
export const actorOf = (user: { id: number; email: string }): Actor => ({ userId: user.id, label: user.email });

export interface AuditEntry {
	mallId: number | null;
	actor: Actor;
	/** "agency.create", "counter.archive", "user.role", "mall.settings" … (area.verb) */
	action: string;
	/** The kind of record changed: "agency", "service", "counter", "device", "user", "mall", "token". */
	entity: string;
	entityId?: number | null;
	/** What changed, before and after (only the fields that changed; never a password or a token). */
	before?: Record<string, unknown> | null;
	after?: Record<string, unknown> | null;
}

/** Write one entry (pass the transaction of the change, so the entry and the change stand or fall together). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
	await db.insert(auditLog).values({
		mallId: entry.mallId,
		actorUserId: entry.actor.userId,
		actor: entry.actor.label.slice(0, 254),
		action: entry.action,
		entity: entry.entity,
		entityId: entry.entityId ?? null,
		before: entry.before ?? null,
		after: entry.after ?? null
	});
}

/** The fields of `before` and `after` that differ, as the entry's before → after. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
	const was: Partial<T> = {};
	const now: Partial<T> = {};
	for (const key of Object.keys(after) as (keyof T)[]) {
		if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
			was[key] = before[key];
			now[key] = after[key];
		}
	}
	return { before: was, after: now };
}

export interface AuditFilter {
	/** The start of an action ("user" matches "user.role"), or an exact action. */
	action?: string;
	/** A substring of the actor. */
	actor?: string;
	/** Instants, from inclusive to exclusive. */
	from?: Date;
	to?: Date;
}

export interface AuditRow {
	id: number;
	at: Date;
	actor: string;
	action: string;
	entity: string;
	entityId: number | null;
	before: unknown;
	after: unknown;
}

function conditions(mallId: number, filter: AuditFilter): SQL | undefined {
	return and(
		eq(auditLog.mallId, mallId),
		filter.action ? sql`(${auditLog.action} = ${filter.action} or ${auditLog.action} like ${`${filter.action.replace(/[%_\\]/g, '\\$&')}.%`})` : undefined,
		filter.actor ? sql`${auditLog.actor} ilike ${`%${filter.actor.replace(/[%_\\]/g, '\\$&')}%`}` : undefined,
		filter.from ? gte(auditLog.at, filter.from) : undefined,
		filter.to ? lt(auditLog.at, filter.to) : undefined
	);
}

/** The hall's entries, newest first, a page at a time. */
export async function listAudit(db: Db, mallId: number, filter: AuditFilter, page = { limit: 100, offset: 0 }): Promise<{ rows: AuditRow[]; total: number }> {
	const where = conditions(mallId, filter);
	const [rows, [counted]] = await Promise.all([
		db
			.select({ id: auditLog.id, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, entity: auditLog.entity, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after })
			.from(auditLog)
			.where(where)
			.orderBy(desc(auditLog.at), desc(auditLog.id))
			.limit(page.limit)
			.offset(page.offset),
		db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where)
	]);
	return { rows, total: Number(counted?.n ?? 0) };
}
