/**
 * The report as an XLSX workbook: Ringkasan, Per Unsur, Cepat (quick ratings' CSAT, always present), Profil, Matriks
 * (respondent × U1..U9), Saran, Metode.
 * Numbers are written as numbers (an evaluator recomputes with spreadsheet formulas); the workbook is streamed
 * row by row (xlsx-writer), so the matrix never sits in memory. The matrix is written first, while the integrity
 * checks of the summary run in the database; the workbook still lists the sheets in the order above.
 */
import type { Writable } from 'node:stream';
import { SKM_CODES } from '../../domain/instruments';
import type { Db } from '../db/client';
import type { ScopeFilter } from '../../domain/scope';
import { INTEGRITY_RULES } from '../../domain/integrity';
import { integrityForReport, REPORT_RULE_LABELS, type ReportIntegrity } from '../integrity/checks';
import { MATRIX_COLUMNS, matrixCodebook, matrixValueRows } from './matrix-export';
import { matrixComments, PROFILE_FIELDS, type ReportRange } from './queries';
import { quickMethodRows, quickRows } from './quick';
import type { SheetReport } from './report';
import { CHANNEL_LABELS, mallBesideUnit, PROFILE_LABELS, unitTitle } from './labels';
import { XlsxWriter, type SheetSpec, type XlsxCell, type XlsxSheet } from './xlsx-writer';

type Cell = XlsxCell;

const SHEETS: SheetSpec[] = [
	{ name: 'Ringkasan', widths: [34, 40, 14, 12, 10, 8] },
	{ name: 'Per Unsur', widths: [8, 34, 16, 10, 12, 16, 12, 8] },
	{ name: 'Cepat', widths: [34, 60, 12, 26] },
	{ name: 'Profil', widths: [18, 16, 10, 10], columnStyles: { 3: 'percent' } },
	{ name: 'Matriks', widths: MATRIX_COLUMNS.map((name) => (SKM_CODES.includes(name) ? 5 : name === 'Layanan' || name === 'Instansi' ? 24 : 12)) },
	{ name: 'Saran', widths: [8, 18, 28, 80] },
	{ name: 'Metode', widths: [28, 90, 60] }
];

/** Characters of comments held in memory for the Saran sheet while the matrix streams (a few MB at most). */
const SARAN_BUFFER_CHARS = 4_000_000;

/** Rows with the first one (the header) in bold. */
async function table(sheet: XlsxSheet, rows: Cell[][]): Promise<void> {
	for (const [i, row] of rows.entries()) await sheet.row(row, i === 0 ? 'bold' : undefined);
}

/**
 * Write the workbook of `report` to `stream`; the matrix and comments are read as they are written. The matrix
 * needs neither the report nor the integrity checks, so both are awaited only after it: given as promises, they
 * are computed by the database while the matrix streams.
 */
