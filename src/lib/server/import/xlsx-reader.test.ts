import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { turnsDuring } from '../../../../tests/support/event-loop';
import { buildXlsxBomb, withDeclaredSize, workbookParts, WORKSHEET_HEAD, WORKSHEET_TAIL, xlsxOfRows, zipParts } from '../../../../tests/support/xlsx';
import type { MatrixRecord } from '../../domain/matrix';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS, MAX_ZIP_ENTRIES, type RecordsRead } from './file-limits';
import { isDateFormat, readXlsxRecords } from './xlsx-reader';

const pad = (n: number) => String(n).padStart(2, '0');

/** The reader this one replaces (ExcelJS's whole-workbook model, no limits): what a file gave before, to compare with. */
async function readWithExcelJs(bytes: Uint8Array): Promise<MatrixRecord[]> {
	const text = (value: ExcelJS.CellValue): string => {
		if (value === null || value === undefined) return '';
		if (value instanceof Date) {
			return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
		}
		if (typeof value === 'object') {
			if ('result' in value) return text(value.result as ExcelJS.CellValue);
			if ('richText' in value) return value.richText.map((part) => part.text).join('');
			if ('text' in value) return String(value.text);
			if ('error' in value) return String(value.error);
		}
		return String(value);
	};
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	const sheet = workbook.getWorksheet('Matriks') ?? workbook.worksheets[0]!;
	const records: MatrixRecord[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		records.push({ row: rowNumber, cells: Array.from({ length: row.cellCount }, (_, c) => text(row.getCell(c + 1).value)) });
	});
	return records;
}

const records = (read: RecordsRead) => ('records' in read ? read.records : read.problem);
const problem = (read: RecordsRead) => ('problem' in read ? read.problem : null);

/** A matrix sheet with every kind of cell the old reader read: dates, texts, rich text, gaps, numbers, booleans, errors. */
function fillMatrix(sheet: ExcelJS.Worksheet) {
	sheet.addRow(['No', 'Waktu', 'Tanggal', 'U1', 'U2', 'U3', 'Saran']);
	sheet.addRow([1, new Date(Date.UTC(2025, 1, 3, 9, 30)), new Date(Date.UTC(2025, 1, 3)), 4, 3, 4, { richText: [{ text: 'Antrean ' }, { font: { bold: true }, text: 'cepat' }] }]);
	sheet.addRow([2, new Date(Date.UTC(2025, 5, 30, 16, 45, 59)), null, 3, null, 2, 'kurang & <lambat>']);
	sheet.addRow([3, '14/03/2025', null, 2.5, -1, 1234567.125, null]);
	sheet.getRow(5).getCell(1).value = 4;
	sheet.getRow(5).getCell(4).value = true;
	sheet.getRow(5).getCell(5).value = { error: '#N/A' };
	sheet.getRow(5).getCell(6).value = { formula: 'D2+E2', result: 7 };
	sheet.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
	sheet.getColumn(3).numFmt = 'mm-dd-yy'; // ExcelJS stores it as the built-in format 14
}

const EXPECTED: MatrixRecord[] = [
	{ row: 1, cells: ['No', 'Waktu', 'Tanggal', 'U1', 'U2', 'U3', 'Saran'] },
	{ row: 2, cells: ['1', '2025-02-03 09:30', '2025-02-03 00:00', '4', '3', '4', 'Antrean cepat'] },
	{ row: 3, cells: ['2', '2025-06-30 16:45', '', '3', '', '2', 'kurang & <lambat>'] },
	{ row: 4, cells: ['3', '14/03/2025', '', '2.5', '-1', '1234567.125'] },
	{ row: 5, cells: ['4', '', '', 'true', '#N/A', '7'] }
];

