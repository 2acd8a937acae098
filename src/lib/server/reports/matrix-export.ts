/**
 * The raw respondent × U1..U9 matrix as CSV (UTF-8 with BOM, `,` or `;` for Excel with Indonesian settings), and
 * its codebook. The file reads back with `npm run ikm` and the historical import (the same parser).
 */
import { AGE_BANDS, CHANNELS, EDUCATIONS, OCCUPATIONS, RESPONSE_STATUSES, SEXES } from '../../domain/profile';
import { QUICK_V1, SKM_2017, SKM_CODES } from '../../domain/instruments';
import type { Db } from '../db/client';
import type { ScopeFilter } from '../../domain/scope';
import { Readable } from 'node:stream';
import { copyOut } from '../db/client';
import { answerPositions } from '../responses/answers';
import { matrixCopyQuery, matrixRows, type MatrixRow, type ReportRange } from './queries';

export type CsvDelimiter = ',' | ';';

/** Column names of the matrix, in file order. */
export const MATRIX_COLUMNS = ['No', 'Waktu', 'Instansi', 'Layanan', 'Loket', 'Kanal', 'Status', ...SKM_CODES, 'JenisKelamin', 'Usia', 'Pendidikan', 'Pekerjaan'] as const;

export interface CodebookEntry {
	column: string;
	description: string;
	values: string;
}

/** Outside the matrix: the quick rating and its reasons (a quick response answers Q1 alone and feeds no unsur). */
const NOT_IN_MATRIX =
	'bukan kolom matriks: matriks hanya memuat responden SKM sembilan unsur; penilaian cepat dilaporkan sebagai CSAT di lembar Cepat dan unduhan Penilaian cepat, tidak pernah masuk IKM';

/** What each matrix column holds and which values it takes; last, the quick rating's codes, which the matrix leaves out. */
export function matrixCodebook(): CodebookEntry[] {
	const list = (values: readonly string[]) => values.join(' | ');
	const quick = QUICK_V1.items[0]!;
	const unsurName = new Map(SKM_2017.items.map((item) => [item.code, item.name.id]));
	return [
		{ column: 'No', description: 'Nomor urut responden dalam berkas', values: '1, 2, …' },
		{ column: 'Waktu', description: 'Waktu pengisian, waktu setempat mal (YYYY-MM-DD HH:MM)', values: 'tanggal dan jam' },
		{ column: 'Instansi', description: 'Instansi (unit penyelenggara) yang dinilai', values: 'nama' },
		{ column: 'Layanan', description: 'Jenis layanan yang dinilai', values: 'nama' },
		{ column: 'Loket', description: 'Kode loket; kosong untuk data impor', values: 'kode' },
		{
			column: 'Kanal',
			description: 'Cara pengisian: kiosk = tablet di loket; qr = ponsel lewat kode QR loket (terbuka); ticket = ponsel dengan tiket sekali pakai; import = impor data historis',
			values: list(CHANNELS)
		},
		{ column: 'Status', description: 'complete = sampai akhir; partial = berhenti di tengah', values: list(RESPONSE_STATUSES) },
		...SKM_2017.items.map((item) => ({
			column: item.code,
			description: `${item.name.id}: ${item.question.id}`,
			values: `${item.options.id.map((label, i) => `${i + 1} = ${label}`).join('; ')}; kosong = tidak dijawab`
		})),
		{ column: 'JenisKelamin', description: 'Jenis kelamin (boleh kosong)', values: list(SEXES) },
		{ column: 'Usia', description: 'Kelompok usia (boleh kosong)', values: list(AGE_BANDS) },
		{ column: 'Pendidikan', description: 'Pendidikan terakhir (boleh kosong)', values: list(EDUCATIONS) },
		{ column: 'Pekerjaan', description: 'Pekerjaan (boleh kosong)', values: list(OCCUPATIONS) },
		{
			column: quick.code,
			description: `Penilaian cepat, ${quick.name.id.toLowerCase()}: ${quick.question.id} — ${NOT_IN_MATRIX}`,
			values: quick.options.id.map((label, i) => `${i + 1} = ${label}`).join('; ')
		},
		{
			column: 'Alasan',
			description: `Alasan yang dipilih setelah nilai 1 atau 2 pada ${quick.code} (boleh lebih dari satu, boleh tidak ada), masing-masing menunjuk satu unsur — ${NOT_IN_MATRIX}`,
			values: list((QUICK_V1.reasons ?? []).map((r) => `${r.code} = ${r.label.id} (${r.unsur} ${unsurName.get(r.unsur) ?? ''})`))
		}
	];
}

