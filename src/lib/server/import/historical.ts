/**
 * Historical import: a raw matrix from another SKM tool (CSV or XLSX) for one service and period is uploaded, previewed
 * with every row-level problem, then committed as responses with channel `import` — in one transaction, so a file
 * either lands whole or not at all. The file is read once, at upload; what it gave (the preview and the rows) waits in
 * PostgreSQL between the two steps, so any app instance commits it, and the file itself is never kept.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { ImportRow } from '../../domain/import-rows';
import { SKM_2017 } from '../../domain/instruments';
import { startOfLocalDay } from '../../domain/periods';
import { parsePeriod, type ReportPeriod } from '../../domain/report-period';
import { canActOnAgency, canReadAgency, type Access } from '../../domain/roles';
import { storableJson, storableName } from '../../domain/values';
import type { Db } from '../db/client';
import { importUploads, malls, services } from '../db/schema';
import { insertWithRollups } from '../responses/ingest';
import { findInstrument } from '../surveys/instruments';
import { readUpload, UPLOAD_AGAIN, type UploadPreview } from './upload-preview';

/** The largest file accepted (a year of a busy service is well under 2 MB as CSV). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
/** Rows inserted per statement while committing. */
const INSERT_CHUNK = 1000;

export interface UploadInput {
	serviceId: number;
	period: ReportPeriod;
	fileName: string;
	bytes: Uint8Array;
}

export type UploadResult = { id: number } | { error: 'service' | 'file_empty' | 'file_too_large' };

async function serviceOf(db: Db, mallId: number, serviceId: number) {
	const [row] = await db
		.select({ id: services.id, name: services.name, agencyId: services.agencyId, timeZone: malls.timeZone })
		.from(services)
		.innerJoin(malls, eq(malls.id, services.mallId))
		.where(and(eq(services.id, serviceId), eq(services.mallId, mallId)));
	return row ?? null;
}

/** Whether `access` may import into a service: unknown and unreadable look the same; readable but read-only is forbidden. */
export async function importTarget(db: Db, access: Access & { mallId: number }, serviceId: number): Promise<'ok' | 'not_found' | 'forbidden'> {
	const service = await serviceOf(db, access.mallId, serviceId);
	if (!service || !canReadAgency(access, service.agencyId)) return 'not_found';
	return canActOnAgency(access, service.agencyId) ? 'ok' : 'forbidden';
}

/** An upload's preview: what its file gave at upload, for the service and period it was uploaded for. */
export interface ImportPreview extends UploadPreview {
	id: number;
	fileName: string;
	service: { id: number; name: string; agencyId: number };
	period: ReportPeriod;
	committedAt: Date | null;
	committedRows: number | null;
}

/**
 * A row to store on commit as import_uploads.rows keeps it, compact (an upload holds up to 100 000):
 * [row, answers, localTime, status, sex, ageBand, education, occupation].
 */
type StoredRow = [number, ImportRow['answers'], ImportRow['localTime'], ImportRow['status'], ImportRow['sex'], ImportRow['ageBand'], ImportRow['education'], ImportRow['occupation']];

const storedRow = (r: ImportRow): StoredRow => [r.row, r.answers, r.localTime, r.status, r.sex, r.ageBand, r.education, r.occupation];
const importRow = ([row, answers, localTime, status, sex, ageBand, education, occupation]: StoredRow): ImportRow => ({ row, answers, localTime, status, sex, ageBand, education, occupation });

/**
 * Read an uploaded file, once, and keep what it gave for its preview and commit (never the file): a file past a
 * reader's limit is kept too, its preview naming the limit. Refused when the service is not one `access` may act on.
 */
export async function storeUpload(db: Db, access: Access & { mallId: number }, userId: number | null, input: UploadInput): Promise<UploadResult> {
	if ((await importTarget(db, access, input.serviceId)) !== 'ok') return { error: 'service' };
	if (input.bytes.length === 0) return { error: 'file_empty' };
	if (input.bytes.length > MAX_IMPORT_BYTES) return { error: 'file_too_large' };
	const { preview, rows } = await readUpload(input.bytes, input.period);
	const stored = rows && rows.map(storedRow);
	const [row] = await db
		.insert(importUploads)
		.values({
			mallId: access.mallId,
			serviceId: input.serviceId,
			periodKind: input.period.kind,
			periodValue: input.period.value,
			fileName: storableName(input.fileName, 200),
			// A problem quotes the cell it found: a NUL in a CSV cell must not make the preview unstorable.
			preview: storableJson(preview),
			rows: stored,
			uploadedBy: userId
		})
		.returning({ id: importUploads.id });
	return { id: row!.id };
}

interface FoundUpload extends ImportPreview {
	timeZone: string;
	mallId: number;
}

