/**
 * The hard limits of every uploaded or CLI-read matrix file (CSV and XLSX), so one file cannot take the server's memory
 * or time: a reader stops at the first limit passed and answers with a problem naming the limit and where it was passed.
 */
import type { MatrixProblem, MatrixRecord } from '../../domain/matrix';

/** Bytes an XLSX may unpack to, its read parts together: a 100 000-row, 13-column matrix as Excel writes it is ~40 MiB. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Parts in an XLSX archive: a workbook has about a dozen; a thousand leaves room for many sheets and images. */
export const MAX_ZIP_ENTRIES = 1000;
/** Rows of a file, header included: far above any unit's SKM sample for a period, and few enough to hold in memory. */
export const MAX_ROWS = 100_000;
/** Columns of a row: U1..U9 and the profile columns, with room for the extra columns other SKM tools export. */
export const MAX_COLUMNS = 64;
/** Characters of one cell: a long comment (Saran) fits, a pasted document does not. */
export const MAX_CELL_CHARS = 2000;
/** Distinct texts in an XLSX's shared strings: two per row (a comment and a name) of the largest file. */
export const MAX_SHARED_STRINGS = 2 * MAX_ROWS;
/** Characters of an XLSX's shared strings together: a 160-character comment on every row of the largest file. */
const MAX_SHARED_STRING_CHARS = 16_000_000;
/** Characters of XML between two parser events: a MAX_CELL_CHARS cell written as character references fits thrice. */
const MAX_XML_RUN_CHARS = 64 * 1024;
/** Nesting depth of an XLSX part: a worksheet nests six deep; this keeps the parser's stack of open tags small. */
const MAX_XML_DEPTH = 32;

/** The limits a read applies, by the names of the constants above. */
export interface FileLimits {
	MAX_UNPACKED_BYTES: number;
	MAX_ZIP_ENTRIES: number;
	MAX_ROWS: number;
	MAX_COLUMNS: number;
	MAX_CELL_CHARS: number;
	MAX_SHARED_STRINGS: number;
	MAX_SHARED_STRING_CHARS: number;
	MAX_XML_RUN_CHARS: number;
	MAX_XML_DEPTH: number;
}

/** What the server reads an upload within: one file can never take its memory or time. */
export const UPLOAD_LIMITS: FileLimits = {
	MAX_UNPACKED_BYTES,
	MAX_ZIP_ENTRIES,
	MAX_ROWS,
	MAX_COLUMNS,
	MAX_CELL_CHARS,
	MAX_SHARED_STRINGS,
	MAX_SHARED_STRING_CHARS,
	MAX_XML_RUN_CHARS,
	MAX_XML_DEPTH
};

/**
 * What `npm run ikm` reads within, on the evaluator's own machine: the CSV export of a mall-year of a million
 * respondents and more reads back. Everything else stays as for an upload (an XLSX bomb is refused by the CLI too).
 */
export const CLI_LIMITS: FileLimits = { ...UPLOAD_LIMITS, MAX_ROWS: 2_000_000 };

export type LimitKind = 'too_large_unpacked' | 'too_many_entries' | 'too_many_rows' | 'too_many_columns' | 'cell_too_long' | 'too_many_strings' | 'strings_too_long';

/** Each limit as its problem names it (`limit` in the unit of `what`). */
const limitsOf = (limits: FileLimits): Record<LimitKind, { limit: number; what: string }> => ({
	too_large_unpacked: { limit: limits.MAX_UNPACKED_BYTES / 1024 / 1024, what: 'the XLSX unpacks to more than the limit of {} MiB' },
	too_many_entries: { limit: limits.MAX_ZIP_ENTRIES, what: 'the XLSX holds more than the limit of {} parts' },
	too_many_rows: { limit: limits.MAX_ROWS, what: 'the file has more than the limit of {} rows' },
	too_many_columns: { limit: limits.MAX_COLUMNS, what: 'the row has more than the limit of {} columns' },
	cell_too_long: { limit: limits.MAX_CELL_CHARS, what: 'the cell holds more than the limit of {} characters' },
	too_many_strings: { limit: limits.MAX_SHARED_STRINGS, what: 'the workbook holds more than the limit of {} distinct texts' },
	strings_too_long: { limit: limits.MAX_SHARED_STRING_CHARS, what: 'the texts of the workbook hold more than the limit of {} characters together' }
});

/** What a reader gives: the records of the file, or the one problem that stopped it. */
export type RecordsRead = { records: MatrixRecord[] } | { problem: MatrixProblem };

/** Thrown inside a reader to stop it at its first problem; the reader answers with `problem`. */
export class FileProblemError extends Error {
	constructor(readonly problem: MatrixProblem) {
		super(problem.message);
	}
}

/**
 * What a reader keeps of each record once the limits are checked: with `names`, only the cells of the header's columns
 * so named (compared trimmed and upper-cased, as the domain finds its columns), in header order — the first record is
 * the header — so memory holds only the cells that are used; without, every cell.
 */
export function keepColumns(names?: readonly string[]): (record: MatrixRecord) => MatrixRecord {
	if (!names) return (record) => record;
	const wanted = new Set(names.map((name) => name.trim().toUpperCase()));
	let kept: number[] | null = null;
	return (record) => {
		kept ??= record.cells.flatMap((cell, i) => (wanted.has(cell.trim().toUpperCase()) ? [i] : []));
		return { row: record.row, cells: kept.map((i) => record.cells[i] ?? '') };
	};
}

/** A column as a spreadsheet names it: 0 → "A", 25 → "Z", 26 → "AA". */
function columnName(index: number): string {
	let name = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	return name;
}

/** The error that stops a read past `kind`'s limit, at `row` (as a spreadsheet numbers it) and `column` (0-based). */
export function limitPassed(kind: LimitKind, row = 1, column: number | null = null, limits: FileLimits = UPLOAD_LIMITS): FileProblemError {
	const { limit, what } = limitsOf(limits)[kind];
	const message = what.replace('{}', String(limit));
	return new FileProblemError({ row, column: column === null ? null : columnName(column), message, kind, params: { limit: String(limit) } });
}
