/**
 * Reads a respondent × unsur matrix from CSV bytes: UTF-8 with or without BOM, `,` or `;` separated (Excel with
 * Indonesian settings writes `;`), within the limits of file-limits. The bytes are decoded and parsed (csv-parse's
 * stream) in pieces, the event loop turning between them; the read stops at the first limit passed. Cells are
 * validated by the domain's `parseMatrix`.
 */
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { parseMatrix, type MatrixRecord, type MatrixResult } from '../../domain/matrix';
import { FileProblemError, keepColumns, limitPassed, UPLOAD_LIMITS, type FileLimits, type RecordsRead } from './file-limits';

/** Bytes decoded and parsed at a time (then the event loop turns). */
const PIECE_BYTES = 64 * 1024;

/** The separator of the header line: the more frequent of `;` and `,` outside quotes (`,` on a tie). */
export function detectDelimiter(text: string): ',' | ';' {
	let commas = 0;
	let semicolons = 0;
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) break;
		else if (!quoted && char === ',') commas++;
		else if (!quoted && char === ';') semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

/**
 * Counts the fields of the record being read as text arrives, and stops one with more than MAX_COLUMNS before
 * csv-parse builds it (csv-parse's `max_record_size` counts characters, and empty fields have none). Quotes toggle
 * as in RFC 4180 (a doubled quote toggles twice); CR LF ends one record.
 */
function fieldCounter(delimiter: string, limits: FileLimits): (text: string) => void {
	let quoted = false;
	let fields = 1;
	let row = 1;
	let afterCr = false;
	return (text) => {
		for (let i = 0; i < text.length; i++) {
			const char = text[i];
			if (char === '"') quoted = !quoted;
			else if (!quoted && (char === '\r' || (char === '\n' && !afterCr))) {
				row++;
				fields = 1;
			} else if (!quoted && char === delimiter && ++fields > limits.MAX_COLUMNS) throw limitPassed('too_many_columns', row, limits.MAX_COLUMNS, limits);
			afterCr = char === '\r' && !quoted;
		}
	};
}

/** The text of `bytes` in pieces, each checked by `check` before it is parsed; throws when the bytes are not UTF-8. */
async function* textPieces(bytes: Uint8Array, check: (text: string) => void): AsyncGenerator<string> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const decode = (piece?: Uint8Array) => {
		try {
			return piece ? decoder.decode(piece, { stream: true }) : decoder.decode();
		} catch {
			throw new FileProblemError({ row: 1, column: null, message: 'the file is not UTF-8 text (is it an XLSX or a legacy-encoded CSV?)', kind: 'not_utf8' });
		}
	};
	for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
		const text = decode(bytes.subarray(start, start + PIECE_BYTES));
		check(text);
		yield text;
		await nextTurn();
	}
	const rest = decode();
	if (rest) yield rest;
}

/**
 * Read CSV bytes into records numbered as a spreadsheet shows them (the header is row 1); with `columns`, only the
 * cells of the columns so named are kept (see keepColumns).
 */
export async function readCsvRecords(bytes: Uint8Array, columns?: readonly string[], limits: FileLimits = UPLOAD_LIMITS): Promise<RecordsRead> {
	const delimiter = detectDelimiter(new TextDecoder().decode(bytes.subarray(0, PIECE_BYTES)));
	const records: MatrixRecord[] = [];
	const keep = keepColumns(columns);
	const parser = parse({
		delimiter,
		relax_column_count: true,
		skip_empty_lines: false,
		info: true,
		// A bound on what csv-parse buffers for one record (in bytes, up to 4 a character); cells are checked below.
		max_record_size: limits.MAX_COLUMNS * limits.MAX_CELL_CHARS * 4
	});
	try {
		await pipeline(textPieces(bytes, fieldCounter(delimiter, limits)), parser, async (parsed: AsyncIterable<{ record: string[]; info: { records: number } }>) => {
			for await (const { record, info } of parsed) {
				if (records.length === limits.MAX_ROWS) throw limitPassed('too_many_rows', info.records, null, limits);
				const long = record.findIndex((cell) => cell.length > limits.MAX_CELL_CHARS);
				if (long >= 0) throw limitPassed('cell_too_long', info.records, long, limits);
				records.push(keep({ row: info.records, cells: record }));
			}
		});
		return { records };
	} catch (error) {
		if (error instanceof FileProblemError) return { problem: error.problem };
		if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') {
			// Past the bound with at most MAX_COLUMNS fields: the field being read is longer than a cell may be.
			const { records: done, column } = error as CsvError & { records: number; column: number };
			return { problem: limitPassed('cell_too_long', done + 1, column, limits).problem };
		}
		if (error instanceof CsvError) {
			const row = typeof error.lines === 'number' ? error.lines : 1;
			return { problem: { row, column: null, message: `the CSV cannot be read: ${error.message}`, kind: 'csv_unreadable' } };
		}
		throw error;
	}
}

/** CSV bytes → validated matrix for `codes`, or the problems with their rows and columns. */
export async function readMatrixCsv(bytes: Uint8Array, codes: readonly string[], limits: FileLimits = UPLOAD_LIMITS): Promise<MatrixResult> {
	const read = await readCsvRecords(bytes, codes, limits);
	if ('problem' in read) return { ok: false, problems: [read.problem] };
	return parseMatrix(read.records, codes);
}
