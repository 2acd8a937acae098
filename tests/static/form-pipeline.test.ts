/**
 * One way to read a form: every page action reads its fields with formValues, checks them with readForm and answers a
 * refusal with refuse (src/lib/server/forms/read-form.ts), so every refused form has the same shape and every page
 * shows it with the one FormError. This fails when an action parses a field by hand or answers with its own `fail`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Actions that may answer with `fail` of their own, and why. */
const OWN_FAIL: Record<string, string> = {
	'(app)/app/volumes/+page.server.ts': "a CSV upload's refusal lists the file's rows and columns, not form fields"
};
/** Forms checked by a domain rule instead of a valibot schema, and why. */
const OWN_RULE: Record<string, string> = {
	'(app)/app/volumes/+page.server.ts': "a month's volume is checked by checkVolumeRows, the rule of the CSV and API rows too"
};

function pageServers(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? pageServers(path) : entry.name === '+page.server.ts' ? [path] : [];
	});
}

const routesDir = join(process.cwd(), 'src', 'routes');
const withActions = pageServers(routesDir).filter((file) => /export const actions\b/.test(readFileSync(file, 'utf8')));

describe('one form pipeline', () => {
	it('finds the pages with form actions', () => {
		expect(withActions.length).toBeGreaterThanOrEqual(14);
	});

	it.each(withActions.map((file) => [relative(routesDir, file), file]))('%s reads its forms through the pipeline', (name, file) => {
		const source = readFileSync(file, 'utf8');
		expect(source, `${name} must read form fields with formValues`).toMatch(/\bformValues\(/);
		if (!OWN_RULE[name]) expect(source, `${name} must check its fields with readForm`).toMatch(/\breadForm\(/);
		// A field read by hand (`form.get('x')` outside formValues) — files are the exception: formValues reads text.
		const handReads = [...source.matchAll(/(?:formData\(\)\)|\bform)\.get\('(\w+)'\)/g)].map((match) => match[1]).filter((field) => field !== 'file');
		expect(handReads, `${name} reads fields by hand`).toEqual([]);
		const kitImport = source.match(/import \{([^}]*)\} from '@sveltejs\/kit'/)?.[1] ?? '';
		if (!OWN_FAIL[name]) expect(kitImport.split(',').map((part) => part.trim()), `${name} answers refusals with its own fail`).not.toContain('fail');
	});
});