describe('readXlsxRecords reads what the ExcelJS reader read', () => {
	it('a workbook with shared strings: the "Matriks" sheet, not the first', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Ringkasan').addRow(['IKM', 88.31]);
		fillMatrix(workbook.addWorksheet('Matriks'));
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(records(await readXlsxRecords(bytes))).toEqual(EXPECTED);
		expect(await readWithExcelJs(bytes)).toEqual(EXPECTED);
	});

	it('a streamed workbook with inline strings (as the report export writes it), and the first sheet when none is "Matriks"', async () => {
		const stream = new PassThrough();
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
		const sheet = workbook.addWorksheet('Data SKM');
		fillMatrix(sheet);
		sheet.commit();
		workbook.addWorksheet('Lain').addRow(['x']).commit();
		await workbook.commit();
		const bytes = new Uint8Array(Buffer.concat(chunks));
		expect(records(await readXlsxRecords(bytes))).toEqual(EXPECTED);
		expect(await readWithExcelJs(bytes)).toEqual(EXPECTED);
	});

	it('dates of a 1904 workbook', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.properties.date1904 = true;
		const sheet = workbook.addWorksheet('Matriks');
		sheet.addRow(['Waktu']);
		sheet.addRow([new Date(Date.UTC(2025, 1, 3, 9, 30))]);
		sheet.getColumn(1).numFmt = 'dd/mm/yyyy hh:mm';
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(records(await readXlsxRecords(bytes))).toEqual([{ row: 1, cells: ['Waktu'] }, { row: 2, cells: ['2025-02-03 09:30'] }]);
		expect(await readWithExcelJs(bytes)).toEqual(records(await readXlsxRecords(bytes)));
	});
});

describe('readXlsxRecords on sheets ExcelJS does not write', () => {
	it('reads inline strings (plain and rich, phonetic runs left out), rows without references and a prefixed namespace', async () => {
		const rows =
			'<row r="3"><c r="B3" t="inlineStr"><is><t xml:space="preserve"> a &amp; b </t></is></c>' +
			'<c r="D3" t="inlineStr"><is><r><t>Ant</t></r><r><rPr><b/></rPr><t>rean</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c></row>' +
			'<row><c><v>4</v></c><c><v><![CDATA[5]]></v></c></row>';
		expect(records(await readXlsxRecords(await xlsxOfRows(rows)))).toEqual([
			{ row: 3, cells: ['', ' a & b ', '', 'Antrean'] },
			{ row: 4, cells: ['4', '5'] }
		]);
		const prefixed = await zipParts(workbookParts({ worksheet: '<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>4</x:v></x:c></x:row></x:sheetData></x:worksheet>' }));
		expect(records(await readXlsxRecords(prefixed))).toEqual([{ row: 1, cells: ['4'] }]);
	});

	it('keeps only the columns asked for, in header order', async () => {
		const workbook = new ExcelJS.Workbook();
		fillMatrix(workbook.addWorksheet('Matriks'));
		const read = await readXlsxRecords(new Uint8Array(await workbook.xlsx.writeBuffer()), ['u3', 'WAKTU', 'U1']);
		expect(records(read)).toEqual(EXPECTED.map(({ row, cells }) => ({ row, cells: [cells[1] ?? '', cells[3] ?? '', cells[5] ?? ''] })));
	});

	it.each([
		['mm-dd-yy', true],
		['dd/mm/yyyy hh:mm', true],
		['[h]:mm:ss', true],
		['[$-421]dddd, d mmmm yyyy', true],
		['General', false],
		['#,##0.00 "Rp"', false],
		['0.00E+00', false],
		['[Red]#,##0', false],
		['0_);\\(0\\)', false]
	])('format %j shows a date: %s', (code, date) => {
		expect(isDateFormat(code)).toBe(date);
	});

	it.each([
		['not a ZIP archive', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x81]), /end of central directory/i],
		['a ZIP without a workbook', zipParts({ 'a.txt': 'x' }), /no xl\/workbook\.xml/],
		['a DTD (no entity is ever expanded)', zipParts(workbookParts({ worksheet: '<!DOCTYPE w [<!ENTITY e "x">]><worksheet/>' })), /DTD/],
		['XML nested without end', zipParts(workbookParts({ worksheet: `<worksheet>${'<a>'.repeat(40)}` })), /nests deeper than 32/],
		['malformed XML', zipParts(workbookParts({ worksheet: `${WORKSHEET_HEAD}<row>${WORKSHEET_TAIL}` })), /cannot be read/]
	])('refuses %s as unreadable', async (_name, bytes, message) => {
		const read = problem(await readXlsxRecords(await bytes));
		expect(read).toMatchObject({ row: 1, column: null, kind: 'xlsx_unreadable' });
		expect(read!.message).toMatch(message);
	});

	it('answers no_sheet for a workbook without sheets', async () => {
		const parts = workbookParts({ worksheet: '<worksheet/>' });
		parts['xl/workbook.xml'] = '<workbook><sheets/></workbook>';
		expect(problem(await readXlsxRecords(await zipParts(parts)))).toMatchObject({ kind: 'no_sheet' });
	});
});

