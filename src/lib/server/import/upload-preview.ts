/**
 * What an uploaded matrix file gives, read once, at upload: its preview (every problem, or the figures and the first
 * rows) and the rows to store on commit. The file is read within the readers' limits; its records are then validated
 * by the domain (parseMatrix, importRows) a slice at a time, the event loop turning between slices, so the largest
 * file keeps the server answering other requests.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ikmReport, unansweredCodes, type IkmReport } from '../../domain/ikm-report';
import { IMPORT_COLUMN_NAMES, importRows, type ImportRow } from '../../domain/import-rows';
import { SKM_CODES } from '../../domain/instruments';
import { parseMatrix, type Matrix, type MatrixProblem, type MatrixRecord } from '../../domain/matrix';
import type { ReportPeriod } from '../../domain/report-period';
import { readMatrixRecords } from './matrix-file';

/** What a file gave, kept with its upload (import_uploads.preview). */
export interface UploadPreview {
	/** Every problem, row and column named (capped: a wholly wrong file does not list a hundred thousand lines). */
	problems: MatrixProblem[];
	/** The figures the file gives (as `npm run ikm` prints them), when it has no problem. */
	figures: IkmReport | null;
	rows: number;
	/** The first rows as they will be stored. */
	sample: ImportRow[];
}

/** The preview of an upload stored before previews were: its file was not kept, so it must be uploaded again. */
export const UPLOAD_AGAIN: UploadPreview = {
	problems: [{ row: 1, column: null, message: 'this upload was made before previews were stored; upload the file again', kind: 'upload_again' }],
	figures: null,
	rows: 0,
	sample: []
};

/** Records validated between two turns of the event loop (some tens of milliseconds of work). */
const SLICE_ROWS = 5000;
/** Problems listed at most, as parseMatrix lists them. */
const MAX_LISTED = 50;

type Checked = { matrix: Matrix; rows: ImportRow[]; problems: MatrixProblem[] } | { matrix: null; problems: MatrixProblem[] };

/** parseMatrix, then importRows when the matrix is sound, over [header, …slice] for each slice of the records. */
async function checkRecords(records: readonly MatrixRecord[], period: ReportPeriod): Promise<Checked> {
	const [header, ...body] = records;
	const headerOnly = parseMatrix(header ? [header] : [], SKM_CODES);
	if (!headerOnly.ok) return { matrix: null, problems: headerOnly.problems };
	const matrix: Matrix = { codes: SKM_CODES, answers: [], rows: [] };
	const rows: ImportRow[] = [];
	const matrixProblems: MatrixProblem[] = [];
	const rowProblems: MatrixProblem[] = [];
	for (let start = 0; start < body.length && matrixProblems.length < MAX_LISTED; start += SLICE_ROWS) {
		const slice = [header!, ...body.slice(start, start + SLICE_ROWS)];
		const result = parseMatrix(slice, SKM_CODES);
		if (!result.ok) matrixProblems.push(...result.problems);
		else if (matrixProblems.length === 0) {
			matrix.answers.push(...result.matrix.answers);
			matrix.rows.push(...result.matrix.rows);
			const read = importRows(slice, result.matrix, period);
			rows.push(...read.rows);
			rowProblems.push(...read.problems);
		}
		await nextTurn();
	}
	if (matrixProblems.length > 0) return { matrix: null, problems: matrixProblems.slice(0, MAX_LISTED) };
	return { matrix, rows, problems: rowProblems.slice(0, MAX_LISTED) };
}

/** Read an uploaded file once: its preview, and the rows to store on commit (null when it has a problem). */
export async function readUpload(bytes: Uint8Array, period: ReportPeriod): Promise<{ preview: UploadPreview; rows: ImportRow[] | null }> {
	const read = await readMatrixRecords(bytes, [...SKM_CODES, ...IMPORT_COLUMN_NAMES]);
	const checked: Checked = 'problem' in read ? { matrix: null, problems: [read.problem] } : await checkRecords(read.records, period);
	if (!checked.matrix) return { preview: { problems: checked.problems, figures: null, rows: 0, sample: [] }, rows: null };
	const { matrix, rows, problems } = checked;
	if (matrix.answers.length === 0) problems.push({ row: 1, column: null, message: 'the file has a header but no respondent with an answer', kind: 'no_respondents' });
	for (const code of unansweredCodes(matrix)) problems.push({ row: 1, column: code, message: `no respondent answered ${code}; the IKM needs every unsur`, kind: 'unsur_unanswered' });
	const figures = problems.length === 0 ? ikmReport(matrix) : null;
	return { preview: { problems, figures, rows: rows.length, sample: rows.slice(0, 10) }, rows: figures ? rows : null };
}
