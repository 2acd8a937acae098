/**
 * Finalized reports: a report's canonical JSON (RFC 8785) frozen under its SHA-256. Later data never changes it —
 * its figures are read from the stored JSON and its matrix only from responses received by its cut-off.
 */
import { createHash } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit';
import canonicalize from 'canonicalize';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { mayPublishFigures } from '../../domain/privacy';
import { localDate } from '../../domain/periods';
import { periodEnded, type ReportPeriod } from '../../domain/report-period';
import { canPublishReport, canReadUnit, type Access } from '../../domain/roles';
import { executePrepared, type Db } from '../db/client';
import { reportSnapshots } from '../db/schema';
import type { ScopeFilter } from '../../domain/scope';
import { findScope } from '../indicators/queries';
import { isUniqueViolation } from '../organization/settings';
import { countMatrixRows } from './queries';
import { buildReport, type SkmReport } from './report';

export type SnapshotScope = ScopeFilter & { type: 'mall' | 'agency' | 'service' };

/** RFC 8785 canonical JSON: sorted keys, no spaces, ECMAScript number form — the same bytes for the same figures. */
export function canonicalJson(value: unknown): string {
	const text = canonicalize(value);
	if (text === undefined) throw new TypeError('the report cannot be serialized');
	return text;
}

/** SHA-256 of text as UTF-8, lower-case hex. */
export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface Snapshot {
	hash: string;
	mallId: number;
	scope: SnapshotScope;
	agencyId: number | null;
	periodKind: string;
	periodValue: string;
	receivedBy: Date;
	finalizedAt: Date;
	published: boolean;
	publishedAt: Date | null;
	report: SkmReport;
	canonical: string;
	/** Whether the stored JSON still hashes to its id (it always should: the trigger refuses changes). */
	intact: boolean;
	/** The final report of the same scope and period this one replaced, and the reason given. */
	supersedes: string | null;
	supersedeReason: string | null;
	/** When a newer final report replaced this one, and which (its reason is the newer one's supersedeReason). */
	supersededAt: Date | null;
	supersededBy: { hash: string; reason: string } | null;
}

function toSnapshot(row: typeof reportSnapshots.$inferSelect): Snapshot {
	return {
		hash: row.hash,
		mallId: row.mallId,
		scope: { type: row.scopeType, id: row.scopeId },
		agencyId: row.agencyId,
		periodKind: row.periodKind,
		periodValue: row.periodValue,
		receivedBy: row.receivedBy,
		finalizedAt: row.finalizedAt,
		published: row.published,
		publishedAt: row.publishedAt,
		report: JSON.parse(row.canonical) as SkmReport,
		canonical: row.canonical,
		intact: sha256Hex(row.canonical) === row.hash,
		supersedes: row.supersedes,
		supersedeReason: row.supersedeReason,
		supersededAt: row.supersededAt,
		supersededBy: null
	};
}

const readable = (access: Access, row: { mallId: number; agencyId: number | null }) =>
	access.mallId === row.mallId && canReadUnit(access, row.agencyId);

/** Why a report could not be made final (each has its sentence on the reports page). */
export type FinalizeRefusal =
	/** not a scope `access` may act on (evaluators read; they do not finalize) */
	| 'forbidden'
	/** the period has not ended in the hall's time zone (it is running or has not begun) */
	| 'not_ended'
	/** no respondent in the period */
	| 'empty'
	/** a current final report of the scope and period exists: replacing it needs a reason */
	| 'reason_required'
	/** another finalization of the same scope and period was made at the same time (it is the current one) */
	| 'concurrent';

export type FinalizeResult = { hash: string; supersedes: string | null; refused?: undefined } | { refused: FinalizeRefusal; hash?: undefined };

export const SUPERSEDE_REASON_MAX = 1000;

/** The current (not superseded) final report of a scope and period, if any. */
async function currentSnapshot(db: Db, mallId: number, scope: SnapshotScope, period: ReportPeriod): Promise<{ hash: string } | undefined> {
	const [row] = await db
		.select({ hash: reportSnapshots.hash })
		.from(reportSnapshots)
		.where(
			and(
				eq(reportSnapshots.mallId, mallId),
				eq(reportSnapshots.scopeType, scope.type),
				eq(reportSnapshots.scopeId, scope.id),
				eq(reportSnapshots.periodKind, period.kind),
				eq(reportSnapshots.periodValue, period.value),
				isNull(reportSnapshots.supersededAt)
			)
		)
		.for('update');
	return row;
}

