/**
 * Reads the matrix sheet of an XLSX (ECMA-376 SpreadsheetML) within the limits of file-limits, from the parts it
 * needs, each streamed (see xlsx-parts): xl/workbook.xml and its relationships (which sheet: "Matriks", else the
 * first), styles.xml (which cell styles show dates), sharedStrings.xml, then the one worksheet, in order, so memory
 * holds only the records and the shared strings.
 */
import { posix } from 'node:path';
import type { MatrixRecord } from '../../domain/matrix';
import { FileProblemError, keepColumns, limitPassed, UPLOAD_LIMITS, type FileLimits, type RecordsRead } from './file-limits';
import { localName, openParts, unreadable, type XlsxParts, type XmlHandlers } from './xlsx-parts';

interface Workbook {
	sheets: { name: string; relationship: string }[];
	date1904: boolean;
}

type Relationships = Map<string, { type: string; target: string }>;

/** ECMA-376 §18.8.30: the built-in number formats showing a date or time (27–36 and 50–58 in East Asian locales). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

const pad = (n: number) => String(n).padStart(2, '0');
/** A positive whole number from an attribute, else `fallback` (row and cell references are optional). */
const positive = (text: string | undefined, fallback: number) => (text && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : fallback);

/** Whether a number format code shows a date or time: d, m, y, h or s outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
	return /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, ''));
}

/** A date serial (days since 1899-12-30, or since 1904-01-01) as "YYYY-MM-DD HH:MM": Excel stores wall-clock time. */
function serialDate(serial: number, date1904: boolean): string {
	const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
	if (Number.isNaN(date.getTime())) return String(serial);
	return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** The 0-based column of a cell reference ("C7" → 2), else `fallback`. */
function columnOf(reference: string | undefined, fallback: number): number {
	const letters = reference?.match(/^[A-Z]{1,3}/)?.[0];
	if (!letters) return fallback;
	return [...letters].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

function workbookHandlers(book: Workbook): XmlHandlers {
	return {
		open(name, attributes) {
			if (name === 'workbookPr') book.date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
			if (name === 'sheet') {
				const relationship = Object.entries(attributes).find(([key]) => key.includes(':') && localName(key) === 'id')?.[1] ?? '';
				book.sheets.push({ name: attributes.name ?? '', relationship });
			}
		}
	};
}

function relationshipHandlers(relationships: Relationships): XmlHandlers {
	return {
		open(name, attributes) {
			if (name === 'Relationship' && attributes.TargetMode !== 'External') {
				relationships.set(attributes.Id ?? '', { type: attributes.Type ?? '', target: attributes.Target ?? '' });
			}
		}
	};
}

/** For each cell style (cellXfs, in order), whether its number format shows a date. */
function styleHandlers(dateStyles: boolean[]): XmlHandlers {
	const custom = new Map<number, string>();
	let inCellXfs = false;
	return {
		open(name, attributes) {
			if (name === 'numFmt') custom.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
			else if (name === 'cellXfs') inCellXfs = true;
			else if (name === 'xf' && inCellXfs) {
				const id = Number(attributes.numFmtId ?? 0);
				const code = custom.get(id);
				dateStyles.push(code === undefined ? BUILT_IN_DATE_FORMATS.has(id) : isDateFormat(code));
			}
		},
		close(name) {
			if (name === 'cellXfs') inCellXfs = false;
		}
	};
}

/** The text of an item (a shared or an inline string): plain, or its rich-text runs joined, phonetic runs left out. */
class ItemText {
	text = '';
	/** Whether text read now belongs to the item (inside a <t>, not inside an <rPh>, which Excel does not show). */
	reading = false;
	private phonetic = false;
	open(name: string) {
		if (name === 't') this.reading = !this.phonetic;
		else if (name === 'rPh') this.phonetic = true;
	}
	close(name: string) {
		if (name === 't') this.reading = false;
		else if (name === 'rPh') this.phonetic = false;
	}
}

/** The shared strings in order; one longer than a cell may hold is kept as null (the cell showing it is refused). */
function sharedStringHandlers(strings: (string | null)[], limits: FileLimits): XmlHandlers {
	let total = 0;
	let item = new ItemText();
	let tooLong = false;
	return {
		open(name) {
			if (name === 'si') {
				item = new ItemText();
				tooLong = false;
			}
			item.open(name);
		},
		text(text) {
			if (!item.reading) return;
			total += text.length;
			if (total > limits.MAX_SHARED_STRING_CHARS) throw limitPassed('strings_too_long', 1, null, limits);
			tooLong ||= item.text.length + text.length > limits.MAX_CELL_CHARS;
			if (!tooLong) item.text += text;
		},
		close(name) {
			item.close(name);
			if (name !== 'si') return;
			if (strings.length === limits.MAX_SHARED_STRINGS) throw limitPassed('too_many_strings', 1, null, limits);
			strings.push(tooLong ? null : item.text);
		}
	};
}

/** The worksheet's rows that hold a value, numbered as the sheet shows them, each cell placed at its column. */
function sheetHandlers(
	records: MatrixRecord[],
	strings: readonly (string | null)[],
	dateStyles: readonly boolean[],
	date1904: boolean,
	limits: FileLimits,
	columns?: readonly string[]
): XmlHandlers {
	const keep = keepColumns(columns);
	let inData = false;
	let row = 0;
	let column = -1;
	let cells: (string | undefined)[] = [];
	/** The cell being read: its type and style, whether it has a value (<v> or <is>), and its text so far. */
	let cell: { type: string; style: number; hasValue: boolean; value: ItemText } | null = null;
	let inValue = false;

	/** A cell as the text a user sees: numbers bare, dates "YYYY-MM-DD HH:MM", booleans and errors as text; null when too long. */
	const cellText = (type: string, text: string, style: number): string | null => {
		if (type === 's') {
			const shared = strings[Number(text)];
			return shared === undefined ? '' : shared;
		}
		if (type === 'b') return text === '1' ? 'true' : 'false';
		if (type !== 'n' || text.trim() === '' || Number.isNaN(Number(text))) return text;
		return dateStyles[style] ? serialDate(Number(text), date1904) : String(Number(text));
	};
	const endCell = (done: NonNullable<typeof cell>) => {
		if (!done.hasValue) return;
		if (column >= limits.MAX_COLUMNS) throw limitPassed('too_many_columns', row, column, limits);
		const text = cellText(done.type, done.value.text, done.style);
		if (text === null) throw limitPassed('cell_too_long', row, column, limits);
		cells[column] = text;
	};
	const endRow = () => {
		if (cells.length === 0) return;
		if (records.length === limits.MAX_ROWS) throw limitPassed('too_many_rows', row, null, limits);
		records.push(keep({ row, cells: Array.from(cells, (text) => text ?? '') }));
	};
	return {
		open(name, attributes) {
			if (name === 'sheetData') inData = true;
			if (!inData) return;
			if (name === 'row') {
				row = positive(attributes.r, row + 1);
				column = -1;
				cells = [];
			} else if (name === 'c') {
				column = columnOf(attributes.r, column + 1);
				cell = { type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), hasValue: false, value: new ItemText() };
			} else if (!cell) return;
			else if (name === 'v') inValue = cell.hasValue = true;
			else if (name === 'is') cell.hasValue = true;
			else cell.value.open(name);
		},
		text(text) {
			if (!cell || !(inValue || cell.value.reading)) return;
			if (cell.value.text.length + text.length > limits.MAX_CELL_CHARS) throw limitPassed('cell_too_long', row, column, limits);
			cell.value.text += text;
		},
		close(name) {
			if (name === 'sheetData') inData = false;
			if (!inData) return;
			if (name === 'row') endRow();
			else if (!cell) return;
			else if (name === 'v') inValue = false;
			else if (name !== 'c') cell.value.close(name);
			else {
				endCell(cell);
				cell = null;
			}
		},
		at: () => ({ row: Math.max(row, 1), column: cell ? column : null })
	};
}

/** The part a workbook relationship points to ("worksheets/sheet1.xml" is relative to xl/, "/xl/…" to the root). */
const partName = (target: string) => (target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target))).toLowerCase();

