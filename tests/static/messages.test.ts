/**
 * The messages (messages/*.json) are kept like code: both languages say the same keys with the same parameters, and
 * every key is used somewhere (a page, a component, the CLI) — so a replaced sentence does not linger untranslated.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const load = (language: string) => {
	const { $schema: _, ...messages } = JSON.parse(readFileSync(join(process.cwd(), 'messages', `${language}.json`), 'utf8')) as Record<string, string>;
	return messages;
};
const id = load('id');
const en = load('en');
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : sources(path);
		return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
	});
}
const code = [...sources(join(process.cwd(), 'src')), ...sources(join(process.cwd(), 'scripts'))].map((file) => readFileSync(file, 'utf8')).join('\n');
const used = new Set([...code.matchAll(/\bm\.(\w+)/g)].map((match) => match[1]));

describe('messages', () => {
	it('has the same keys in Bahasa Indonesia and English', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
	});

	it('gives each message the same parameters in both languages', () => {
		const differ = Object.keys(id).filter((key) => en[key] !== undefined && params(id[key]!).join() !== params(en[key]!).join());
		expect(differ).toEqual([]);
	});

	it('uses every message', () => {
		expect(Object.keys(id).filter((key) => !used.has(key))).toEqual([]);
	});
});
