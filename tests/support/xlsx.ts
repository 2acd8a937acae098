/**
 * XLSX files built part by part for tests (yazl): a minimal workbook around a worksheet's rows, a bomb whose worksheet
 * unpacks to any size while only its deflated bytes are ever in memory, and an archive whose declared sizes lie.
 */
import { Readable } from 'node:stream';
import yazl from 'yazl';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const WORKSHEET_HEAD = `${DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheetData>`;
export const WORKSHEET_TAIL = '</sheetData></worksheet>';

/** A ZIP of `parts` (name → content, streamed when a Readable), deflated. */
export async function zipParts(parts: Record<string, string | Readable>, compressionLevel = 6): Promise<Uint8Array> {
	const zip = new yazl.ZipFile();
	for (const [name, content] of Object.entries(parts)) {
		if (typeof content === 'string') zip.addBuffer(Buffer.from(content), name, { compressionLevel });
		else zip.addReadStream(content, name, { compressionLevel });
	}
	zip.end();
	const chunks: Buffer[] = [];
	for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
	return new Uint8Array(Buffer.concat(chunks));
}

export interface WorkbookParts {
	/** The worksheet part, whole (a string) or streamed. */
	worksheet: string | Readable;
	sheetName?: string;
	sharedStrings?: string[];
}

/** The parts of a one-sheet workbook around `worksheet` (an XML string with WORKSHEET_HEAD … WORKSHEET_TAIL). */
export function workbookParts({ worksheet, sheetName = 'Sheet1', sharedStrings }: WorkbookParts): Record<string, string | Readable> {
	const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
	const parts: Record<string, string | Readable> = {
		'[Content_Types].xml': `${DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		'_rels/.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		'xl/workbook.xml': `${DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		'xl/_rels/workbook.xml.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>${sharedStrings ? `<Relationship Id="rId2" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
		'xl/worksheets/sheet1.xml': worksheet
	};
	if (sharedStrings) {
		const items = sharedStrings.map((text) => `<si><t>${escape(text)}</t></si>`).join('');
		parts['xl/sharedStrings.xml'] = `${DECLARATION}<sst xmlns="${MAIN}" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${items}</sst>`;
	}
	return parts;
}

/** A one-sheet XLSX whose sheet holds `rows` (the XML of its <row> elements). */
export function xlsxOfRows(rows: string, options: Omit<WorkbookParts, 'worksheet'> = {}): Promise<Uint8Array> {
	return zipParts(workbookParts({ ...options, worksheet: WORKSHEET_HEAD + rows + WORKSHEET_TAIL }));
}

/** One row of a matrix as worksheet XML: U1..U9 answered 4, without references (ECMA-376 allows leaving `r` out). */
const BOMB_ROW = `<row>${'<c><v>4</v></c>'.repeat(9)}</row>`;

/**
 * An XLSX whose worksheet unpacks to about `unpackedBytes` of rows that repeat, generated as a stream and deflated as
 * it goes (at most one 64 KiB piece of it is in memory): ~500 MB deflate to about half a megabyte.
 */
export function buildXlsxBomb(unpackedBytes: number): Promise<Uint8Array> {
	const piece = Buffer.from(BOMB_ROW.repeat(Math.ceil(65_536 / BOMB_ROW.length)));
	const rows = Readable.from(
		(function* () {
			yield Buffer.from(WORKSHEET_HEAD);
			for (let written = 0; written < unpackedBytes; written += piece.length) yield piece;
			yield Buffer.from(WORKSHEET_TAIL);
		})()
	);
	return zipParts(workbookParts({ worksheet: rows, sheetName: 'Matriks' }), 9);
}

/** `zip` with the uncompressed size its central directory declares for `name` replaced by `size` (a lying archive). */
export function withDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
	const bytes = Buffer.from(zip);
	const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	let at = bytes.readUInt32LE(end + 16);
	for (let entry = 0; entry < bytes.readUInt16LE(end + 10); entry++) {
		const nameLength = bytes.readUInt16LE(at + 28);
		if (bytes.toString('utf8', at + 46, at + 46 + nameLength) === name) {
			bytes.writeUInt32LE(size, at + 24);
			return new Uint8Array(bytes);
		}
		at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
	}
	throw new Error(`no entry ${name}`);
}
