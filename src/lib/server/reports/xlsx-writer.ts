/**
 * A small streaming XLSX writer: worksheets of numbers and inline strings, a bold header style and a percent format,
 * column widths, zipped (deflate) straight into a Node stream with backpressure. It exists because ExcelJS spends
 * ~50 µs per cell on style bookkeeping and XML objects (2.9 s for an agency-year's matrix of 575 000 cells); here a
 * row is one string. Worksheets may be written in any order: the workbook lists them in the order they were declared.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

export type XlsxCell = string | number | null;
/** Cell styles of styles.xml: 0 default, 1 bold (headers), 2 percent with one decimal ('0.0%'). */
export type XlsxStyle = 'bold' | 'percent';
const STYLE_INDEX: Record<XlsxStyle, number> = { bold: 1, percent: 2 };

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Text is buffered up to this many characters before it is deflated. */
const FLUSH_CHARS = 64 * 1024;

/** XML text: the five escapes, and the control characters XML 1.0 forbids dropped (as ExcelJS does). */
export function xmlText(text: string): string {
	return text.replace(/[<>&"\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : ''));
}

/** "A", "B", … "Z", "AA", …: the column letters of a 0-based index. */
function columnName(index: number): string {
	let name = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	return name;
}
const COLUMN_NAMES = Array.from({ length: 64 }, (_, i) => columnName(i));

/** MS-DOS date and time of `at` (local fields, as ZIP tools read them). */
function dosDateTime(at: Date): { date: number; time: number } {
	return {
		date: ((at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
		time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1)
	};
}

/** A ZIP archive written entry by entry (deflated, sizes in data descriptors), without ZIP64: below 4 GiB. */
class ZipStream {
	private offset = 0;
	private readonly central: Buffer[] = [];
	private readonly stamp = dosDateTime(new Date());
	constructor(private readonly out: Writable) {}

	private async put(chunk: Buffer): Promise<void> {
		this.offset += chunk.length;
		if (!this.out.write(chunk)) await once(this.out, 'drain');
	}

	/** One entry; `produce` writes its text through `write` (awaiting it keeps memory flat). */
	async entry(name: string, produce: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
		const nameBytes = Buffer.from(name, 'utf8');
		const start = this.offset;
		const header = Buffer.alloc(30);
		header.writeUInt32LE(0x04034b50, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
		header.writeUInt16LE(8, 8); // deflate
		header.writeUInt16LE(this.stamp.time, 10);
		header.writeUInt16LE(this.stamp.date, 12);
		header.writeUInt16LE(nameBytes.length, 26);
		await this.put(Buffer.concat([header, nameBytes]));

		const deflate = createDeflateRaw({ level: constants.Z_BEST_SPEED });
		let crc = 0;
		let size = 0;
		let compressed = 0;
		let pending = Promise.resolve();
		deflate.on('data', (chunk: Buffer) => {
			compressed += chunk.length;
			this.offset += chunk.length;
			if (!this.out.write(chunk)) {
				deflate.pause();
				pending = once(this.out, 'drain').then(() => void deflate.resume());
			}
		});
		const ended = once(deflate, 'end');
		let buffered = '';
		const flush = async () => {
			const bytes = Buffer.from(buffered, 'utf8');
			buffered = '';
			crc = crc32(bytes, crc);
			size += bytes.length;
			if (!deflate.write(bytes)) await once(deflate, 'drain');
		};
		await produce(async (text) => {
			buffered += text;
			if (buffered.length >= FLUSH_CHARS) await flush();
		});
		await flush();
		deflate.end();
		await ended;
		await pending;
		if (this.offset > 0xffffffff) throw new RangeError('the workbook exceeds 4 GiB');

		const descriptor = Buffer.alloc(16);
		descriptor.writeUInt32LE(0x08074b50, 0);
		descriptor.writeUInt32LE(crc >>> 0, 4);
		descriptor.writeUInt32LE(compressed, 8);
		descriptor.writeUInt32LE(size, 12);
		await this.put(descriptor);

		const record = Buffer.alloc(46);
		record.writeUInt32LE(0x02014b50, 0);
		record.writeUInt16LE(20, 4);
		record.writeUInt16LE(20, 6);
		record.writeUInt16LE(0x0808, 8);
		record.writeUInt16LE(8, 10);
		record.writeUInt16LE(this.stamp.time, 12);
		record.writeUInt16LE(this.stamp.date, 14);
		record.writeUInt32LE(crc >>> 0, 16);
		record.writeUInt32LE(compressed, 20);
		record.writeUInt32LE(size, 24);
		record.writeUInt16LE(nameBytes.length, 28);
		record.writeUInt32LE(start, 42);
		this.central.push(record, nameBytes);
	}

	/** The central directory and its end record; then the stream is ended. */
	async finish(entries: number): Promise<void> {
		const directory = Buffer.concat(this.central);
		const start = this.offset;
		await this.put(directory);
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06054b50, 0);
		end.writeUInt16LE(entries, 8);
		end.writeUInt16LE(entries, 10);
		end.writeUInt32LE(directory.length, 12);
		end.writeUInt32LE(start, 16);
		await this.put(end);
		this.out.end();
	}
}

/** One worksheet as it is written: rows in order, each a single string of cells. */
export class XlsxSheet {
	private rowNumber = 0;
	constructor(
		private readonly write: (text: string) => Promise<void>,
		/** A style for the number cells of some columns (0-based), e.g. { 3: 'percent' }. */
		private readonly columnStyles: Record<number, XlsxStyle>
	) {}

	/** Append a row; `style` applies to all its cells (the header's bold). Nulls leave the cell empty. */
	row(cells: readonly XlsxCell[], style?: XlsxStyle): Promise<void> {
		return this.write(this.rowXml(cells, style));
	}

	/** Append rows as one write (a page of the matrix). */
	rows(batch: readonly (readonly XlsxCell[])[]): Promise<void> {
		let xml = '';
		for (const cells of batch) xml += this.rowXml(cells);
		return this.write(xml);
	}

	private rowXml(cells: readonly XlsxCell[], style?: XlsxStyle): string {
		const r = ++this.rowNumber;
		let xml = `<row r="${r}">`;
		for (let i = 0; i < cells.length; i++) {
			const value = cells[i];
			if (value === null || value === undefined) continue;
			const ref = (COLUMN_NAMES[i] ?? columnName(i)) + r;
			if (typeof value === 'number') {
				if (!Number.isFinite(value)) continue;
				const cellStyle = style ?? this.columnStyles[i];
				xml += cellStyle ? `<c r="${ref}" s="${STYLE_INDEX[cellStyle]}"><v>${value}</v></c>` : `<c r="${ref}"><v>${value}</v></c>`;
			} else {
				const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
				xml += `<c r="${ref}"${style ? ` s="${STYLE_INDEX[style]}"` : ''} t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`;
			}
		}
		return xml + '</row>';
	}
}

export interface SheetSpec {
	name: string;
	/** Column widths in characters, from the first column. */
	widths?: number[];
	columnStyles?: Record<number, XlsxStyle>;
}

/**
 * A workbook whose sheets are declared up front (their order in the file) and then written one at a time, in any
 * order, each to the end before the next. `creator` goes into the document properties.
 */
export class XlsxWriter {
	private readonly zip: ZipStream;
	private entries = 0;
	constructor(
		out: Writable,
		private readonly sheets: readonly SheetSpec[],
		private readonly creator: string
	) {
		this.zip = new ZipStream(out);
	}

	/** Write the sheet named `name`: `fill` appends its rows. */
	async sheet(name: string, fill: (sheet: XlsxSheet) => Promise<void>): Promise<void> {
		const index = this.sheets.findIndex((s) => s.name === name);
		if (index < 0) throw new RangeError(`no sheet ${name} was declared`);
		const spec = this.sheets[index]!;
		this.entries++;
		await this.zip.entry(`xl/worksheets/sheet${index + 1}.xml`, async (write) => {
			const cols = (spec.widths ?? []).map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`).join('');
			await write(`${DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELS}">${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`);
			await fill(new XlsxSheet(write, spec.columnStyles ?? {}));
			await write('</sheetData></worksheet>');
		});
	}

	/** The workbook's own parts (after every sheet was written); ends the stream. */
	async finish(): Promise<void> {
		const part = async (name: string, xml: string) => {
			this.entries++;
			await this.zip.entry(name, (write) => write(DECLARATION + xml));
		};
		const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
		await part(
			'[Content_Types].xml',
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
				`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
				`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
				`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
				this.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}"/>`).join('') +
				'</Types>'
		);
		await part(
			'_rels/.rels',
			`<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/>` +
				`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
		);
		const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		await part(
			'docProps/core.xml',
			`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
				`<dc:creator>${xmlText(this.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created></cp:coreProperties>`
		);
		await part(
			'xl/workbook.xml',
			`<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets>` +
				this.sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
				'</sheets></workbook>'
		);
		await part(
			'xl/_rels/workbook.xml.rels',
			`<Relationships xmlns="${PACKAGE_RELS}">` +
				this.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
				`<Relationship Id="rId${this.sheets.length + 1}" Type="${RELS}/styles" Target="styles.xml"/></Relationships>`
		);
		await part(
			'xl/styles.xml',
			`<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>` +
				`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
				`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
				`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
				`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
				`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
				`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
				`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
		);
		await this.zip.finish(this.entries);
	}
}
