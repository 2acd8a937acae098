/**
 * Finalized reports: a report's canonical JSON (RFC 8785) frozen under its SHA-256. Later data never changes it —
 * its figures are read from the stored JSON and its matrix only from responses received by its cut-off.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, desc, eq, sql } from 'drizzle-orm';
import { mayPublishFigures } from '../../domain/privacy';
import type { ReportPeriod } from '../../domain/report-period';
import { canPublishReport, canReadUnit, type Access } from '../../domain/roles';
import { executePrepared, type Db } from '../db/client';
import { reportSnapshots } from '../db/schema';
import type { ScopeFilter } from '../../domain/scope';
import { findScope } from '../indicators/queries';
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
		intact: sha256Hex(row.canonical) === row.hash
	};
}

const readable = (access: Access, row: { mallId: number; agencyId: number | null }) =>
	access.mallId === row.mallId && canReadUnit(access, row.agencyId);

/**
 * Freeze the report of a scope and period as it stands now. Returns its hash, or null when the scope is not one
 * `access` may act on (evaluators read; they do not finalize). The same figures finalized twice give the same hash.
 */
export async function finalizeReport(db: Db, access: Access, userId: number | null, scope: SnapshotScope, period: ReportPeriod, now = new Date()): Promise<string | null> {
	const found = await findScope(db, scope, access);
	if (!found) return null;
	const agencyId = found.agencyId;
	if (!canPublishReport(access, agencyId)) return null;
	const report = await freezeFigures(db, access, scope, period, found.mallId, found.timeZone);
	if (!report) return null;
	const canonical = canonicalJson(report);
	const hash = sha256Hex(canonical);
	await db
		.insert(reportSnapshots)
		.values({
			hash,
			mallId: found.mallId,
			scopeType: scope.type,
			scopeId: scope.id,
			agencyId,
			periodKind: period.kind,
			periodValue: period.value,
			periodFrom: period.from,
			periodTo: period.to,
			receivedBy: new Date(report.method.receivedBy!),
			canonical,
			finalizedBy: userId,
			finalizedAt: now
		})
		.onConflictDoNothing();
	return hash;
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
	return row ? toSnapshot(row) : null;
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
	return rows
		.filter((row) => readable(access, row))
		.map((row) => {
			const { report, canonical: _c, ...rest } = toSnapshot(row);
			return { ...rest, respondents: report.figures.respondents };
		});
}

/**
 * Publish or withdraw a snapshot on /publik: 'not_found' when it is not one `access` may act on, 'too_few' when it has
 * fewer respondents than MIN_PUBLISHED_CELL (its figures could point at them; withdrawing is always possible).
 */
export async function setPublished(db: Db, access: Access, hash: string, published: boolean, now = new Date()): Promise<'done' | 'not_found' | 'too_few'> {
	const snapshot = await findReadableSnapshot(db, access, hash);
	if (!snapshot || !canPublishReport(access, snapshot.agencyId)) return 'not_found';
	if (published && !mayPublishFigures(snapshot.report.figures.respondents)) return 'too_few';
	await db
		.update(reportSnapshots)
		.set({ published, publishedAt: published ? (snapshot.publishedAt ?? now) : null })
		.where(eq(reportSnapshots.hash, hash));
	return 'done';
}

/** Published snapshots of a mall, newest period first (for /publik). */
export async function publishedSnapshots(db: Db, mallId: number): Promise<Snapshot[]> {
	const rows = await db
		.select()
		.from(reportSnapshots)
		.where(and(eq(reportSnapshots.mallId, mallId), eq(reportSnapshots.published, true)))
		.orderBy(desc(reportSnapshots.periodFrom), sql`${reportSnapshots.scopeType} = 'mall' desc`, desc(reportSnapshots.finalizedAt));
	return rows.map(toSnapshot);
}
