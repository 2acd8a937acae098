/**
 * Downloads of a report: PDF, XLSX, CSV matrix, CSV codebook, CSV of the quick ratings and JSON — of a live scope and
 * period, or of a finalized snapshot. Everything streams: the matrix is read page by page and written as it is read.
 */
import { PassThrough, Readable } from 'node:stream';
import type { ReportPeriod } from '../../domain/report-period';
import { parsePeriodParams } from '../indicators/query-params';
import { SKM_CODES } from '../../domain/instruments';
import { canReadComments, type Access } from '../../domain/roles';
import { parseScope, type ScopeFilter } from '../../domain/scope';
import type { Db } from '../db/client';
import { computeIndicators } from '../indicators/indicators';
import { findScope } from '../indicators/queries';
import { codebookCsv, matrixCodebook, matrixCsvStream, type CsvDelimiter } from './matrix-export';
import { writeReportPdf } from './pdf';
import type { ReportRange } from './queries';
import { quickCsv } from './quick';
import { buildReport, type SheetReport, type SkmReport } from './report';
import { findReadableSnapshot } from './snapshots';
import { writeReportXlsx } from './xlsx';
import { integrityForReport } from '../integrity/checks';

/**
 * canonical: a snapshot's own bytes (what its SHA-256 covers); quick: the quick ratings' CSAT, answers and reasons as
 * CSV (the XLSX's Cepat sheet); the others render a live report or a snapshot.
 */
const EXPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'codebook', 'quick', 'json', 'canonical'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ReportTarget {
	scope: ScopeFilter;
	period: ReportPeriod;
}

export type ExportRequest =
	| { ok: true; format: ExportFormat; delimiter: CsvDelimiter; target: ReportTarget | null; snapshot: string | null }
	| { ok: false; field: 'format' | 'scope' | 'period' | 'sep' | 'snapshot'; message: string };

/** Validate a download query: a format, and either a snapshot hash or a scope and period. */
export function parseExportRequest(params: URLSearchParams): ExportRequest {
	const format = params.get('format') ?? '';
	if (!EXPORT_FORMATS.includes(format as ExportFormat)) return { ok: false, field: 'format', message: `format must be one of ${EXPORT_FORMATS.join(', ')}` };
	const sep = params.get('sep') ?? 'comma';
	if (sep !== 'comma' && sep !== 'semicolon') return { ok: false, field: 'sep', message: 'sep must be comma or semicolon' };
	const delimiter: CsvDelimiter = sep === 'semicolon' ? ';' : ',';
	const snapshot = params.get('snapshot');
	if (snapshot !== null) {
		if (!/^[0-9a-f]{64}$/.test(snapshot)) return { ok: false, field: 'snapshot', message: 'snapshot must be a SHA-256 in lower-case hex' };
		return { ok: true, format: format as ExportFormat, delimiter, target: null, snapshot };
	}
	if (format === 'canonical') return { ok: false, field: 'snapshot', message: 'the canonical JSON exists only for a finalized report: give its snapshot' };
	const scope = parseScope(params.get('scope') ?? '');
	if (!scope) return { ok: false, field: 'scope', message: 'scope must look like mall-1, agency-3 or service-12' };
	const period = parsePeriodParams(params);
	if (!period) return { ok: false, field: 'period', message: 'period must be month, quarter, semester or year with a value (2026-Q1), or custom with from and to' };
	return { ok: true, format: format as ExportFormat, delimiter, target: { scope, period }, snapshot: null };
}

export interface ResolvedReport {
	/** The frozen report of a snapshot; for a live one, built only when a format needs it (the CSV does not). */
	report: () => Promise<SkmReport>;
	/** The same without the counts the XLSX does not print (a live one skips their scans). */
	sheetReport: () => Promise<SheetReport>;
	/** A snapshot's stored canonical JSON; null for a live report. */
	canonical: string | null;
	scope: ScopeFilter;
	range: ReportRange;
	snapshot: string | null;
	/** Whether the reader may read citizens' comments (an installation operator may not). */
	readsComments: boolean;
	/** Rows of the matrix: a snapshot's frozen count, or the live respondents from the rollups (the same population). */
	rows: () => Promise<number>;
	stem: string;
}

/** A unit's name as ASCII for a file name: "Dinas Kependudukan …" → "dinas-kependudukan-…" (at most 60 characters). */
export function fileSlug(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[^\w\s-]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s_]+/g, '-')
		.slice(0, 60);
}

/** "laporan-skm-dukcapil-2026-Q1" (ASCII, for a file name). */
function fileStem(scopeName: string, periodValue: string): string {
	return `laporan-skm-${fileSlug(scopeName) || 'unit'}-${periodValue.replace('..', '_')}`;
}

