/**
 * The reform indicator sheet as files an evaluator keeps: XLSX (figures as numbers beside their wording), PDF (A4,
 * drawn by PDFKit) and JSON (the worded rows and every figure behind them). Documents are in Bahasa Indonesia.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { fileSlug } from '../reports/exports';
import { idDateTime, unitTitle } from '../reports/labels';
import { winAnsi } from '../reports/pdf';
import type { ReformSheet } from './sheet';
import { sheetRows, type SheetRow } from './text';

export const SHEET_FORMATS = ['xlsx', 'pdf', 'json'] as const;
export type SheetFormat = (typeof SHEET_FORMATS)[number];

/** File name stem: "lembar-reformasi-<unit>-<year>". */
export function sheetFileStem(sheet: ReformSheet): string {
	return `lembar-reformasi-${fileSlug(sheet.scope.name) || sheet.scope.type}-${sheet.year}`;
}

/** The JSON document: the rows as worded in Indonesian, and the figures they come from. */
export function sheetJson(sheet: ReformSheet, generatedAt = new Date()): string {
	return JSON.stringify(
		{
			kind: 'puas.reform-sheet',
			version: 1,
			generatedAt: generatedAt.toISOString(),
			scope: sheet.scope,
			year: sheet.year,
			asOf: sheet.asOf,
			timeZone: sheet.timeZone,
			rows: sheetRows(sheet, 'id').map(({ key, label, value, score, scoreValue, formula, source }) => ({ key, label, value, score, scoreValue, formula, source })),
			figures: sheet
		},
		null,
		2
	);
}

/** The XLSX workbook: sheet "Indikator" (one row per indicator) and "Data" (the figures behind them). */
export async function sheetXlsx(sheet: ReformSheet, generatedAt = new Date()): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Puas';
	const rows = sheetRows(sheet, 'id');
	const ws = workbook.addWorksheet('Indikator');
	ws.columns = [{ width: 38 }, { width: 28 }, { width: 10 }, { width: 12 }, { width: 70 }, { width: 70 }];
	ws.addRow(['Lembar Indikator Reformasi Birokrasi']).font = { bold: true, size: 14 };
	ws.addRow(['Unit pelayanan', unitTitle(sheet.scope)]);
	ws.addRow(['Tahun', sheet.year]);
	ws.addRow(['Data s.d.', sheet.asOf]);
	ws.addRow(['Dibuat', idDateTime(generatedAt.toISOString(), sheet.timeZone)]);
	ws.addRow([]);
	ws.addRow(['Indikator', 'Nilai', 'Skor', 'Skor (angka)', 'Rumus', 'Sumber data']).font = { bold: true };
	for (const row of rows) {
		const added = ws.addRow([row.label, row.value, row.score, row.scoreValue, row.formula, row.source]);
		added.alignment = { wrapText: true, vertical: 'top' };
	}
	const data = workbook.addWorksheet('Data');
	data.columns = [{ width: 40 }, { width: 20 }];
	data.addRow(['Angka', 'Nilai']).font = { bold: true };
	for (const [key, value] of flatten(sheet)) data.addRow([key, value]);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every leaf of the sheet's figures as "path" → value (arrays by index). */
function flatten(value: unknown, path = ''): [string, string | number | boolean | null][] {
	if (value === null || typeof value !== 'object') return [[path, (value ?? null) as string | number | boolean | null]];
	return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => flatten(inner, path ? `${path}.${key}` : key));
}

/** Symbols of the formulas that the standard PDF fonts lack, written out. */
function printable(text: string): string {
	return winAnsi(text.replace(/≤/g, '<=').replace(/≥/g, '>=').replace(/→/g, '->').replace(/−/g, '-').replace(/Σ/g, 'jumlah').replace(/…/g, '..'));
}

/** The A4 PDF: title block, then the indicator table (label, value, score, formula and source). */
export async function sheetPdf(sheet: ReformSheet, generatedAt = new Date()): Promise<Buffer> {
	const margin = 40;
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margins: { top: margin, bottom: margin, left: margin, right: margin },
		lang: 'id-ID',
		info: { Title: `Lembar Indikator Reformasi ${sheet.scope.name} ${sheet.year}`, Creator: 'Puas' }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<void>((resolve, reject) => {
		doc.on('end', resolve);
		doc.on('error', reject);
	});
	const width = doc.page.width - 2 * margin;
	doc.font('Helvetica-Bold').fontSize(16).fillColor('#0f766e').text('LEMBAR INDIKATOR REFORMASI BIROKRASI', { width, align: 'center' });
	doc.font('Helvetica').fontSize(11).fillColor('#1f2937');
	doc.text(printable(`${unitTitle(sheet.scope)} · Tahun ${sheet.year} · data s.d. ${sheet.asOf}`), { width, align: 'center' });
	doc.fontSize(8).fillColor('#6b7280').text(printable(`Dibuat ${idDateTime(generatedAt.toISOString(), sheet.timeZone)} oleh Puas dari data survei, pengaduan, tindak lanjut, inovasi dan volume layanan.`), { width, align: 'center' });
	doc.moveDown(0.8).fontSize(8.5).fillColor('#1f2937');
	const rows: SheetRow[] = sheetRows(sheet, 'id');
	doc.table({
		position: { x: margin, y: doc.y },
		maxWidth: width,
		columnStyles: [{ width: 130 }, { width: 95 }, { width: 42 }, { width: '*' }, { width: 200 }],
		defaultStyle: { border: 0.5, borderColor: '#9ca3af', padding: [3, 4, 3, 4] },
		data: [
			['Indikator', 'Nilai', 'Skor', 'Rumus', 'Sumber data'].map((text) => ({ text, font: { src: 'Helvetica-Bold' }, backgroundColor: '#e5e7eb', type: 'TH' as const })),
			...rows.map((row) => [row.label, row.value, row.score || '–', row.formula, row.source].map(printable))
		]
	});
	doc.end();
	await done;
	return Buffer.concat(chunks);
}
