/**
 * Shared UI instead of copied markup: page tables are DataTable, page titles are PageHeading, refusals are FormError
 * (or ErrorNotice for what is not a form's refusal).
 * This fails when a page writes a table skeleton, a document title or a form-error box by hand again.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Markup that stays hand-written, and why. */
const OWN_TABLES: Record<string, string> = {
	'(app)/app/innovations/impact/+page.svelte': 'the before/after table mixes figure rows with served and response-rate rows of another shape',
	'(public)/publik/+page.svelte': "the respondents' profile is a caption over key–count pairs, no column headings"
};
const OWN_ERRORS: Record<string, string> = {
	'(app)/app/reports/DownloadLink.svelte': 'a failed download is said inline, beside its link'
};
const OWN_TITLES: Record<string, string> = {
	'(kiosk)/kiosk/+page.svelte': 'the kiosk is a full-screen app, it has no page heading',
	'(public)/s/[...path]/+page.svelte': "the phone survey's heading is the question being asked",
	'(public)/poster/[...path]/+page.svelte': 'a printable poster, its heading is the counter',
	'(public)/verify/[hash]/+page.svelte': 'the heading is the verdict on the hash',
	'(public)/publik/+page.svelte': "the public page's heading is the mall's name",
	'(public)/+page.svelte': "the home page's heading is the mall's name"
};

function pages(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? pages(path) : entry.name.endsWith('.svelte') && !entry.name.startsWith('+layout') ? [path] : [];
	});
}

const routesDir = join(process.cwd(), 'src', 'routes');
const files = pages(routesDir).map((file) => [relative(routesDir, file), readFileSync(file, 'utf8')] as const);

describe('shared UI components', () => {
	it('finds the pages', () => {
		expect(files.length).toBeGreaterThanOrEqual(30);
	});

	it.each(files)('%s uses DataTable, PageHeading and FormError instead of copies', (name, source) => {
		if (!OWN_TABLES[name]) expect(source.includes('<table'), `${name} writes a <table> by hand: use DataTable`).toBe(false);
		if (!OWN_TITLES[name]) expect(source.includes('<svelte:head>'), `${name} writes its document title by hand: use PageHeading`).toBe(false);
		if (!OWN_ERRORS[name]) expect(source.includes('class="form-error"'), `${name} writes an error box by hand: use FormError or ErrorNotice`).toBe(false);
	});
});
