/**
 * knip: unused files, exports and dependencies (`npm run lint:unused`, part of `npm test`).
 * Its plugins find most entries themselves: SvelteKit (src/routes/** route files, src/hooks.server.ts,
 * src/service-worker.ts), Vite (vite.config.ts and vite.kiosk.config.ts, whose build input is src/kiosk-app/main.ts),
 * Vitest and Playwright (the test files and global set-ups), Svelte (svelte.config.js), Drizzle (drizzle.config.ts and
 * the schema it names), and package.json's scripts (the CLIs and benchmarks run through tsx).
 */
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
	entry: [
		// Every CLI and benchmark is an entry, also one no package.json script runs yet.
		'scripts/*.{js,ts}',
		'bench/*.ts',
		// Test files of any runner (Vitest's unit, integration and server projects, Playwright's specs).
		'tests/**/*.{test,spec}.ts'
	],
	vite: { config: ['vite.config.ts', 'vite.kiosk.config.ts'] },
	ignoreDependencies: [
		// Loaded by path from project.inlang/settings.json ("modules"), which knip does not read.
		'@inlang/plugin-message-format'
	],
	ignoreBinaries: [
		// poppler-utils, a system package (.ci/run installs it): the report tests read the PDFs back with these.
		'pdfinfo',
		'pdftoppm',
		'pdftotext'
	]
};

export default config;
