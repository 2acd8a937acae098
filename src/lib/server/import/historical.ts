/**
 * Historical import: a raw matrix from another SKM tool (CSV or XLSX) for one service and period is uploaded, previewed
 * with every row-level problem, then committed as responses with channel `import` — in one transaction, so a file
 * either lands whole or not at all. The upload waits in PostgreSQL between the two steps (any app instance commits it).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { importRows, type ImportRow } from '../../domain/import-rows';
import { ikmReport, unansweredCodes, type IkmReport } from '../../domain/ikm-report';
import { SKM_2017, SKM_CODES } from '../../domain/instruments';
import type { MatrixProblem } from '../../domain/matrix';
import { startOfLocalDay } from '../../domain/periods';
import { parsePeriod, type ReportPeriod } from '../../domain/report-period';
import { canActOnAgency, canReadAgency, type Access } from '../../domain/roles';
import type { Db } from '../db/client';
import { importUploads, malls, services } from '../db/schema';
import { insertWithRollups } from '../responses/ingest';
import { findInstrument } from '../surveys/instruments';
import { readMatrixFile } from './matrix-file';

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

/** Keep an uploaded file for its preview; refused when the service is not one `access` may act on. */
export async function storeUpload(db: Db, access: Access & { mallId: number }, userId: number | null, input: UploadInput): Promise<UploadResult> {
	if ((await importTarget(db, access, input.serviceId)) !== 'ok') return { error: 'service' };
	if (input.bytes.length === 0) return { error: 'file_empty' };
	if (input.bytes.length > MAX_IMPORT_BYTES) return { error: 'file_too_large' };
	const [row] = await db
		.insert(importUploads)
		.values({
			mallId: access.mallId,
			serviceId: input.serviceId,
			periodKind: input.period.kind,
			periodValue: input.period.value,
			fileName: input.fileName.slice(0, 200),
			content: input.bytes,
			uploadedBy: userId
		})
		.returning({ id: importUploads.id });
	return { id: row!.id };
}

export interface ImportPreview {
	id: number;
	fileName: string;
	service: { id: number; name: string; agencyId: number };
	period: ReportPeriod;
	committedAt: Date | null;
	committedRows: number | null;
	/** Every problem, row and column named (capped: a wholly wrong file does not list a million lines). */
	problems: MatrixProblem[];
	/** The figures the file gives (as `npm run ikm` prints them), when it has no problem. */
	figures: IkmReport | null;
	rows: number;
	/** The first rows as they will be stored. */
	sample: ImportRow[];
}

interface ParsedUpload extends ImportPreview {
	allRows: ImportRow[];
	timeZone: string;
	mallId: number;
}

/** Read an upload `access` may see and check its file; null when unknown or not theirs (a 404 at the edge). */
async function parseUpload(db: Db, access: Access & { mallId: number }, id: number): Promise<ParsedUpload | null> {
	const [upload] = await db.select().from(importUploads).where(and(eq(importUploads.id, id), eq(importUploads.mallId, access.mallId)));
	if (!upload) return null;
	const service = await serviceOf(db, access.mallId, upload.serviceId);
	if (!service || !canReadAgency(access, service.agencyId)) return null;
	const period = parsePeriod(upload.periodKind, upload.periodValue)!;
	const { result, records } = await readMatrixFile(upload.content, SKM_CODES);
	let problems = result.ok ? [] : result.problems;
	let allRows: ImportRow[] = [];
	if (result.ok) {
		const read = importRows(records, result.matrix, period);
		allRows = read.rows;
		problems = read.problems.slice(0, 50);
		if (result.matrix.answers.length === 0) problems.push({ row: 1, column: null, message: 'the file has a header but no respondent with an answer', kind: 'no_respondents' });
		for (const code of unansweredCodes(result.matrix)) problems.push({ row: 1, column: code, message: `no respondent answered ${code}; the IKM needs every unsur`, kind: 'unsur_unanswered' });
	}
	return {
		id: upload.id,
		fileName: upload.fileName,
		service: { id: service.id, name: service.name, agencyId: service.agencyId },
		period,
		committedAt: upload.committedAt,
		committedRows: upload.committedRows,
		problems,
		figures: result.ok && problems.length === 0 ? ikmReport(result.matrix) : null,
		rows: allRows.length,
		sample: allRows.slice(0, 10),
		allRows,
		timeZone: service.timeZone,
		mallId: access.mallId
	};
}

/** The preview of an upload: its problems, or the figures it will add. */
export async function previewUpload(db: Db, access: Access & { mallId: number }, id: number): Promise<ImportPreview | null> {
	const parsed = await parseUpload(db, access, id);
	if (!parsed) return null;
	const { allRows: _rows, timeZone: _tz, mallId: _mall, ...preview } = parsed;
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
	const parsed = await parseUpload(db, access, id);
	if (!parsed) return { error: 'not_found' };
	if (!canActOnAgency(access, parsed.service.agencyId)) return { error: 'forbidden' };
	if (parsed.committedAt) return { error: 'already_committed' };
	if (parsed.problems.length > 0 || parsed.allRows.length === 0) return { error: 'invalid' };
	const instrument = await findInstrument(db, SKM_2017.code, SKM_2017.version);
	if (!instrument) throw new Error('the SKM 2017 instrument is not published');
	return db.transaction(async (tx) => {
		// Claim the upload first: a second commit running at the same time waits here, then finds it committed.
		const claimed = await tx
			.update(importUploads)
			.set({ committedAt: now, committedRows: parsed.allRows.length })
			.where(and(eq(importUploads.id, id), isNull(importUploads.committedAt)))
			.returning({ id: importUploads.id });
		if (claimed.length === 0) return { error: 'already_committed' as const };
		for (let start = 0; start < parsed.allRows.length; start += INSERT_CHUNK) {
			const rows = parsed.allRows.slice(start, start + INSERT_CHUNK).map((row) => ({
				id: crypto.randomUUID(),
				mallId: parsed.mallId,
				agencyId: parsed.service.agencyId,
				serviceId: parsed.service.id,
				counterId: null,
				deviceId: null,
				deviceSeq: null,
				instrumentId: instrument.id,
				submittedAt: submittedAt(row, parsed.period, parsed.timeZone),
				channel: 'import' as const,
				status: row.status,
				answers: row.answers,
				sex: row.sex,
				ageBand: row.ageBand,
				education: row.education,
				occupation: row.occupation
			}));
			const inserted = await insertWithRollups(tx, rows, null, now);
			if (inserted.ids.length !== rows.length) throw new Error(`import ${id}: ${rows.length - inserted.ids.length} rows were not stored`);
		}
		return { rows: parsed.allRows.length, serviceId: parsed.service.id, period: parsed.period };
	});
}