/** One CSV cell: quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
function cell(value: string | number | null, delimiter: CsvDelimiter): string {
	if (value === null) return '';
	const text = String(value);
	return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line; `eol` is CRLF (RFC 4180) unless given (the matrix uses LF, as PostgreSQL's COPY writes it). */
export function csvLine(values: readonly (string | number | null)[], delimiter: CsvDelimiter, eol = '\r\n'): string {
	return values.map((v) => cell(v, delimiter)).join(delimiter) + eol;
}

/** The values of one matrix row in MATRIX_COLUMNS order. */
export function matrixValues(no: number, row: MatrixRow): (string | number | null)[] {
	return [no, row.at, row.agency, row.service, row.counter, row.channel, row.status, ...row.answers, row.sex, row.ageBand, row.education, row.occupation];
}

/** Columns of MATRIX_COLUMNS that hold numbers: No and U1..U9. */
const NUMERIC_COLUMNS = new Set([0, ...SKM_CODES.map((code) => MATRIX_COLUMNS.indexOf(code))]);

/** One field of COPY's text format: `\N` is null; COPY TO writes only these backslash escapes (never octal or hex). */
function copyTextField(field: string, column: number): string | number | null {
	if (field === '\\N') return null;
	if (NUMERIC_COLUMNS.has(column)) return Number(field);
	if (!field.includes('\\')) return field;
	return field.replace(/\\(.)/g, (_, code: string) => COPY_ESCAPES[code] ?? code);
}
const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * The matrix rows as values in MATRIX_COLUMNS order (what `matrixValues` gives), in batches: on PostgreSQL parsed
 * from COPY's text format (one statement, rows at C speed, backpressure), on PGlite from the paged rows. With
 * `onComment`, each row's non-empty comment is handed to it as the row is read (the XLSX's Saran sheet).
 */
export async function* matrixValueRows(
	db: Db,
	scope: ScopeFilter,
	range: ReportRange,
	onComment?: (values: (string | number | null)[], comment: string) => void
): AsyncGenerator<(string | number | null)[][]> {
	const withComment = onComment !== undefined;
	const copy = await copyOut(db, matrixCopyQuery(scope, range, await answerPositions(db, SKM_CODES), SKM_CODES, withComment), 'format text');
	if (!copy) {
		let no = 0;
		for await (const page of matrixRows(db, scope, range, SKM_CODES)) {
			yield page.map((row) => {
				const values = matrixValues(++no, row);
				if (row.comment) onComment?.(values, row.comment);
				return values;
			});
		}
		return;
	}
	const commentColumn = MATRIX_COLUMNS.length;
	// In the text format a line feed inside a value is escaped, so every raw LF ends a row (and never splits UTF-8).
	let rest: Buffer = Buffer.alloc(0);
	for await (const chunk of copy as AsyncIterable<Buffer>) {
		const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
		const end = bytes.lastIndexOf(10);
		if (end < 0) {
			rest = bytes;
			continue;
		}
		rest = bytes.subarray(end + 1);
		const lines = bytes.toString('utf8', 0, end).split('\n');
		yield lines.map((line) => {
			const values = line.split('\t').map(copyTextField);
			if (!withComment) return values;
			const comment = values.pop() as string | null;
			if (comment) onComment(values, comment);
			return values;
		});
	}
	if (rest.length > 0) throw new Error('the matrix COPY ended inside a row');
}

