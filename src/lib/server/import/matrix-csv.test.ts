import { describe, expect, it } from 'vitest';
import { detectDelimiter, readMatrixCsv } from './matrix-csv';
import { SKM_CODES } from '../../domain/instruments';

const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = 'No,U1,U2,U3,U4,U5,U6,U7,U8,U9';

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
	it('reads comma-separated UTF-8', () => {
		const result = readMatrixCsv(bytes(`${HEADER}\n1,4,4,3,4,3,3,4,,4\n`), SKM_CODES);
		expect(result.ok && result.matrix.answers).toEqual([[4, 4, 3, 4, 3, 3, 4, null, 4]]);
	});

	it('reads semicolon-separated UTF-8 with a BOM and CRLF line ends (Excel, Indonesian settings)', () => {
		const text = `\ufeff${HEADER.replaceAll(',', ';')};Saran\r\n1;4;4;3;4;3;3;4;3;4;"Antrean lama; mohon tambah petugas"\r\n`;
		const result = readMatrixCsv(bytes(text), SKM_CODES);
		expect(result.ok && result.matrix.answers).toEqual([[4, 4, 3, 4, 3, 3, 4, 3, 4]]);
	});

	it('numbers rows as a spreadsheet shows them, also after a comment that spans lines', () => {
		const text = `Saran,${HEADER}\n"baris\nkedua",1,4,4,4,4,4,4,4,4,4\nok,2,4,4,7,4,4,4,4,4,4\n`;
		const result = readMatrixCsv(bytes(text), SKM_CODES);
		expect(result).toEqual({ ok: false, problems: [{ row: 3, column: 'U3', message: '7 is outside 1–4', kind: 'out_of_range', params: { value: '7' } }] });
	});

	it('rejects bytes that are not UTF-8', () => {
		const latin1 = new Uint8Array([...bytes(`${HEADER}\n1,4,4,4,4,4,4,4,4,4,`), 0xe9, 0x0a]);
		const result = readMatrixCsv(latin1, SKM_CODES);
		expect(!result.ok && result.problems[0]!.message).toMatch(/not UTF-8/);
	});

	it('names the row of an unclosed quote', () => {
		const result = readMatrixCsv(bytes(`${HEADER}\n1,4,4,4,4,4,4,4,4,4\n"2,4,4\n`), SKM_CODES);
		expect(!result.ok && result.problems[0]).toMatchObject({ row: 3, column: null });
		expect(!result.ok && result.problems[0]!.message).toMatch(/cannot be read/);
	});
});