/**
 * Read XLSX bytes into the records of its sheet "Matriks" (else its first), numbered as the spreadsheet shows them;
 * with `columns`, only the cells of the columns so named are kept (see keepColumns).
 */
export async function readXlsxRecords(bytes: Uint8Array, columns?: readonly string[], limits: FileLimits = UPLOAD_LIMITS): Promise<RecordsRead> {
	let parts: XlsxParts | undefined;
	try {
		parts = await openParts(bytes, limits);
		const book: Workbook = { sheets: [], date1904: false };
		if (!(await parts.parse('xl/workbook.xml', workbookHandlers(book)))) throw unreadable('it has no xl/workbook.xml');
		const relationships: Relationships = new Map();
		await parts.parse('xl/_rels/workbook.xml.rels', relationshipHandlers(relationships));
		const sheet = book.sheets.find((s) => s.name === 'Matriks') ?? book.sheets[0];
		if (!sheet) return { problem: { row: 1, column: null, message: 'the workbook has no sheet', kind: 'no_sheet' } };
		const partOf = (relationship: { target: string } | undefined) => relationship && partName(relationship.target);
		const ofType = (type: string) => partOf([...relationships.values()].find((r) => r.type.endsWith(`/${type}`)));
		const dateStyles: boolean[] = [];
		await parts.parse(ofType('styles'), styleHandlers(dateStyles));
		const strings: (string | null)[] = [];
		await parts.parse(ofType('sharedStrings'), sharedStringHandlers(strings, limits));
		const records: MatrixRecord[] = [];
		if (!(await parts.parse(partOf(relationships.get(sheet.relationship)), sheetHandlers(records, strings, dateStyles, book.date1904, limits, columns)))) {
			throw unreadable(`the sheet "${sheet.name}" has no part`);
		}
		return { records };
	} catch (error) {
		if (error instanceof FileProblemError) return { problem: error.problem };
		return { problem: unreadable((error as Error).message).problem };
	} finally {
		parts?.close();
	}
}
