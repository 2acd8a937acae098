/**
 * A hall's logo as uploaded: a PNG (its signature and header chunk) or a self-contained SVG (well-formed XML whose
 * root is <svg>, with no script, no event handler, no foreign content and no reference outside the file), at most
 * 200 KB. The public route serves it to every visitor's browser, so the file is judged by its bytes, never by its
 * name or the type the browser claimed.
 */

export const MAX_LOGO_BYTES = 200 * 1024;
export type LogoType = 'image/png' | 'image/svg+xml';

/** Why a logo is refused: empty, over 200 KB, neither PNG nor SVG, or an SVG that could run or fetch something. */
export type LogoProblem = 'required' | 'too_large' | 'format' | 'unsafe';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** The logo's type by its bytes, or why it is refused. */
export function checkLogo(bytes: Uint8Array): { type: LogoType } | { problem: LogoProblem } {
	if (bytes.length === 0) return { problem: 'required' };
	if (bytes.length > MAX_LOGO_BYTES) return { problem: 'too_large' };
	if (isPng(bytes)) return { type: 'image/png' };
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return { problem: 'format' };
	}
	const svg = readSvg(text);
	return svg === 'ok' ? { type: 'image/svg+xml' } : { problem: svg };
}

/** The 8-byte PNG signature followed by the IHDR chunk (length 13) every PNG starts with. */
function isPng(bytes: Uint8Array): boolean {
	if (bytes.length < 33 || PNG_SIGNATURE.some((byte, i) => bytes[i] !== byte)) return false;
	const ihdrLength = (bytes[8]! << 24) | (bytes[9]! << 16) | (bytes[10]! << 8) | bytes[11]!;
	return ihdrLength === 13 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
}

/** The five entities XML knows without a DTD, and character references; anything else makes the file refused. */
function decodeEntities(text: string): string | null {
	let unknown = false;
	const decoded = text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z][\w.-]*);|&/g, (whole, name: string | undefined) => {
		if (!name) {
			unknown = true;
			return whole;
		}
		if (name.startsWith('#')) {
			const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			if (!(code > 0 && code <= 0x10ffff)) unknown = true;
			return unknown ? whole : String.fromCodePoint(code);
		}
		const known: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
		if (!(name in known)) unknown = true;
		return known[name] ?? whole;
	});
	return unknown ? null : decoded;
}

/** Elements that run code, embed another document or pull media in: none belongs in a logo. */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener']);
/** A reference that stays inside the file: a fragment, or an embedded raster image. */
const LOCAL_REFERENCE = /^\s*(#|data:image\/(png|jpeg|gif|webp);base64,)/i;

/**
 * Whether `text` is a well-formed XML document with an <svg> root in the SVG namespace ('format' if not), and holds
 * nothing that runs or fetches ('unsafe'): a tokenizer for the subset of XML a logo needs (no DTD), checking that
 * tags nest and every attribute is written once and quoted.
 */
function readSvg(text: string): 'ok' | 'format' | 'unsafe' {
	const source = text.replace(/^\uFEFF/, '');
	const open: string[] = [];
	let root: string | null = null;
	let rootNamespace: string | null = null;
	let closed = false;
	let unsafe = false;
	let styleText = '';
	let at = 0;
	const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
	const attribute = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
	while (at < source.length) {
		const next = source.indexOf('<', at);
		const textRun = source.slice(at, next === -1 ? source.length : next);
		if (textRun.trim() !== '' && (open.length === 0 || decodeEntities(textRun) === null)) return 'format';
		if (open.at(-1)?.toLowerCase() === 'style') styleText += textRun;
		if (next === -1) break;
		at = next;
		if (source.startsWith('<?', at)) {
			// Only the XML declaration, first: another processing instruction (<?xml-stylesheet href=…?>) could fetch.
			const end = source.indexOf('?>', at);
			if (end === -1) return 'format';
			if (at !== 0 || !/^<\?xml\s/.test(source.slice(at, end + 2))) return 'unsafe';
			at = end + 2;
		} else if (source.startsWith('<!--', at)) {
			const end = source.indexOf('-->', at + 4);
			if (end === -1) return 'format';
			at = end + 3;
		} else if (source.startsWith('<![CDATA[', at)) {
			const end = source.indexOf(']]>', at);
			if (end === -1 || open.length === 0) return 'format';
			if (open.at(-1)?.toLowerCase() === 'style') styleText += source.slice(at + 9, end);
			at = end + 3;
		} else if (source.startsWith('<!', at)) {
			// A DOCTYPE can declare entities (expansion bombs, external files): a logo does not need one.
			return 'unsafe';
		} else {
			tag.lastIndex = at;
			const match = tag.exec(source);
			if (!match) return 'format';
			at = tag.lastIndex;
			const [, closing, name, attributes = '', selfClosing] = match;
			if (closing) {
				if (attributes.trim() || selfClosing || open.pop() !== name) return 'format';
				if (open.length === 0) closed = true;
				continue;
			}
			if (closed) return 'format'; // a second root
			const local = name!.slice(name!.indexOf(':') + 1).toLowerCase();
			if (FORBIDDEN_ELEMENTS.has(local)) unsafe = true;
			const seen = new Set<string>();
			for (const [, attrName, double, single] of attributes.matchAll(attribute)) {
				if (seen.has(attrName!)) return 'format';
				seen.add(attrName!);
				const value = decodeEntities(double ?? single ?? '');
				if (value === null) return 'format';
				const attrLocal = attrName!.slice(attrName!.indexOf(':') + 1).toLowerCase();
				if (attrLocal.startsWith('on')) unsafe = true;
				if (attrLocal === 'href' || attrLocal === 'src') {
					if (!LOCAL_REFERENCE.test(value)) unsafe = true;
				}
				if (attrLocal === 'attributename' && /href$/i.test(value.trim())) unsafe = true;
				if (hasOutsideReference(value)) unsafe = true;
				if (root === null && attrName === 'xmlns') rootNamespace = value;
			}
			if (root === null) root = name!;
			if (!selfClosing) open.push(name!);
			else if (open.length === 0) closed = true;
		}
	}
	if (!closed || open.length > 0 || root !== 'svg' || rootNamespace !== SVG_NAMESPACE) return 'format';
	if (hasOutsideReference(styleText) || /@import/i.test(styleText)) unsafe = true;
	return unsafe ? 'unsafe' : 'ok';
}

/** CSS `url(…)` that is no fragment or embedded image, or a `javascript:` address. */
function hasOutsideReference(value: string): boolean {
	for (const [, target] of value.matchAll(/url\(\s*['"]?([^'")]*)/gi)) if (!LOCAL_REFERENCE.test(target!)) return true;
	return /javascript:/i.test(value.replace(/\s+/g, ''));
}

/** Where the hall's logo is served; `version` (a digest of its bytes) changes the address whenever the logo does. */
export function logoPath(slug: string, version: string): string {
	return `/logo/${encodeURIComponent(slug)}?v=${encodeURIComponent(version)}`;
}
