/**
 * A raw respondent × unsur matrix from a file as other SKM tools export it: CSV (see matrix-csv) or XLSX (see
 * xlsx-reader: the sheet named "Matriks", else the first), both read within the limits of file-limits. Both become
 * the same records, validated by the domain's `parseMatrix` — the one parser of `npm run ikm` and the historical import.
 */
import { parseMatrix, type MatrixRecord, type MatrixResult } from '../../domain/matrix';
import { UPLOAD_LIMITS, type FileLimits, type RecordsRead } from './file-limits';
import { readCsvRecords } from './matrix-csv';
import { readXlsxRecords } from './xlsx-reader';

/** Whether bytes are a ZIP container (an XLSX workbook is one). */
function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** CSV or XLSX bytes (told apart by content, not by name) into records; with `columns`, of those columns only. */
export async function readMatrixRecords(bytes: Uint8Array, columns?: readonly string[], limits: FileLimits = UPLOAD_LIMITS): Promise<RecordsRead> {
	return isZip(bytes) ? readXlsxRecords(bytes, columns, limits) : readCsvRecords(bytes, columns, limits);
}

/** CSV or XLSX bytes → validated matrix for `codes`, with the records (of those columns) it came from. */
export async function readMatrixFile(
	bytes: Uint8Array,
	codes: readonly string[],
	limits: FileLimits = UPLOAD_LIMITS
): Promise<{ result: MatrixResult; records: MatrixRecord[] }> {
	const read = await readMatrixRecords(bytes, codes, limits);
	if ('problem' in read) return { result: { ok: false, problems: [read.problem] }, records: [] };
	return { result: parseMatrix(read.records, codes), records: read.records };
}