describe('readXlsxRecords stops at its limits', () => {
	const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

	it(`refuses row ${MAX_ROWS + 1} (rows without a value do not count)`, async () => {
		const row = (n: number) => `<row r="${n}"><c r="A${n}"><v>4</v></c></row>`;
		const rows = ['<row r="1"/>', ...Array.from({ length: MAX_ROWS + 1 }, (_, i) => row(i + 2))].join('');
		const read = await readXlsxRecords(await xlsxOfRows(rows));
		expect(problem(read)).toEqual({ row: MAX_ROWS + 2, column: null, kind: 'too_many_rows', message: `the file has more than the limit of ${MAX_ROWS} rows`, params: { limit: String(MAX_ROWS) } });
		const fits = await readXlsxRecords(await xlsxOfRows(Array.from({ length: MAX_ROWS }, (_, i) => row(i + 1)).join('')));
		expect('records' in fits && fits.records.length).toBe(MAX_ROWS);
	});

	it(`refuses a value in column ${MAX_COLUMNS + 1} (BM), and reads one in column ${MAX_COLUMNS} (BL) and empty cells beyond`, async () => {
		expect(problem(await readXlsxRecords(await xlsxOfRows(`<row r="2"><c r="A2"><v>1</v></c><c r="BM2"><v>1</v></c></row>`)))).toEqual({
			row: 2,
			column: 'BM',
			kind: 'too_many_columns',
			message: `the row has more than the limit of ${MAX_COLUMNS} columns`,
			params: { limit: String(MAX_COLUMNS) }
		});
		const fits = await readXlsxRecords(await xlsxOfRows(`<row r="2"><c r="BL2"><v>1</v></c><c r="XFD2" s="1"/></row>`));
		expect('records' in fits && fits.records[0]!.cells.length).toBe(MAX_COLUMNS);
	});

	it(`refuses a cell of ${MAX_CELL_CHARS + 1} characters, inline, shared or one text run too long to buffer`, async () => {
		const long = 'a'.repeat(MAX_CELL_CHARS + 1);
		const expected = (row: number, column: string) => ({ row, column, kind: 'cell_too_long', message: `the cell holds more than the limit of ${MAX_CELL_CHARS} characters`, params: { limit: String(MAX_CELL_CHARS) } });
		expect(problem(await readXlsxRecords(await xlsxOfRows(`<row r="3">${cell('C3', long)}</row>`)))).toEqual(expected(3, 'C'));
		const runs = `<row r="4"><c r="B4" t="inlineStr"><is>${'<r><t>aaaa</t></r>'.repeat(MAX_CELL_CHARS / 4 + 1)}</is></c></row>`;
		expect(problem(await readXlsxRecords(await xlsxOfRows(runs)))).toEqual(expected(4, 'B'));
		const shared = await xlsxOfRows('<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>', { sharedStrings: ['ok', long] });
		expect(problem(await readXlsxRecords(shared))).toEqual(expected(2, 'C'));
		const huge = await xlsxOfRows(`<row r="5">${cell('D5', 'a'.repeat(3_000_000))}</row>`);
		expect(problem(await readXlsxRecords(huge))).toEqual(expected(5, 'D'));
		const fits = await readXlsxRecords(await xlsxOfRows(`<row r="3">${cell('C3', long.slice(1))}</row>`, { sharedStrings: [long] }));
		expect('records' in fits && fits.records[0]!.cells[2]!.length).toBe(MAX_CELL_CHARS);
	});

	it(`refuses more than ${MAX_SHARED_STRINGS} shared strings, and more than 16 000 000 characters of them`, async () => {
		const many = Array.from({ length: MAX_SHARED_STRINGS + 1 }, (_, i) => String(i));
		expect(problem(await readXlsxRecords(await xlsxOfRows('', { sharedStrings: many })))).toMatchObject({ kind: 'too_many_strings', params: { limit: String(MAX_SHARED_STRINGS) } });
		const long = Array.from({ length: 8001 }, (_, i) => String(i).padEnd(MAX_CELL_CHARS, '.'));
		expect(problem(await readXlsxRecords(await xlsxOfRows('', { sharedStrings: long })))).toMatchObject({ kind: 'strings_too_long', row: 1, column: null, params: { limit: '16000000' } });
	});

	it(`refuses an archive of more than ${MAX_ZIP_ENTRIES} entries`, async () => {
		const parts = workbookParts({ worksheet: `${WORKSHEET_HEAD}${WORKSHEET_TAIL}` });
		for (let i = Object.keys(parts).length; i <= MAX_ZIP_ENTRIES; i++) parts[`xl/media/image${i}.png`] = 'x';
		expect(problem(await readXlsxRecords(await zipParts(parts)))).toEqual({
			row: 1,
			column: null,
			kind: 'too_many_entries',
			message: `the XLSX holds more than the limit of ${MAX_ZIP_ENTRIES} parts`,
			params: { limit: String(MAX_ZIP_ENTRIES) }
		});
	});
});

