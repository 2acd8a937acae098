/**
 * The raw respondent × U1..U9 matrix as CSV (UTF-8 with BOM, `,` or `;` for Excel with Indonesian settings), and
 * its codebook. The file reads back with `npm run ikm` and the historical import (the same parser).
 */
import { AGE_BANDS, CHANNELS, EDUCATIONS, OCCUPATIONS, RESPONSE_STATUSES, SEXES } from '../../domain/profile';
import { SKM_2017, SKM_CODES } from '../../domain/instruments';
import type { Db } from '../db/client';
import type { ScopeFilter } from '../indicators/rollup-tallies';
import { matrixRows, type MatrixRow, type ReportRange } from './queries';

export type CsvDelimiter = ',' | ';';

/** Column names of the matrix, in file order. */
export const MATRIX_COLUMNS = ['No', 'Waktu', 'Instansi', 'Layanan', 'Loket', 'Kanal', 'Status', ...SKM_CODES, 'JenisKelamin', 'Usia', 'Pendidikan', 'Pekerjaan'] as const;

export interface CodebookEntry {
	column: string;
	description: string;
	values: string;
}

/** What each matrix column holds and which values it takes. */
export function matrixCodebook(): CodebookEntry[] {
	const list = (values: readonly string[]) => values.join(' | ');
	return [
		{ column: 'No', description: 'Nomor urut responden dalam berkas', values: '1, 2, …' },
		{ column: 'Waktu', description: 'Waktu pengisian, waktu setempat mal (YYYY-MM-DD HH:MM)', values: 'tanggal dan jam' },
		{ column: 'Instansi', description: 'Instansi (unit penyelenggara) yang dinilai', values: 'nama' },
		{ column: 'Layanan', description: 'Jenis layanan yang dinilai', values: 'nama' },
		{ column: 'Loket', description: 'Kode loket; kosong untuk data impor', values: 'kode' },
		{ column: 'Kanal', description: 'Cara pengisian', values: list(CHANNELS) },
		{ column: 'Status', description: 'complete = sampai akhir; partial = berhenti di tengah', values: list(RESPONSE_STATUSES) },
		...SKM_2017.items.map((item) => ({
			column: item.code,
			description: `${item.name.id}: ${item.question.id}`,
			values: `${item.options.id.map((label, i) => `${i + 1} = ${label}`).join('; ')}; kosong = tidak dijawab`
		})),
		{ column: 'JenisKelamin', description: 'Jenis kelamin (boleh kosong)', values: list(SEXES) },
		{ column: 'Usia', description: 'Kelompok usia (boleh kosong)', values: list(AGE_BANDS) },
		{ column: 'Pendidikan', description: 'Pendidikan terakhir (boleh kosong)', values: list(EDUCATIONS) },
		{ column: 'Pekerjaan', description: 'Pekerjaan (boleh kosong)', values: list(OCCUPATIONS) }
	];
}

/** One CSV cell: quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
function cell(value: string | number | null, delimiter: CsvDelimiter): string {
	if (value === null) return '';
	const text = String(value);
	return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null)[], delimiter: CsvDelimiter): string {
	return values.map((v) => cell(v, delimiter)).join(delimiter) + '\r\n';
}

/** The values of one matrix row in MATRIX_COLUMNS order. */
export function matrixValues(no: number, row: MatrixRow): (string | number | null)[] {
	return [no, row.at, row.agency, row.service, row.counter, row.channel, row.status, ...row.answers, row.sex, row.ageBand, row.education, row.occupation];
}

/** The codebook as CSV (same delimiter and BOM as the matrix). */
export function codebookCsv(delimiter: CsvDelimiter): string {
	return '\ufeff' + csvLine(['Kolom', 'Keterangan', 'Nilai'], delimiter) + matrixCodebook().map((e) => csvLine([e.column, e.description, e.values], delimiter)).join('');
}

/**
 * The matrix as CSV text chunks (BOM and header first, then one chunk per page of rows): constant memory
 * whatever the number of rows.
 */
export async function* matrixCsvChunks(db: Db, scope: ScopeFilter, range: ReportRange, delimiter: CsvDelimiter): AsyncGenerator<string> {
	yield '\ufeff' + csvLine(MATRIX_COLUMNS, delimiter);
	let no = 0;
	for await (const page of matrixRows(db, scope, range, SKM_CODES)) {
		let chunk = '';
		for (const row of page) chunk += csvLine(matrixValues(++no, row), delimiter);
		yield chunk;
	}
}