export async function writeReportXlsx(
	db: Db,
	reportOrPending: SheetReport | Promise<SheetReport>,
	scope: ScopeFilter,
	range: ReportRange,
	stream: Writable,
	snapshotHash: string | null,
	/** Whether the reader may read citizens' comments (an operator may not): else the Saran sheet says so and lists none. */
	readsComments: boolean,
	integrityChecks: Promise<ReportIntegrity> = integrityForReport(db, range.mallId, scope, range)
): Promise<void> {
	const workbook = new XlsxWriter(stream, SHEETS, 'Puas');
	const pending = Promise.resolve(reportOrPending);
	// A failure is thrown where each is awaited, not reported as unhandled while the matrix streams.
	pending.catch(() => {});
	integrityChecks.catch(() => {});

	// The comments are kept as the matrix is read, up to SARAN_BUFFER_CHARS; past that they are read again by query.
	let saranRows: Cell[][] | null = [];
	let saranChars = 0;
	const keepComment = (values: Cell[], comment: string) => {
		if (!saranRows || !readsComments) return;
		saranChars += comment.length;
		if (saranChars > SARAN_BUFFER_CHARS) saranRows = null;
		else saranRows.push([values[0]!, values[1]!, values[MATRIX_COLUMNS.indexOf('Layanan')]!, comment]);
	};
	await workbook.sheet('Matriks', async (matrix) => {
		await matrix.row(MATRIX_COLUMNS, 'bold');
		for await (const rows of matrixValueRows(db, scope, range, keepComment)) await matrix.rows(rows);
	});
	await workbook.sheet('Saran', async (saran) => {
		await saran.row(['No', 'Waktu', 'Layanan', 'Saran'], 'bold');
		if (!readsComments) await saran.row(['', '', '', 'Saran warga tidak ditampilkan untuk operator instalasi.']);
		else if (saranRows) await saran.rows(saranRows);
		else for await (const page of matrixComments(db, scope, range)) await saran.rows(page.map((row) => [row.no, row.at, row.service, row.comment]));
	});

	const report = await pending;
	const f = report.figures;
	const mall = mallBesideUnit(report.identity);
	const integrity = await integrityChecks;

	await workbook.sheet('Ringkasan', (sheet) =>
		table(sheet, [
			['Laporan Survei Kepuasan Masyarakat', null],
			['Unit pelayanan', unitTitle(report.identity.scope)],
			...(mall ? [['Tempat', mall]] : []),
			['Periode', `${report.period.value} (${report.period.from} s.d. ${report.period.to})`],
			['Jumlah responden', f.respondents],
			['IKM', f.ikm],
			['IKM (tanpa pembulatan)', f.ikmExact],
			['Mutu pelayanan', f.mutu],
			['Kinerja unit pelayanan', f.kinerja],
			// Beside the IKM, never in it (the Cepat sheet has the rest).
			['Penilaian cepat (n)', report.quick?.csat.n ?? null],
			['CSAT penilaian cepat (%)', report.quick?.csat.csat ?? null],
			['Populasi (jumlah dilayani)', report.method.sample.population],
			['Target sampel (Krejcie–Morgan)', report.method.sample.target],
			['Snapshot SHA-256', snapshotHash],
			[],
			['Tren', 'Dari', 'Sampai', 'Responden', 'IKM', 'Mutu'],
			...report.trend.map((t) => [t.value, t.from, t.to, t.respondents, t.ikm, t.mutu]),
			[],
			['Unit', 'Jenis', 'Instansi', 'Responden', 'IKM', 'Mutu'],
			...report.units.map((u) => [`${u.name}${u.archived ? ' — diarsipkan' : ''}`, u.type === 'agency' ? 'Instansi' : 'Layanan', u.agency, u.respondents, u.ikm, u.mutu]),
			[],
			// Computed now from the raw responses of the report's scope and days (not part of the snapshot).
			['Pemeriksaan integritas data', 'Tanda'],
			...INTEGRITY_RULES.map((rule) => [REPORT_RULE_LABELS[rule], integrity.flagsByRule[rule]]),
			['Respons', 'Responden', 'IKM', 'Mutu'],
			['Semua respons tersimpan', integrity.withFlagged.n, integrity.withFlagged.result.ikm, integrity.withFlagged.result.mutu],
			['Tanpa respons yang ditandai', integrity.withoutFlagged.n, integrity.withoutFlagged.result.ikm, integrity.withoutFlagged.result.mutu]
		] as Cell[][])
	);

	await workbook.sheet('Per Unsur', (sheet) =>
		table(sheet, [
			['Kode', 'Unsur', 'Jumlah nilai (Σ)', 'n', 'NRR', 'NRR tertimbang', 'NRR × 25', 'Mutu'],
			...report.unsur.map((u) => [u.code, u.name, u.sum, u.n, u.nrr, u.nrrWeighted, u.index, u.mutu]),
			['', 'IKM', null, f.respondents, null, f.skmExact, f.ikm, f.mutu]
		])
	);

	await workbook.sheet('Cepat', (sheet) => table(sheet, quickRows(report)));

	const profileRows: Cell[][] = [['Karakteristik', 'Nilai', 'Jumlah', 'Persen']];
	for (const field of PROFILE_FIELDS) {
		const counts = report.profile[field];
		const total = counts.reduce((a, c) => a + c.count, 0);
		for (const c of counts) profileRows.push([PROFILE_LABELS[field], c.value ?? 'Tidak diisi', c.count, total > 0 ? c.count / total : null]);
	}
	await workbook.sheet('Profil', (sheet) => table(sheet, profileRows));

	await workbook.sheet('Metode', (sheet) =>
		table(sheet, [
			['Butir', 'Keterangan'],
			...LEGAL_ROWS(report),
			['Instrumen', `${report.method.instrument.title} (${report.method.instrument.code} v${report.method.instrument.version})`],
			['Responden lengkap / sebagian', `${report.method.complete} / ${report.method.partial}`],
			['Data diterima sampai', report.method.receivedBy ?? 'saat unduh (belum final)'],
			...Object.entries(report.method.flags).map(([key, value]) => [key, String(value)]),
			[],
			['Kanal pengisian', 'Responden', 'IKM', 'Mutu'],
			...(report.method.channels ?? []).map((c) => [`${c.channel}: ${CHANNEL_LABELS[c.channel]}`, c.respondents, c.ikm, c.mutu]),
			[],
			...quickMethodRows(report.quick),
			[],
			['Kolom (kode buku)', 'Keterangan', 'Nilai'],
			...matrixCodebook().map((e) => [e.column, e.description, e.values])
		])
	);

	await workbook.finish();
}

const LEGAL_ROWS = (report: SheetReport): Cell[][] => report.identity.legalBasis.map((basis, i) => [i === 0 ? 'Dasar hukum' : '', basis]);
