/**
 * A raw respondent × unsur matrix (Lampiran of a Laporan SKM): a header row naming the columns U1..U9, one row
 * per respondent; other columns are ignored and an empty cell is a skipped answer. The same validation serves
 * the `ikm` CLI and the historical import, whatever file format the cells came from.
 */
import { MAX_VALUE, MIN_VALUE } from './skm';

/** One record as read from a file: its cells as text and the row number a spreadsheet user would see. */
export interface MatrixRecord {
	row: number;
	cells: readonly string[];
}

/** What went wrong, for a reader's own language (the interface words each kind; `message` is the CLI's English). */
export type ProblemKind =
	| 'empty_file'
	| 'missing_column'
	| 'duplicate_column'
	| 'not_a_number'
	| 'not_whole'
	| 'out_of_range'
	| 'not_utf8'
	| 'csv_unreadable'
	| 'xlsx_unreadable'
	| 'no_sheet'
	| 'no_respondents'
	| 'unsur_unanswered'
	| 'bad_date'
	| 'date_outside'
	| 'bad_value'
	// A reader stopped at one of its limits (see server/import/file-limits): `params.limit` names the limit.
	| 'too_large_unpacked'
	| 'too_many_entries'
	| 'too_many_rows'
	| 'too_many_columns'
	| 'cell_too_long'
	| 'too_many_strings'
	| 'strings_too_long'
	// An upload stored before previews were: its file was not kept, so it must be uploaded again.
	| 'upload_again';

export interface MatrixProblem {
	/** Row number in the file (the header is usually row 1). */
	row: number;
	/** Column name (e.g. "U3"), or null when the problem is the whole row or file. */
	column: string | null;
	message: string;
	kind: ProblemKind;
	/** The values the message names (the cell's text, the allowed values …). */
	params?: Record<string, string>;
}

export interface Matrix {
	codes: readonly string[];
	/** Answers per respondent in `codes` order, null = skipped. Rows with no answer at all are left out. */
	answers: (number | null)[][];
	/** File row number of each entry in `answers`. */
	rows: number[];
}

export type MatrixResult = { ok: true; matrix: Matrix } | { ok: false; problems: MatrixProblem[] };

/** Stop collecting after this many problems: a wholly wrong file should not print a million lines. */
const MAX_PROBLEMS = 50;

/** Parse one cell: '' is a skip; otherwise a whole number from MIN_VALUE to MAX_VALUE (the 2017 scale is 1–4). */
export function parseAnswerCell(text: string): { value: number | null } | { error: string; kind: ProblemKind } {
	const trimmed = text.trim();
	if (trimmed === '') return { value: null };
	if (!/^[+-]?\d+([.,]\d+)?$/.test(trimmed)) return { error: `"${trimmed}" is not a number`, kind: 'not_a_number' };
	const value = Number(trimmed.replace(',', '.'));
	if (!Number.isInteger(value)) return { error: `${trimmed} is not a whole number`, kind: 'not_whole' };
	if (value < MIN_VALUE || value > MAX_VALUE) return { error: `${trimmed} is outside ${MIN_VALUE}–${MAX_VALUE}`, kind: 'out_of_range' };
	return { value };
}

/** Validate records (header first) into a matrix for `codes`, or list every problem with its row and column. */
export function parseMatrix(records: readonly MatrixRecord[], codes: readonly string[]): MatrixResult {
	const [header, ...body] = records;
	if (!header) return { ok: false, problems: [{ row: 1, column: null, message: 'the file is empty: no header row', kind: 'empty_file' }] };

	const normalized = header.cells.map((cell) => cell.trim().toUpperCase());
	const problems: MatrixProblem[] = [];
	const positions: number[] = [];
	for (const code of codes) {
		const found = normalized.flatMap((name, i) => (name === code ? [i] : []));
		if (found.length === 0) problems.push({ row: header.row, column: code, message: `the header has no column ${code}`, kind: 'missing_column' });
		else if (found.length > 1) problems.push({ row: header.row, column: code, message: `the header has ${found.length} columns named ${code}`, kind: 'duplicate_column' });
		positions.push(found[0] ?? -1);
	}
	if (problems.length > 0) return { ok: false, problems };

	const matrix: Matrix = { codes, answers: [], rows: [] };
	for (const record of body) {
		const answers: (number | null)[] = [];
		codes.forEach((code, i) => {
			const parsed = parseAnswerCell(record.cells[positions[i]!] ?? '');
			if ('error' in parsed) {
				if (problems.length < MAX_PROBLEMS) problems.push({ row: record.row, column: code, message: parsed.error, kind: parsed.kind, params: { value: record.cells[positions[i]!]!.trim() } });
				answers.push(null);
			} else answers.push(parsed.value);
		});
		if (answers.some((value) => value !== null)) {
			matrix.answers.push(answers);
			matrix.rows.push(record.row);
		}
	}
	if (problems.length > 0) return { ok: false, problems };
	return { ok: true, matrix };
}

/** "row 5, column U3: 5 is outside 1–4" */
export function describeProblem(problem: MatrixProblem): string {
	return `row ${problem.row}${problem.column ? `, column ${problem.column}` : ''}: ${problem.message}`;
}
