import { describe, expect, it } from 'vitest';
import { checkLogo, logoPath, MAX_LOGO_BYTES } from './logo';

/** A real 1 × 1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const NS = 'xmlns="http://www.w3.org/2000/svg"';
const svg = (body: string, attributes = '') => new TextEncoder().encode(`<svg ${NS} viewBox="0 0 10 10"${attributes}>${body}</svg>`);

describe('checkLogo', () => {
	it('takes a PNG by its signature and header', () => {
		expect(checkLogo(PNG)).toEqual({ type: 'image/png' });
	});

	it.each([
		['a plain SVG', svg('<circle cx="5" cy="5" r="4" fill="#0f766e"/>')],
		['an XML declaration, a comment and a BOM', new TextEncoder().encode(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n<svg ${NS}><g><title>MPP &amp; Kota</title></g></svg>\n`)],
		['internal references and an embedded raster', svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="5" height="5"/><use href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/>')],
		['a style element without outside references', svg('<style><![CDATA[ .a { fill: #123; } ]]></style><rect class="a" width="1" height="1"/>')],
		['single-quoted attributes and character references', svg(`<text x='1' y="2">&#77;PP</text>`)]
	])('takes %s', (_, bytes) => {
		expect(checkLogo(bytes)).toEqual({ type: 'image/svg+xml' });
	});

	it.each([
		['a script element', svg('<script>alert(1)</script>')],
		['a script element with a prefix', svg('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>')],
		['an event handler', svg('<rect width="1" height="1" onclick="alert(1)"/>')],
		['an event handler on the root', svg('', ' onload="alert(1)"')],
		['a javascript: link', svg('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>')],
		['a javascript: link hidden in character references', svg('<a href="&#106;avascript:alert(1)"><rect width="1" height="1"/></a>')],
		['an outside image', svg('<image href="https://example.org/x.png"/>')],
		['an outside xlink:href', svg('<use xlink:href="other.svg#a"/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"')],
		['an outside url() in an attribute', svg('<rect fill="url(https://example.org/p.svg#g)" width="1" height="1"/>')],
		['an @import in a style element', svg('<style>@import "https://example.org/a.css";</style>')],
		['an outside font in a style element', svg('<style>@font-face { src: url(https://example.org/f.woff) }</style>')],
		['foreign content', svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>')],
		['an animation that sets a link', svg('<a><set attributeName="href" to="https://example.org"/></a>')],
		['a DOCTYPE (entities)', new TextEncoder().encode(`<!DOCTYPE svg [<!ENTITY x "y">]><svg ${NS}>&x;</svg>`)],
		['a stylesheet processing instruction', new TextEncoder().encode(`<?xml-stylesheet href="https://example.org/a.css"?><svg ${NS}/>`)]
	])('refuses an SVG with %s as unsafe', (_, bytes) => {
		expect(checkLogo(bytes)).toEqual({ problem: 'unsafe' });
	});

	it.each([
		['plain text', new TextEncoder().encode('hello')],
		['HTML', new TextEncoder().encode('<html><body><svg></svg></body></html>')],
		['an SVG without its namespace', new TextEncoder().encode('<svg viewBox="0 0 1 1"></svg>')],
		['tags that do not nest', svg('<g><rect></g></rect>')],
		['an unclosed root', new TextEncoder().encode(`<svg ${NS}><g/>`)],
		['a second root', new TextEncoder().encode(`<svg ${NS}/><svg ${NS}/>`)],
		['an attribute written twice', svg('<rect width="1" width="2"/>')],
		['an unquoted attribute', svg('<rect width=1/>')],
		['an unknown entity', svg('<text>&nbsp;</text>')],
		['a bare ampersand', svg('<text>A & B</text>')],
		['bytes that are no UTF-8', Uint8Array.from([0x3c, 0x73, 0x76, 0x67, 0xff, 0xfe])],
		['a PNG signature without its header', PNG.slice(0, 12)],
		['a JPEG', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]
	])('refuses %s as no PNG or SVG', (_, bytes) => {
		expect(checkLogo(bytes)).toEqual({ problem: 'format' });
	});

	it('refuses an empty file and one over 200 KB', () => {
		expect(checkLogo(new Uint8Array())).toEqual({ problem: 'required' });
		const big = new Uint8Array(MAX_LOGO_BYTES + 1);
		big.set(PNG);
		expect(checkLogo(big)).toEqual({ problem: 'too_large' });
		expect(checkLogo(big.subarray(0, MAX_LOGO_BYTES))).toEqual({ type: 'image/png' });
	});
});

describe('logoPath', () => {
	it('is the public route with the version that changes with the bytes', () => {
		expect(logoPath('mpp-kota-kupang', 'ab12')).toBe('/logo/mpp-kota-kupang?v=ab12');
	});
});
