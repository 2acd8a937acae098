/**
 * The optional columns of a historical matrix beyond U1..U9: when each respondent answered (Waktu or Tanggal, a
 * mall-local date with or without a time) and the respondent profile (JenisKelamin, Usia, Pendidikan, Pekerjaan) and
 * Status — the columns Puas's own matrix export writes, so an export imports back unchanged. Every bad cell is a
 * problem naming its row and column; nothing is guessed.
 */
import type { Matrix, MatrixProblem, MatrixRecord } from './matrix';
import { AGE_BANDS, EDUCATIONS, OCCUPATIONS, RESPONSE_STATUSES, SEXES, type AgeBand, type Education, type Occupation, type ResponseStatus, type Sex } from './profile';

export interface ImportRow {
	/** Row number in the file. */
	row: number;
	answers: (number | null)[];
	/** Mall-local date and time "YYYY-MM-DD HH:MM", or null when the file has no date column. */
	localTime: string | null;
	status: ResponseStatus;
	sex: Sex | null;
	ageBand: AgeBand | null;
	education: Education | null;
	occupation: Occupation | null;
}

const COLUMNS = {
	time: ['WAKTU', 'TANGGAL'],
	status: ['STATUS'],
	sex: ['JENISKELAMIN', 'JENIS KELAMIN', 'JK'],
	ageBand: ['USIA'],
	education: ['PENDIDIKAN'],
	occupation: ['PEKERJAAN']
} as const;

/** Every header name of the optional columns read (upper case, as the header is compared). */
export const IMPORT_COLUMN_NAMES: readonly string[] = Object.values(COLUMNS).flat();

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-03-05", "2026-03-05 09:30", "05/03/2026" or "5/3/2026 09:30" (day first, as Indonesian sheets write) → "YYYY-MM-DD HH:MM". */
function parseLocalTime(text: string): string | null {
	const trimmed = text.trim();
	let match = trimmed.match(/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/);
	let parts: [number, number, number, number, number] | null = null;
	if (match) parts = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4] ?? 12), Number(match[5] ?? 0)];
	match = trimmed.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2}))?$/);
	if (match) parts = [Number(match[3]), Number(match[2]), Number(match[1]), Number(match[4] ?? 12), Number(match[5] ?? 0)];
	if (!parts) return null;
	const [y, m, d, h, min] = parts;
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || h > 23 || min > 59) return null;
	return `${y}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(min)}`;
}

/**
 * The import rows of a validated matrix: its answers with the optional columns read from the same records.
 * `period` (local dates, inclusive) bounds the dates; a row outside it is a problem.
 */
export function importRows(records: readonly MatrixRecord[], matrix: Matrix, period: { from: string; to: string }): { rows: ImportRow[]; problems: MatrixProblem[] } {
	const header = (records[0]?.cells ?? []).map((cell) => cell.trim().toUpperCase());
	const position = (names: readonly string[]) => header.findIndex((name) => names.includes(name));
	const at = Object.fromEntries(Object.entries(COLUMNS).map(([key, names]) => [key, position(names)])) as Record<keyof typeof COLUMNS, number>;
	const byRow = new Map(records.map((record) => [record.row, record]));
	const problems: MatrixProblem[] = [];
	const rows = matrix.answers.map((answers, i): ImportRow => {
		const rowNumber = matrix.rows[i]!;
		const cells = byRow.get(rowNumber)?.cells ?? [];
		const cell = (key: keyof typeof COLUMNS) => (at[key] >= 0 ? (cells[at[key]] ?? '').trim() : '');
		const columnName = (key: keyof typeof COLUMNS) => records[0]!.cells[at[key]]!.trim();
		const pick = <T extends string>(key: keyof typeof COLUMNS, allowed: readonly T[]): T | null => {
			const value = cell(key);
			if (value === '') return null;
			const found = allowed.find((option) => option.toUpperCase() === value.toUpperCase());
			if (!found) {
				problems.push({ row: rowNumber, column: columnName(key), message: `"${value}" is not one of ${allowed.join(', ')}`, kind: 'bad_value', params: { value, allowed: allowed.join(', ') } });
			}
			return found ?? null;
		};
		let localTime: string | null = null;
		const timeText = cell('time');
		if (timeText !== '') {
			localTime = parseLocalTime(timeText);
			if (!localTime) {
				const message = `"${timeText}" is not a date (YYYY-MM-DD or DD/MM/YYYY, optionally with HH:MM)`;
				problems.push({ row: rowNumber, column: columnName('time'), message, kind: 'bad_date', params: { value: timeText } });
			} else if (localTime.slice(0, 10) < period.from || localTime.slice(0, 10) > period.to) {
				const date = localTime.slice(0, 10);
				const message = `${date} lies outside the period ${period.from} – ${period.to}`;
				problems.push({ row: rowNumber, column: columnName('time'), message, kind: 'date_outside', params: { value: date, from: period.from, to: period.to } });
			}
		}
		return {
			row: rowNumber,
			answers,
			localTime,
			status: pick('status', RESPONSE_STATUSES) ?? 'complete',
			sex: pick('sex', SEXES),
			ageBand: pick('ageBand', AGE_BANDS),
			education: pick('education', EDUCATIONS),
			occupation: pick('occupation', OCCUPATIONS)
		};
	});
	return { rows, problems };
}