/** The report to export as `access` may read it (live or frozen), or null — unknown and forbidden look the same. */
export async function resolveReport(db: Db, access: Access, request: Extract<ExportRequest, { ok: true }>): Promise<ResolvedReport | null> {
	if (request.snapshot) {
		const snapshot = await findReadableSnapshot(db, access, request.snapshot);
		if (!snapshot) return null;
		const { report } = snapshot;
		const range = { mallId: snapshot.mallId, timeZone: report.identity.timeZone, from: report.period.from, to: report.period.to, receivedBy: snapshot.receivedBy };
		return {
			report: async () => report,
			sheetReport: async () => report,
			canonical: snapshot.canonical,
			scope: snapshot.scope,
			range,
			snapshot: snapshot.hash,
			readsComments: canReadComments(access),
			rows: async () => report.matrixRows,
			stem: `${fileStem(report.identity.scope.name, report.period.value)}-${snapshot.hash.slice(0, 12)}`
		};
	}
	const { scope, period } = request.target!;
	const found = await findScope(db, scope, access);
	if (!found) return null;
	const indicators = () => computeIndicators(db, { scope: scope.type, id: scope.id, from: period.from, to: period.to, granularity: 'year' }, access);
	return {
		report: async () => (await buildReport(db, access, scope, period))!,
		sheetReport: async () => (await buildReport(db, access, scope, period, { counts: false }))!,
		canonical: null,
		scope,
		range: { mallId: found.mallId, timeZone: found.timeZone, from: period.from, to: period.to, receivedBy: null },
		snapshot: null,
		readsComments: canReadComments(access),
		rows: async () => (await indicators())?.respondents ?? 0,
		stem: fileStem(found.name, period.value)
	};
}

/** The report JSON: every figure, the method flags, the instrument version and the codebook (+ the snapshot hash). */
function reportJson(report: SkmReport, snapshot: string | null): string {
	return JSON.stringify({ ...report, codebook: matrixCodebook(), matrixColumns: SKM_CODES, snapshot }, null, 2);
}

const download = (body: BodyInit, type: string, name: string, extra: Record<string, string> = {}) =>
	new Response(body, {
		headers: { 'content-type': type, 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store', ...extra }
	});

/** Node's writable-stream writers (PDFKit, ExcelJS) as a web stream body; a failure aborts the download. */
function streamFrom(write: (stream: PassThrough) => Promise<void>): ReadableStream {
	const pass = new PassThrough();
	write(pass).catch((err: unknown) => pass.destroy(err instanceof Error ? err : new Error(String(err))));
	return Readable.toWeb(pass) as ReadableStream;
}

/** The HTTP response of one export. `verifyUrl` builds a snapshot's public verification address. */
export async function exportResponse(db: Db, resolved: ResolvedReport, format: ExportFormat, delimiter: CsvDelimiter, verifyUrl: (hash: string) => string): Promise<Response> {
	const { scope, range, snapshot, stem } = resolved;
	switch (format) {
		case 'canonical':
			return download(resolved.canonical ?? '', 'application/json; charset=utf-8', `snapshot-${snapshot}.json`);
		case 'json':
			// A snapshot's own canonical bytes are what its hash covers; the download adds the codebook around them.
			return download(reportJson(await resolved.report(), snapshot), 'application/json; charset=utf-8', `${stem}.json`);
		case 'codebook':
			return download(codebookCsv(delimiter), 'text/csv; charset=utf-8', `${stem}-kodebuku.csv`);
		case 'quick':
			return download(quickCsv(await resolved.sheetReport(), delimiter), 'text/csv; charset=utf-8', `${stem}-penilaian-cepat.csv`);
		case 'csv': {
			const [rows, body] = await Promise.all([resolved.rows(), matrixCsvStream(db, scope, range, delimiter)]);
			return download(body, 'text/csv; charset=utf-8', `${stem}-matriks.csv`, { 'x-puas-rows': String(rows) });
		}
		case 'xlsx': {
			// The matrix streams first; the report and the integrity checks are computed meanwhile (writeReportXlsx).
			const rows = await resolved.rows();
			const report = resolved.sheetReport();
			const integrity = integrityForReport(db, range.mallId, scope, range);
			return download(
				streamFrom((stream) => writeReportXlsx(db, report, scope, range, stream, snapshot, resolved.readsComments, integrity)),
				'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				`${stem}.xlsx`,
				{ 'x-puas-rows': String(rows) }
			);
		}
		case 'pdf': {
			const report = await resolved.report();
			return download(
				streamFrom((stream) => writeReportPdf(db, report, scope, range, stream, snapshot ? { hash: snapshot, verifyUrl: verifyUrl(snapshot) } : null, resolved.readsComments)),
				'application/pdf',
				`${stem}.pdf`
			);
		}
	}
}