/**
 * Freeze the report of a scope and period as it stands now. Only an ended period (in the hall's time zone) with at
 * least one respondent may be final, and there is one final report per scope and period: finalizing again needs a
 * reason and supersedes the current one in the same transaction (it leaves /publik; both hashes keep verifying).
 * The hash includes the cut-off, so a second finalization always gives a new hash. Two finalizations at once give
 * one current report (the unique index `report_snapshots_current`); the other is refused.
 */
export async function finalizeReport(
	db: Db,
	access: Access,
	userId: number | null,
	scope: SnapshotScope,
	period: ReportPeriod,
	{ reason = null, now = new Date(), actor }: { reason?: string | null; now?: Date; actor?: Actor } = {}
): Promise<FinalizeResult> {
	const found = await findScope(db, scope, access);
	if (!found || !canPublishReport(access, found.agencyId)) return { refused: 'forbidden' };
	if (!periodEnded(period, localDate(now, found.timeZone))) return { refused: 'not_ended' };
	if (!reason && (await currentSnapshot(db, found.mallId, scope, period))) return { refused: 'reason_required' };
	const report = await freezeFigures(db, access, scope, period, found.mallId, found.timeZone);
	if (!report) return { refused: 'forbidden' };
	if (report.figures.respondents === 0) return { refused: 'empty' };
	const canonical = canonicalJson(report);
	const hash = sha256Hex(canonical);
	try {
		return await db.transaction(async (tx) => {
			const current = await currentSnapshot(tx, found.mallId, scope, period);
			if (current && !reason) return { refused: 'reason_required' as const };
			if (current) {
				await tx
					.update(reportSnapshots)
					.set({ supersededAt: now, published: false, publishedAt: null })
					.where(and(eq(reportSnapshots.hash, current.hash), isNull(reportSnapshots.supersededAt)));
			}
			await tx.insert(reportSnapshots).values({
				hash,
				mallId: found.mallId,
				scopeType: scope.type,
				scopeId: scope.id,
				agencyId: found.agencyId,
				periodKind: period.kind,
				periodValue: period.value,
				periodFrom: period.from,
				periodTo: period.to,
				receivedBy: new Date(report.method.receivedBy!),
				canonical,
				finalizedBy: userId,
				finalizedAt: now,
				supersedes: current?.hash ?? null,
				supersedeReason: current ? reason : null
			});
			// Who froze it, and who replaced which final report and why.
			if (actor) {
				await recordAudit(tx, {
					mallId: found.mallId,
					actor,
					action: current ? 'report.supersede' : 'report.finalize',
					entity: 'report',
					before: current ? { hash: current.hash } : null,
					after: { hash, scope: `${scope.type}-${scope.id}`, period: period.value, ...(current ? { reason } : {}) }
				});
			}
			return { hash, supersedes: current?.hash ?? null };
		});
	} catch (err) {
		// Another finalization won: a second current report, a second replacement of the same one, or (frozen in the
		// same millisecond, so the same cut-off and figures) the very same hash.
		if (['report_snapshots_current', 'report_snapshots_supersedes', 'report_snapshots_pkey'].some((name) => isUniqueViolation(err, name))) return { refused: 'concurrent' };
		throw err;
	}
}

/**
 * The report with its cut-off: built from the rollups, then the cut-off read from the database clock, then checked
 * that the raw matrix up to the cut-off holds exactly the report's respondents (a response arriving between the two
 * reads would break that: the report is then built again).
 */
async function freezeFigures(db: Db, access: Access, scope: SnapshotScope, period: ReportPeriod, mallId: number, timeZone: string): Promise<SkmReport | null> {
	for (let attempt = 0; attempt < 5; attempt++) {
		const report = await buildReport(db, access, scope, period);
		if (!report) return null;
		const [clock] = await executePrepared<{ now: string }>(db, sql`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`);
		const receivedBy = new Date(clock!.now);
		// JS dates hold milliseconds: round up so a response received in the same millisecond is inside.
		receivedBy.setTime(receivedBy.getTime() + 1);
		const rows = await countMatrixRows(db, scope, { mallId, timeZone, from: period.from, to: period.to, receivedBy });
		if (rows === report.method.respondents) return { ...report, matrixRows: rows, method: { ...report.method, receivedBy: receivedBy.toISOString() } };
	}
	throw new Error('responses kept arriving while the report was finalized; try again');
}

