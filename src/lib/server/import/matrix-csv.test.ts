import { describe, expect, it } from 'vitest';
import { turnsDuring } from '../../../../tests/support/event-loop';
import { detectDelimiter, readCsvRecords, readMatrixCsv } from './matrix-csv';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS } from './file-limits';
import { SKM_CODES } from '../../domain/instruments';

const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = 'No,U1,U2,U3,U4,U5,U6,U7,U8,U9';
const problemOf = async (text: string) => {
	const read = await readCsvRecords(bytes(text));
	return 'problem' in read ? read.problem : null;
};

describe('detectDelimiter', () => {
	it.each([
		['No;U1;U2', ';'],
		['No,U1,U2', ','],
		['"Saran, masukan";U1;U2', ';'],
		['U1', ',']
	])('%j → %j', (line, delimiter) => {
		expect(detectDelimiter(line)).toBe(delimiter);
	});
});

describe('readMatrixCsv', () => {
	it('reads comma-separated UTF-8', async () => {
		const result = await readMatrixCsv(bytes(`${HEADER}\n1,4,4,3,4,3,3,4,,4\n`), SKM_CODES);
		expect(result.ok && result.matrix.answers).toEqual([[4, 4, 3, 4, 3, 3, 4, null, 4]]);
	});

	it('reads semicolon-separated UTF-8 with a BOM and CRLF line ends (Excel, Indonesian settings)', async () => {
		const text = `\ufeff${HEADER.replaceAll(',', ';')};Saran\r\n1;4;4;3;4;3;3;4;3;4;"Antrean lama; mohon tambah petugas"\r\n`;
		const result = await readMatrixCsv(bytes(text), SKM_CODES);
		expect(result.ok && result.matrix.answers).toEqual([[4, 4, 3, 4, 3, 3, 4, 3, 4]]);
	});

	it('numbers rows as a spreadsheet shows them, also after a comment that spans lines', async () => {
		const text = `Saran,${HEADER}\n"baris\nkedua",1,4,4,4,4,4,4,4,4,4\nok,2,4,4,7,4,4,4,4,4,4\n`;
		const result = await readMatrixCsv(bytes(text), SKM_CODES);
		expect(result).toEqual({ ok: false, problems: [{ row: 3, column: 'U3', message: '7 is outside 1–4', kind: 'out_of_range', params: { value: '7' } }] });
	});

	it('reads a multi-byte character split between two pieces of the stream (64 KiB each)', async () => {
		let text = `${HEADER},Saran\n`;
		while (bytes(text).length < 64_000) text += `0,4,4,4,4,4,4,4,4,4,${'x'.repeat(1000)}\n`;
		const padding = 'x'.repeat(65_535 - bytes(text).length - 20);
		text += `1,4,4,4,4,4,4,4,4,4,${padding}é ramah\n`;
		expect(bytes(text).indexOf(0xc3)).toBe(65_535);
		const read = await readCsvRecords(bytes(text));
		expect('records' in read && read.records.at(-1)!.cells[10]).toBe(`${padding}é ramah`);
	});

	it('keeps only the columns asked for, in header order, after checking every cell against the limits', async () => {
		const text = `No;Saran;u2;U1\n1;ramah;3;4\n2;${'x'.repeat(MAX_CELL_CHARS + 1)};4;4\n`;
		const read = await readCsvRecords(bytes(text.replace(/x+/, 'cepat')), ['U1', 'U2']);
		expect(read).toEqual({ records: [{ row: 1, cells: ['u2', 'U1'] }, { row: 2, cells: ['3', '4'] }, { row: 3, cells: ['4', '4'] }] });
		expect(await readCsvRecords(bytes(text), ['U1', 'U2'])).toMatchObject({ problem: { row: 3, column: 'B', kind: 'cell_too_long' } });
	});

	it('rejects bytes that are not UTF-8', async () => {
		const latin1 = new Uint8Array([...bytes(`${HEADER}\n1,4,4,4,4,4,4,4,4,4,`), 0xe9, 0x0a]);
		const result = await readMatrixCsv(latin1, SKM_CODES);
		expect(!result.ok && result.problems[0]).toMatchObject({ row: 1, column: null, kind: 'not_utf8' });
	});

	it('names the row of an unclosed quote', async () => {
		const result = await readMatrixCsv(bytes(`${HEADER}\n1,4,4,4,4,4,4,4,4,4\n"2,4,4\n`), SKM_CODES);
		expect(!result.ok && result.problems[0]).toMatchObject({ row: 3, column: null, kind: 'csv_unreadable' });
		expect(!result.ok && result.problems[0]!.message).toMatch(/cannot be read/);
	});
});

