/**
 * Reads a respondent × unsur matrix from CSV bytes: UTF-8 with or without BOM, `,` or `;` separated
 * (Excel with Indonesian settings writes `;`). Cells are validated by the domain's `parseMatrix`.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { parseMatrix, type MatrixRecord, type MatrixResult, type ProblemKind } from '../../domain/matrix';

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

/** Decode bytes as UTF-8 (a BOM is dropped); null when they are not UTF-8 text. */
function decodeUtf8(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return null;
	}
}

/** Read CSV bytes into records numbered as a spreadsheet shows them (the header is row 1). */
export function readCsvRecords(bytes: Uint8Array): { records: MatrixRecord[] } | { row: number; message: string; kind: ProblemKind } {
	const text = decodeUtf8(bytes);
	if (text === null) return { row: 1, message: 'the file is not UTF-8 text (is it an XLSX or a legacy-encoded CSV?)', kind: 'not_utf8' };
	try {
		// With `info: true` each record comes as { record, info } (the types do not model that option).
		const parsed = parse(text, {
			delimiter: detectDelimiter(text),
			relax_column_count: true,
			skip_empty_lines: false,
			info: true
		}) as unknown as { record: string[]; info: { records: number } }[];
		return { records: parsed.map(({ record, info }) => ({ row: info.records, cells: record })) };
	} catch (error) {
		if (error instanceof CsvError) {
			const row = typeof error.lines === 'number' ? error.lines : 1;
			return { row, message: `the CSV cannot be read: ${error.message}`, kind: 'csv_unreadable' };
		}
		throw error;
	}
}

/** CSV bytes → validated matrix for `codes`, or the problems with their rows and columns. */
export function readMatrixCsv(bytes: Uint8Array, codes: readonly string[]): MatrixResult {
	const read = readCsvRecords(bytes);
	if ('message' in read) return { ok: false, problems: [{ row: read.row, column: null, message: read.message, kind: read.kind }] };
	return parseMatrix(read.records, codes);
}
