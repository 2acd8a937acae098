/**
 * A raw respondent × unsur matrix from a file as other SKM tools export it: CSV (see matrix-csv) or XLSX (the sheet
 * named "Matriks", else the first). Both become the same records, validated by the domain's `parseMatrix` — the
 * one parser of `npm run ikm` and the historical import.
 */
import ExcelJS from 'exceljs';
import { parseMatrix, type MatrixRecord, type MatrixResult, type ProblemKind } from '../../domain/matrix';
import { readCsvRecords } from './matrix-csv';

/** Whether bytes are a ZIP container (an XLSX workbook is one). */
export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the text a user sees: numbers bare, dates as "YYYY-MM-DD HH:MM" (Excel stores wall-clock time). */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) {
		return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
	}
	if (typeof value === 'object') {
		if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
		if ('richText' in value) return value.richText.map((part) => part.text).join('');
		if ('text' in value) return String(value.text);
		if ('error' in value) return String(value.error);
	}
	return String(value);
}

/** Read XLSX bytes into records numbered as the spreadsheet shows them. */
export async function readXlsxRecords(bytes: Uint8Array): Promise<{ records: MatrixRecord[] } | { row: number; message: string; kind: ProblemKind }> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch (error) {
		return { row: 1, message: `the XLSX cannot be read: ${(error as Error).message}`, kind: 'xlsx_unreadable' };
	}
	const sheet = workbook.getWorksheet('Matriks') ?? workbook.worksheets[0];
	if (!sheet) return { row: 1, message: 'the workbook has no sheet', kind: 'no_sheet' };
	const records: MatrixRecord[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const cells: string[] = [];
		for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
		records.push({ row: rowNumber, cells });
	});
	return { records };
}

/** CSV or XLSX bytes (told apart by content, not by name) into records. */
export async function readMatrixRecords(bytes: Uint8Array): Promise<{ records: MatrixRecord[] } | { row: number; message: string; kind: ProblemKind }> {
	return isZip(bytes) ? readXlsxRecords(bytes) : readCsvRecords(bytes);
}

/** CSV or XLSX bytes → validated matrix for `codes`, with the records it came from. */
export async function readMatrixFile(bytes: Uint8Array, codes: readonly string[]): Promise<{ result: MatrixResult; records: MatrixRecord[] }> {
	const read = await readMatrixRecords(bytes);
	if ('message' in read) return { result: { ok: false, problems: [{ row: read.row, column: null, message: read.message, kind: read.kind }] }, records: [] };
	return { result: parseMatrix(read.records, codes), records: read.records };
}