describe('readCsvRecords stops at its limits', () => {
	it(`refuses row ${MAX_ROWS + 1}, and reads ${MAX_ROWS} rows`, async () => {
		const lines = (n: number) => [HEADER, ...Array.from({ length: n - 1 }, (_, i) => `${i + 1},4,4,4,4,4,4,4,4,4`)].join('\n');
		expect(await problemOf(lines(MAX_ROWS + 5))).toEqual({ row: MAX_ROWS + 1, column: null, kind: 'too_many_rows', message: `the file has more than the limit of ${MAX_ROWS} rows`, params: { limit: String(MAX_ROWS) } });
		const read = await readCsvRecords(bytes(lines(MAX_ROWS)));
		expect('records' in read && read.records.length).toBe(MAX_ROWS);
	});

	it(`refuses a row of ${MAX_COLUMNS + 1} columns where it is passed (BM), also quoted and after CR LF`, async () => {
		const expected = (row: number) => ({ row, column: 'BM', kind: 'too_many_columns', message: `the row has more than the limit of ${MAX_COLUMNS} columns`, params: { limit: String(MAX_COLUMNS) } });
		const row = (n: number) => Array.from({ length: n }, (_, i) => (i === 3 ? '"a,\r\nb"' : '4')).join(',');
		expect(await problemOf(`${HEADER}\r\n${row(MAX_COLUMNS)}\r\n${row(MAX_COLUMNS + 1)}\r\n`)).toEqual(expected(3));
		// Eight megabytes of empty fields: refused before csv-parse builds the record.
		expect(await problemOf(`U1${','.repeat(8 * 1024 * 1024)}\n`)).toEqual(expected(1));
	});

	it(`refuses a cell of ${MAX_CELL_CHARS + 1} characters, and a quoted one that never ends`, async () => {
		const long = 'é'.repeat(MAX_CELL_CHARS + 1);
		const expected = (row: number, column: string) => ({ row, column, kind: 'cell_too_long', message: `the cell holds more than the limit of ${MAX_CELL_CHARS} characters`, params: { limit: String(MAX_CELL_CHARS) } });
		expect(await problemOf(`${HEADER}\n1,4,4,4,4,4,4,4,4,4\n2,4,"${long}",4\n`)).toEqual(expected(3, 'C'));
		expect(await problemOf(`${HEADER}\n1,4,"${'x'.repeat(3_000_000)}\n`)).toEqual(expected(2, 'C'));
		const fits = await readCsvRecords(bytes(`${HEADER}\n1,${long.slice(1)}\n`));
		expect('records' in fits && fits.records[1]!.cells[1]!.length).toBe(MAX_CELL_CHARS);
	});

	it('lets the event loop turn while it reads', async () => {
		const text = [HEADER, ...Array.from({ length: 50_000 }, (_, i) => `${i + 1},4,4,4,4,4,4,4,4,4`)].join('\n');
		const { result: read, turns } = await turnsDuring(() => readCsvRecords(bytes(text)));
		expect('records' in read && read.records.length).toBe(50_001);
		expect(turns).toBeGreaterThan(10);
	});
});
