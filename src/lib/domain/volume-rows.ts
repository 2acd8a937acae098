/**
 * Service volumes from a table (CSV upload, or the rows of POST /api/v1/volumes): service code, month, citizens
 * served and, optionally, of those served through a digital channel. Every problem names its row and column.
 * Pure functions, no I/O.
 */
import type { MatrixProblem } from './matrix';

export interface VolumeRow {
	/** Row number as the user sees it (the CSV header is row 1; API rows count from 0). */
	row: number;
	service: string;
	/** 'YYYY-MM-01' */
	month: string;
	served: number;
	servedOnline: number | null;
}

const VOLUME_PROBLEMS = ['missing_column', 'service', 'month', 'future_month', 'served', 'online', 'online_above_served', 'duplicate', 'empty', 'too_many'] as const;
type VolumeProblemKind = (typeof VOLUME_PROBLEMS)[number];

export interface VolumeProblem {
	row: number;
	column: string | null;
	kind: VolumeProblemKind;
}

/** A volume CSV the file reader stopped at a limit of its own (`limit` columns per row, or characters per cell). */
export interface VolumeLimitProblem {
	row: number;
	/** The spreadsheet column ("BM") where the limit was passed. */
	column: string | null;
	kind: 'too_many_columns' | 'cell_too_long';
	limit: number;
}

/** The volume problem of a file the reader refused; null when the file could not be read as CSV at all. */
export function volumeReadProblem(problem: MatrixProblem): VolumeProblem | VolumeLimitProblem | null {
	if (problem.kind === 'too_many_rows') return { row: problem.row, column: null, kind: 'too_many' };
	if (problem.kind === 'too_many_columns' || problem.kind === 'cell_too_long') {
		return { row: problem.row, column: problem.column, kind: problem.kind, limit: Number(problem.params?.limit) };
	}
	return null;
}

/** Header names accepted for each column (Indonesian first, English second), compared case-insensitively. */
const VOLUME_COLUMNS = {
	service: ['layanan', 'service'],
	month: ['bulan', 'month'],
	served: ['dilayani', 'served'],
	servedOnline: ['daring', 'online']
} as const;

/** At most this many rows per upload or API call. */
const MAX_VOLUME_ROWS = 5000;
const MAX_SERVED = 10_000_000;

/** 'YYYY-MM' or 'YYYY-MM-01' → 'YYYY-MM-01' for 2000–2100; null otherwise. */
export function normalizeMonth(text: string): string | null {
	const match = text.trim().match(/^(20\d\d|2100)-(0[1-9]|1[0-2])(?:-01)?$/);
	return match ? `${match[1]}-${match[2]}-01` : null;
}

/** A count cell: a whole number 0 … 10 000 000 (thousands separators '.' or ',' of Indonesian and English sheets allowed). */
export function parseCount(text: string): number | null {
	const trimmed = text.trim();
	if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(trimmed)) return null;
	const value = Number(trimmed.replace(/[.,]/g, ''));
	return Number.isSafeInteger(value) && value <= MAX_SERVED ? value : null;
}

export interface RawVolume {
	row: number;
	service: string;
	month: string;
	served: string;
	servedOnline: string;
}

export interface VolumeRules {
	/** The current month in the hall's time zone ('YYYY-MM-01'): a later month has not begun, so nobody was served in it. */
	latestMonth: string;
	/** The service codes the rows may name (the hall's services of the agencies the caller may change). */
	services: ReadonlySet<string>;
}

/**
 * Check raw rows in one pass, naming every problem of every row (its format, an unknown service, a month that has not
 * begun, a repeated service and month); all rows or none: the caller stores them only when `problems` is empty.
 */
export function checkVolumeRows(raw: readonly RawVolume[], rules: VolumeRules): { rows: VolumeRow[]; problems: VolumeProblem[] } {
	const problems: VolumeProblem[] = [];
	const rows: VolumeRow[] = [];
	if (raw.length === 0) problems.push({ row: 1, column: null, kind: 'empty' });
	if (raw.length > MAX_VOLUME_ROWS) problems.push({ row: raw[MAX_VOLUME_ROWS]!.row, column: null, kind: 'too_many' });
	const seen = new Map<string, number>();
	for (const r of raw.slice(0, MAX_VOLUME_ROWS)) {
		const before = problems.length;
		const service = r.service.trim();
		const wellFormed = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(service);
		if (!wellFormed || !rules.services.has(service)) problems.push({ row: r.row, column: 'service', kind: 'service' });
		const month = normalizeMonth(r.month);
		if (!month) problems.push({ row: r.row, column: 'month', kind: 'month' });
		else if (month > rules.latestMonth) problems.push({ row: r.row, column: 'month', kind: 'future_month' });
		const served = parseCount(r.served);
		if (served === null) problems.push({ row: r.row, column: 'served', kind: 'served' });
		const online = r.servedOnline.trim() === '' ? null : parseCount(r.servedOnline);
		if (r.servedOnline.trim() !== '' && online === null) problems.push({ row: r.row, column: 'servedOnline', kind: 'online' });
		else if (online !== null && served !== null && online > served) problems.push({ row: r.row, column: 'servedOnline', kind: 'online_above_served' });
		// A service and month named twice is a problem whatever else is wrong with either row.
		const key = wellFormed && month ? `${service}|${month}` : null;
		if (key !== null && seen.has(key)) problems.push({ row: r.row, column: 'month', kind: 'duplicate' });
		else if (key !== null) seen.set(key, r.row);
		if (problems.length > before) continue;
		rows.push({ row: r.row, service, month: month!, served: served!, servedOnline: online });
	}
	return { rows, problems };
}

/** Records of a volume CSV (header in row 1) → raw rows, or the missing column. Blank lines are skipped. */
export function volumeRecords(records: readonly { row: number; cells: readonly string[] }[]): { raw: RawVolume[] } | { problem: VolumeProblem } {
	const header = records[0];
	if (!header) return { problem: { row: 1, column: null, kind: 'empty' } };
	const names = header.cells.map((cell) => cell.trim().toLowerCase());
	const index = {} as Record<keyof typeof VOLUME_COLUMNS, number>;
	for (const [key, accepted] of Object.entries(VOLUME_COLUMNS) as [keyof typeof VOLUME_COLUMNS, readonly string[]][]) {
		index[key] = names.findIndex((name) => accepted.includes(name));
		if (index[key] < 0 && key !== 'servedOnline') return { problem: { row: 1, column: accepted[0]!, kind: 'missing_column' } };
	}
	const raw = records
		.slice(1)
		.filter((record) => record.cells.some((cell) => cell.trim() !== ''))
		.map((record) => ({
			row: record.row,
			service: record.cells[index.service] ?? '',
			month: record.cells[index.month] ?? '',
			served: record.cells[index.served] ?? '',
			servedOnline: index.servedOnline >= 0 ? (record.cells[index.servedOnline] ?? '') : ''
		}));
	return { raw };
}
