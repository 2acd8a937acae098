/**
 * The parts of an XLSX archive, read within the limits of file-limits. The archive is known only by its central
 * directory (yauzl; it also refuses a part that inflates past its declared size). A part is inflated as a stream that
 * saxes parses as it arrives, never whole; every part read shares one budget of unpacked bytes, and the event loop
 * turns between chunks.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { FileProblemError, limitPassed, UPLOAD_LIMITS, type FileLimits } from './file-limits';

/** What a part's parse listens to; names are local (a prefix such as `x:` dropped). */
export interface XmlHandlers {
	open?(name: string, attributes: Record<string, string>): void;
	close?(name: string): void;
	text?(text: string): void;
	/** Where the reader is, for a run of XML too long to be one cell. */
	at?(): { row: number; column: number | null };
}

export interface XlsxParts {
	/** Parse the part `name` (lower case) with `on`; false when the archive has no such part. */
	parse(name: string | undefined, on: XmlHandlers): Promise<boolean>;
	close(): void;
}

/** The problem of an archive or part that is not what an XLSX holds. */
export const unreadable = (reason: string) => new FileProblemError({ row: 1, column: null, message: `the XLSX cannot be read: ${reason}`, kind: 'xlsx_unreadable' });
export const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Inflate one part as a stream into saxes, within the unpacked-bytes budget all parts share. */
async function parsePart(zip: ZipFile, entry: Entry, budget: { left: number }, on: XmlHandlers, limits: FileLimits): Promise<void> {
	// The size the central directory declares is checked first (yauzl refuses a stream inflating past it); the bytes
	// that do inflate are counted too, so no part is read past the budget whatever the archive claims.
	if (entry.uncompressedSize > budget.left) throw limitPassed('too_large_unpacked', 1, null, limits);
	const stream = await zip.openReadStreamPromise(entry);
	const parser = new SaxesParser();
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let depth = 0;
	let lastEvent = 0;
	const mark = () => {
		lastEvent = parser.position;
	};
	parser.on('opentag', (tag) => {
		mark();
		if (++depth > limits.MAX_XML_DEPTH) throw unreadable(`${entry.fileName} nests deeper than ${limits.MAX_XML_DEPTH} elements`);
		on.open?.(localName(tag.name), tag.attributes as Record<string, string>);
	});
	parser.on('closetag', (tag) => {
		mark();
		depth--;
		on.close?.(localName(tag.name));
	});
	const text = (piece: string) => {
		mark();
		on.text?.(piece);
	};
	parser.on('text', text);
	parser.on('cdata', text);
	parser.on('comment', mark);
	parser.on('processinginstruction', mark);
	parser.on('doctype', () => {
		throw unreadable(`${entry.fileName} declares a DTD`);
	});
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			budget.left -= chunk.length;
			if (budget.left < 0) throw limitPassed('too_large_unpacked', 1, null, limits);
			parser.write(decoder.decode(chunk, { stream: true }));
			// saxes keeps a text, tag or comment whole until it ends: one longer than any cell is refused, not buffered.
			if (parser.position - lastEvent > limits.MAX_XML_RUN_CHARS) {
				const at = on.at?.();
				throw limitPassed('cell_too_long', at?.row, at?.column ?? null, limits);
			}
			await nextTurn();
		}
		parser.write(decoder.decode());
		parser.close();
	} finally {
		stream.destroy();
	}
}

/** The archive's entries by lower-cased name (part names compare case-insensitively); refused past the entry limit. */
async function listEntries(zip: ZipFile, limits: FileLimits): Promise<Map<string, Entry>> {
	if (zip.entryCount > limits.MAX_ZIP_ENTRIES) throw limitPassed('too_many_entries', 1, null, limits);
	const entries = new Map<string, Entry>();
	for await (const entry of zip.eachEntry()) {
		const name = entry.fileName.toLowerCase();
		if (entries.has(name)) throw unreadable(`it holds ${entry.fileName} twice`);
		entries.set(name, entry);
	}
	return entries;
}

/** Open XLSX bytes as parts; refused when they are no ZIP archive or hold more entries than the limit. */
export async function openParts(bytes: Uint8Array, limits: FileLimits = UPLOAD_LIMITS): Promise<XlsxParts> {
	const zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true });
	try {
		const entries = await listEntries(zip, limits);
		const budget = { left: limits.MAX_UNPACKED_BYTES };
		return {
			async parse(name, on) {
				const entry = name === undefined ? undefined : entries.get(name);
				if (entry) await parsePart(zip, entry, budget, on, limits);
				return entry !== undefined;
			},
			close: () => zip.close()
		};
	} catch (error) {
		zip.close();
		throw error;
	}
}
