/**
 * The report as an XLSX workbook: Ringkasan, Per Unsur, Profil, Matriks (respondent × U1..U9), Saran, Metode.
 * Numbers are written as numbers (an evaluator recomputes with spreadsheet formulas); the workbook is streamed
 * row by row, so the matrix never sits in memory.
 */
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { SKM_CODES } from '../../domain/instruments';
import type { Db } from '../db/client';
import type { ScopeFilter } from '../../domain/scope';
import { INTEGRITY_RULES } from '../../domain/integrity';
import { integrityForReport, REPORT_RULE_LABELS } from '../integrity/checks';
import { MATRIX_COLUMNS, matrixCodebook, matrixValues } from './matrix-export';
import { matrixRows, PROFILE_FIELDS, type ReportRange } from './queries';
import type { SkmReport } from './report';
import { CHANNEL_LABELS, mallBesideUnit, PROFILE_LABELS, unitTitle } from './labels';

const XLSX_SHEETS = ['Ringkasan', 'Per Unsur', 'Profil', 'Matriks', 'Saran', 'Metode'] as const;

type Cell = string | number | null;

/** Write the workbook of `report` to `stream`; the matrix and comments are read page by page from the database. */
export async function writeReportXlsx(db: Db, report: SkmReport, scope: ScopeFilter, range: ReportRange, stream: Writable, snapshotHash: string | null): Promise<void> {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
	workbook.creator = 'Puas';
	const sheet = (name: (typeof XLSX_SHEETS)[number], rows: Cell[][], widths: number[] = []) => {
		const ws = workbook.addWorksheet(name);
		ws.columns = widths.map((width) => ({ width }));
		rows.forEach((row, i) => {
			const added = ws.addRow(row);
			if (i === 0) added.font = { bold: true };
			added.commit();
		});
		return ws;
	};
	const f = report.figures;
	const mall = mallBesideUnit(report.identity);
	const integrity = await integrityForReport(db, range.mallId, scope, range);

	sheet(
		'Ringkasan',
		[
			['Laporan Survei Kepuasan Masyarakat', null],
			['Unit pelayanan', unitTitle(report.identity.scope)],
			...(mall ? [['Tempat', mall]] : []),
			['Periode', `${report.period.value} (${report.period.from} s.d. ${report.period.to})`],
			['Jumlah responden', f.respondents],
			['IKM', f.ikm],
			['IKM (tanpa pembulatan)', f.ikmExact],
			['Mutu pelayanan', f.mutu],
			['Kinerja unit pelayanan', f.kinerja],
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
		].map((row) => row as Cell[]),
		[34, 40, 14, 12, 10, 8]
	).commit();

	sheet(
		'Per Unsur',
		[
			['Kode', 'Unsur', 'Jumlah nilai (Σ)', 'n', 'NRR', 'NRR tertimbang', 'NRR × 25', 'Mutu'],
			...report.unsur.map((u) => [u.code, u.name, u.sum, u.n, u.nrr, u.nrrWeighted, u.index, u.mutu]),
			['', 'IKM', null, f.respondents, null, f.skmExact, f.ikm, f.mutu]
		],
		[8, 34, 16, 10, 12, 16, 12, 8]
	).commit();

	const profileRows: Cell[][] = [['Karakteristik', 'Nilai', 'Jumlah', 'Persen']];
	for (const field of PROFILE_FIELDS) {
		const counts = report.profile[field];
		const total = counts.reduce((a, c) => a + c.count, 0);
		for (const c of counts) profileRows.push([PROFILE_LABELS[field], c.value ?? 'Tidak diisi', c.count, total > 0 ? c.count / total : null]);
	}
	const profile = sheet('Profil', profileRows, [18, 16, 10, 10]);
	profile.getColumn(4).numFmt = '0.0%';
	profile.commit();

	const matrix = workbook.addWorksheet('Matriks');
	matrix.columns = MATRIX_COLUMNS.map((name) => ({ width: SKM_CODES.includes(name) ? 5 : name === 'Layanan' || name === 'Instansi' ? 24 : 12 }));
	const header = matrix.addRow([...MATRIX_COLUMNS]);
	header.font = { bold: true };
	header.commit();
	let no = 0;
	for await (const page of matrixRows(db, scope, range, SKM_CODES)) for (const row of page) matrix.addRow(matrixValues(++no, row)).commit();
	matrix.commit();

	const saran = workbook.addWorksheet('Saran');
	saran.columns = [{ width: 8 }, { width: 18 }, { width: 28 }, { width: 80 }];
	const saranHeader = saran.addRow(['No', 'Waktu', 'Layanan', 'Saran']);
	saranHeader.font = { bold: true };
	saranHeader.commit();
	no = 0;
	for await (const page of matrixRows(db, scope, range, SKM_CODES)) {
		for (const row of page) {
			no++;
			if (row.comment) saran.addRow([no, row.at, row.service, row.comment]).commit();
		}
	}
	saran.commit();

	sheet(
		'Metode',
		[
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
			['Kolom matriks', 'Keterangan', 'Nilai'],
			...matrixCodebook().map((e) => [e.column, e.description, e.values])
		],
		[28, 90, 60]
	).commit();

	await workbook.commit();
}

const LEGAL_ROWS = (report: SkmReport): Cell[][] => report.identity.legalBasis.map((basis, i) => [i === 0 ? 'Dasar hukum' : '', basis]);
