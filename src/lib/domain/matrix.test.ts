import { describe, expect, it } from 'vitest';
import { describeProblem, parseAnswerCell, parseMatrix, type MatrixRecord } from './matrix';
import { SKM_CODES } from './instruments';

const header = ['No', 'Nama Layanan', ...SKM_CODES];
const records = (...rows: string[][]): MatrixRecord[] => [header, ...rows].map((cells, i) => ({ row: i + 1, cells }));

describe('parseAnswerCell', () => {
	it.each([
		['4', 4],
		[' 1 ', 1],
		['3,0', 3],
		['2.0', 2],
		['', null],
		['   ', null]
	])('%j → %j', (text, value) => {
		expect(parseAnswerCell(text)).toEqual({ value });
	});

	it.each([
		['5', '5 is outside 1–4', 'out_of_range'],
		['0', '0 is outside 1–4', 'out_of_range'],
		['-1', '-1 is outside 1–4', 'out_of_range'],
		['2.5', '2.5 is not a whole number', 'not_whole'],
		['x', '"x" is not a number', 'not_a_number'],
		['Sangat baik', '"Sangat baik" is not a number', 'not_a_number'],
		['4a', '"4a" is not a number', 'not_a_number']
	])('%j is rejected: %s (%s)', (text, error, kind) => {
		expect(parseAnswerCell(text)).toEqual({ error, kind });
	});
});

describe('parseMatrix', () => {
	it('reads U1..U9 by header name, whatever their order and the other columns', () => {
		const shuffled: MatrixRecord[] = [
			{ row: 1, cells: ['u9', 'U8', 'Catatan', 'U7', 'U6', 'U5', 'U4', 'U3', 'U2', 'U1'] },
			{ row: 2, cells: ['9', '8', 'x', '7', '6', '5', '4', '3', '2', '1'].map((v) => (Number(v) > 4 ? '4' : v)) }
		];
		const result = parseMatrix(shuffled, SKM_CODES);
		expect(result).toEqual({
			ok: true,
			matrix: { codes: SKM_CODES, answers: [[1, 2, 3, 4, 4, 4, 4, 4, 4]], rows: [2] }
		});
	});

	it('keeps skipped cells as null and leaves out rows with no answer at all', () => {
		const result = parseMatrix(records(['1', 'KTP', '4', '', '3', '4', '3', '3', '4', '', '4'], ['2', 'KK', '', '', '', '', '', '', '', '', '']), SKM_CODES);
		expect(result.ok && result.matrix.answers).toEqual([[4, null, 3, 4, 3, 3, 4, null, 4]]);
		expect(result.ok && result.matrix.rows).toEqual([2]);
	});

	it('treats missing trailing cells as skipped', () => {
		const result = parseMatrix(records(['1', 'KTP', '4', '4', '4']), SKM_CODES);
		expect(result.ok && result.matrix.answers[0]).toEqual([4, 4, 4, null, null, null, null, null, null]);
	});

	it('names a missing or doubled U column', () => {
		const result = parseMatrix([{ row: 1, cells: ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U8', 'U9', 'U9'] }], SKM_CODES);
		expect(result).toEqual({
			ok: false,
			problems: [
				{ row: 1, column: 'U7', message: 'the header has no column U7', kind: 'missing_column' },
				{ row: 1, column: 'U9', message: 'the header has 2 columns named U9', kind: 'duplicate_column' }
			]
		});
	});

	it('lists every bad cell with its row and column', () => {
		const result = parseMatrix(
			records(['1', 'KTP', '4', '4', '5', '4', '4', '4', '4', '4', '4'], ['2', 'KK', '4', 'x', '4', '4', '4', '4', '4', '4', '0']),
			SKM_CODES
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.map(describeProblem)).toEqual([
			'row 2, column U3: 5 is outside 1–4',
			'row 3, column U2: "x" is not a number',
			'row 3, column U9: 0 is outside 1–4'
		]);
	});

	it('stops listing after 50 problems', () => {
		const bad = Array.from({ length: 100 }, (_, i) => [String(i), 'x', ...Array(9).fill('9')]);
		const result = parseMatrix(records(...bad), SKM_CODES);
		expect(!result.ok && result.problems.length).toBe(50);
	});

	it('reports an empty file', () => {
		expect(parseMatrix([], SKM_CODES)).toEqual({
			ok: false,
			problems: [{ row: 1, column: null, message: 'the file is empty: no header row', kind: 'empty_file' }]
		});
	});
});