/** An upload `access` may see with its preview (not its rows); null when unknown or not theirs (a 404 at the edge). */
async function findUpload(db: Db, access: Access & { mallId: number }, id: number): Promise<FoundUpload | null> {
	const [upload] = await db
		.select({
			id: importUploads.id,
			fileName: importUploads.fileName,
			serviceId: importUploads.serviceId,
			periodKind: importUploads.periodKind,
			periodValue: importUploads.periodValue,
			preview: importUploads.preview,
			committedAt: importUploads.committedAt,
			committedRows: importUploads.committedRows
		})
		.from(importUploads)
		.where(and(eq(importUploads.id, id), eq(importUploads.mallId, access.mallId)));
	if (!upload) return null;
	const service = await serviceOf(db, access.mallId, upload.serviceId);
	if (!service || !canReadAgency(access, service.agencyId)) return null;
	return {
		id: upload.id,
		fileName: upload.fileName,
		service: { id: service.id, name: service.name, agencyId: service.agencyId },
		period: parsePeriod(upload.periodKind, upload.periodValue)!,
		committedAt: upload.committedAt,
		committedRows: upload.committedRows,
		...((upload.preview as UploadPreview | null) ?? UPLOAD_AGAIN),
		timeZone: service.timeZone,
		mallId: access.mallId
	};
}

/** The preview of an upload, as its file gave it at upload: its problems, or the figures it will add. */
export async function previewUpload(db: Db, access: Access & { mallId: number }, id: number): Promise<ImportPreview | null> {
	const upload = await findUpload(db, access, id);
	if (!upload) return null;
	const { timeZone: _tz, mallId: _mall, ...preview } = upload;
	return preview;
}

export type CommitResult = { rows: number; serviceId: number; period: ReportPeriod } | { error: 'not_found' | 'forbidden' | 'invalid' | 'already_committed' };

/** The instant of a row: its local date and time in the mall's zone, or noon of the period's first day. */
function submittedAt(row: ImportRow, period: ReportPeriod, timeZone: string): Date {
	const [date, time] = (row.localTime ?? `${period.from} 12:00`).split(' ') as [string, string];
	const [h, m] = time.split(':').map(Number) as [number, number];
	return new Date(startOfLocalDay(date, timeZone).getTime() + (h * 60 + m) * 60_000);
}

/**
 * Store a previewed upload's rows as responses (channel `import`, no counter or device) with their rollups, and mark it
 * committed — all in one transaction: a failure anywhere leaves no row behind, and an upload commits at most once.
 */
export async function commitUpload(db: Db, access: Access & { mallId: number }, id: number, now = new Date()): Promise<CommitResult> {
	const upload = await findUpload(db, access, id);
	if (!upload) return { error: 'not_found' };
	if (!canActOnAgency(access, upload.service.agencyId)) return { error: 'forbidden' };
	if (upload.committedAt) return { error: 'already_committed' };
	if (upload.problems.length > 0) return { error: 'invalid' };
	const [stored] = await db.select({ rows: importUploads.rows }).from(importUploads).where(eq(importUploads.id, id));
	if (!stored?.rows || stored.rows.length === 0) return { error: 'invalid' };
	const rowsToStore = (stored.rows as StoredRow[]).map(importRow);
	const instrument = await findInstrument(db, SKM_2017.code, SKM_2017.version);
	if (!instrument) throw new Error('the SKM 2017 instrument is not published');
	return db.transaction(async (tx) => {
		// Claim the upload first: a second commit running at the same time waits here, then finds it committed.
		const claimed = await tx
			.update(importUploads)
			// The stored rows are not needed once they are responses.
			.set({ committedAt: now, committedRows: rowsToStore.length, rows: null })
			.where(and(eq(importUploads.id, id), isNull(importUploads.committedAt)))
			.returning({ id: importUploads.id });
		if (claimed.length === 0) return { error: 'already_committed' as const };
		for (let start = 0; start < rowsToStore.length; start += INSERT_CHUNK) {
			const rows = rowsToStore.slice(start, start + INSERT_CHUNK).map((row) => ({
				id: crypto.randomUUID(),
				mallId: upload.mallId,
				agencyId: upload.service.agencyId,
				serviceId: upload.service.id,
				counterId: null,
				deviceId: null,
				deviceSeq: null,
				instrumentId: instrument.id,
				submittedAt: submittedAt(row, upload.period, upload.timeZone),
				channel: 'import' as const,
				status: row.status,
				answers: row.answers,
				sex: row.sex,
				ageBand: row.ageBand,
				education: row.education,
				occupation: row.occupation
			}));
			const inserted = await insertWithRollups(tx, rows, []);
			if (inserted.ids.length !== rows.length) throw new Error(`import ${id}: ${rows.length - inserted.ids.length} rows were not stored`);
		}
		return { rows: rowsToStore.length, serviceId: upload.service.id, period: upload.period };
	});
}