/** Anyone may verify a snapshot by its hash (the verification page is public by design). */
export async function findSnapshotByHash(db: Db, hash: string): Promise<Snapshot | null> {
	if (!/^[0-9a-f]{64}$/.test(hash)) return null;
	const [row] = await db.select().from(reportSnapshots).where(eq(reportSnapshots.hash, hash));
	if (!row) return null;
	const [next] = row.supersededAt
		? await db.select({ hash: reportSnapshots.hash, reason: reportSnapshots.supersedeReason }).from(reportSnapshots).where(eq(reportSnapshots.supersedes, hash))
		: [];
	return { ...toSnapshot(row), supersededBy: next ? { hash: next.hash, reason: next.reason ?? '' } : null };
}

/** A snapshot `access` may read (for its PDF, XLSX and CSV), else null. */
export async function findReadableSnapshot(db: Db, access: Access, hash: string): Promise<Snapshot | null> {
	const snapshot = await findSnapshotByHash(db, hash);
	return snapshot && readable(access, snapshot) ? snapshot : null;
}

/** The snapshots of a scope, newest period first, with their respondents (fewer than MIN_PUBLISHED_CELL: not publishable). */
export async function listSnapshots(db: Db, access: Access, scope: ScopeFilter): Promise<(Omit<Snapshot, 'report' | 'canonical'> & { respondents: number })[]> {
	const rows = await db
		.select()
		.from(reportSnapshots)
		.where(and(eq(reportSnapshots.mallId, access.mallId ?? -1), eq(reportSnapshots.scopeType, scope.type as SnapshotScope['type']), eq(reportSnapshots.scopeId, scope.id)))
		.orderBy(desc(reportSnapshots.periodFrom), desc(reportSnapshots.finalizedAt));
	const next = new Map(rows.filter((row) => row.supersedes).map((row) => [row.supersedes!, { hash: row.hash, reason: row.supersedeReason ?? '' }]));
	return rows
		.filter((row) => readable(access, row))
		.map((row) => {
			const { report, canonical: _c, ...rest } = toSnapshot(row);
			return { ...rest, supersededBy: next.get(row.hash) ?? null, respondents: report.figures.respondents };
		});
}

/**
 * Publish or withdraw a snapshot on /publik: 'not_found' when it is not one `access` may act on, 'too_few' when it has
 * fewer respondents than MIN_PUBLISHED_CELL (its figures could point at them), 'superseded' when a newer final report
 * replaced it (only the current one may be public); withdrawing is always possible.
 */
export async function setPublished(db: Db, access: Access, hash: string, published: boolean, now = new Date()): Promise<'done' | 'not_found' | 'too_few' | 'superseded'> {
	const snapshot = await findReadableSnapshot(db, access, hash);
	if (!snapshot || !canPublishReport(access, snapshot.agencyId)) return 'not_found';
	if (published && snapshot.supersededAt) return 'superseded';
	if (published && !mayPublishFigures(snapshot.report.figures.respondents)) return 'too_few';
	// Superseded between the read and the write: the condition keeps it off /publik (the check would refuse it too).
	const changed = await db
		.update(reportSnapshots)
		.set({ published, publishedAt: published ? (snapshot.publishedAt ?? now) : null })
		.where(published ? and(eq(reportSnapshots.hash, hash), isNull(reportSnapshots.supersededAt)) : eq(reportSnapshots.hash, hash))
		.returning({ hash: reportSnapshots.hash });
	return changed.length ? 'done' : 'superseded';
}

/** Published snapshots of a mall, newest period first (for /publik). */
export async function publishedSnapshots(db: Db, mallId: number): Promise<Snapshot[]> {
	const rows = await db
		.select()
		.from(reportSnapshots)
		.where(and(eq(reportSnapshots.mallId, mallId), eq(reportSnapshots.published, true), isNull(reportSnapshots.supersededAt)))
		.orderBy(desc(reportSnapshots.periodFrom), sql`${reportSnapshots.scopeType} = 'mall' desc`, desc(reportSnapshots.finalizedAt));
	return rows.map(toSnapshot);
}