/** The codebook as CSV (same delimiter and BOM as the matrix). */
export function codebookCsv(delimiter: CsvDelimiter): string {
	return '\ufeff' + csvLine(['Kolom', 'Keterangan', 'Nilai'], delimiter) + matrixCodebook().map((e) => csvLine([e.column, e.description, e.values], delimiter)).join('');
}

/**
 * The matrix as CSV text chunks (BOM and header first, then one chunk per page of rows): constant memory whatever the
 * number of rows. Line ends are LF, as in the COPY path.
 */
export async function* matrixCsvChunks(db: Db, scope: ScopeFilter, range: ReportRange, delimiter: CsvDelimiter): AsyncGenerator<string> {
	yield '\ufeff' + csvLine(MATRIX_COLUMNS, delimiter, '\n');
	let no = 0;
	for await (const page of matrixRows(db, scope, range, SKM_CODES)) {
		let chunk = '';
		for (const row of page) chunk += csvLine(matrixValues(++no, row), delimiter, '\n');
		yield chunk;
	}
}

/** Bytes per chunk handed to the HTTP response: COPY sends one message per row, far too small to pass on one by one. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A Node readable (COPY's rows) as a web stream of ~64 KB chunks, `head` first. Reading synchronously whatever is
 * buffered and waiting for 'readable' only when it is empty keeps the per-row cost to a buffer copy, and the stream
 * still pulls only as fast as the client reads (backpressure), so memory stays flat.
 */
function batchedStream(head: Uint8Array, source: Readable): ReadableStream<Uint8Array> {
	let ended = false;
	let failure: Error | null = null;
	source.on('end', () => (ended = true));
	source.on('error', (error) => (failure = error));
	let sentHead = false;
	return new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				if (!sentHead) {
					sentHead = true;
					controller.enqueue(head);
					return;
				}
				return new Promise<void>((resolve) => {
					const drain = () => {
						if (failure) {
							controller.error(failure);
							return resolve();
						}
						const parts: Buffer[] = [];
						let size = 0;
						let chunk: Buffer | null;
						while (size < CHUNK_BYTES && (chunk = source.read() as Buffer | null) !== null) {
							parts.push(chunk);
							size += chunk.length;
						}
						if (parts.length > 0) {
							controller.enqueue(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
							return resolve();
						}
						if (ended || source.readableEnded) {
							controller.close();
							return resolve();
						}
						const wake = () => {
							source.off('readable', wake);
							source.off('end', wake);
							source.off('error', wake);
							drain();
						};
						source.on('readable', wake);
						source.on('end', wake);
						source.on('error', wake);
					};
					drain();
				});
			},
			cancel: (reason) => void source.destroy(reason instanceof Error ? reason : undefined)
		},
		{ highWaterMark: 0 }
	);
}

/**
 * The matrix CSV as a byte stream: on PostgreSQL straight from COPY … (FORMAT csv) after the BOM and header, so a
 * million rows pass through as buffers with backpressure; on PGlite the paged chunks above. Both write the same bytes.
 */
export async function matrixCsvStream(db: Db, scope: ScopeFilter, range: ReportRange, delimiter: CsvDelimiter): Promise<ReadableStream<Uint8Array>> {
	const head = new TextEncoder().encode('\ufeff' + csvLine(MATRIX_COLUMNS, delimiter, '\n'));
	const copy = await copyOut(db, matrixCopyQuery(scope, range, await answerPositions(db, SKM_CODES), SKM_CODES), `format csv, delimiter '${delimiter}'`);
	if (copy) return batchedStream(head, copy);
	const chunks = matrixCsvChunks(db, scope, range, delimiter);
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				const next = await chunks.next();
				if (next.done) controller.close();
				else controller.enqueue(encoder.encode(next.value));
			},
			async cancel() {
				await chunks.return(undefined);
			}
		},
		{ highWaterMark: 0 }
	);
}