describe('readXlsxRecords on a bomb', { timeout: 60_000 }, () => {
	const UNPACKED = 500 * 1024 * 1024;
	let bomb: Uint8Array;
	beforeAll(async () => {
		bomb = await buildXlsxBomb(UNPACKED);
	}, 120_000);

	/** `read` with the largest growth of the resident set seen while it ran (sampled every turn of the event loop). */
	async function measured(read: () => Promise<RecordsRead>) {
		const before = process.memoryUsage().rss;
		let peak = before;
		let sampling = true;
		const sample = () => {
			peak = Math.max(peak, process.memoryUsage().rss);
			if (sampling) setImmediate(sample);
		};
		sample();
		const result = await read();
		sampling = false;
		sample();
		return { result, growth: peak - before };
	}

	it('refuses a worksheet that unpacks to 500 MiB from 2 MB, without unpacking it', async () => {
		expect(bomb.length).toBeLessThan(4 * 1024 * 1024);
		const { result, growth } = await measured(() => readXlsxRecords(bomb));
		expect(problem(result)).toEqual({ row: 1, column: null, kind: 'too_large_unpacked', message: 'the XLSX unpacks to more than the limit of 64 MiB', params: { limit: '64' } });
		expect(growth).toBeLessThan(100 * 1024 * 1024);
	});

	it('refuses the bomb when its central directory lies about the size (the stream stops where the lie is found)', async () => {
		const liar = withDeclaredSize(bomb, 'xl/worksheets/sheet1.xml', 1024 * 1024);
		const { result, growth } = await measured(() => readXlsxRecords(liar));
		expect(problem(result)).toMatchObject({ row: 1, column: null, kind: 'xlsx_unreadable' });
		expect(problem(result)!.message).toMatch(/too many bytes in the stream\. expected 1048576/);
		expect(growth).toBeLessThan(100 * 1024 * 1024);
	});
});

describe('readXlsxRecords lets the event loop turn', () => {
	it('while it reads a large sheet', async () => {
		const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}">${Array.from({ length: 9 }, (_, c) => `<c r="${String.fromCharCode(65 + c)}${i + 1}"><v>4</v></c>`).join('')}</row>`).join('');
		const bytes = await xlsxOfRows(rows);
		const { result: read, turns } = await turnsDuring(() => readXlsxRecords(bytes));
		expect('records' in read && read.records.length).toBe(20_000);
		expect(turns).toBeGreaterThan(10);
	});
});
