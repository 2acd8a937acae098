import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './i18n.config.js';

export default defineConfig({
	plugins: [
		sveltekit(),
		paraglideVitePlugin(paraglideOptions)
	],
	// The per-plugin timing report is noise in every build log.
	build: { rolldownOptions: { checks: { bundlerTimings: false } } },
	test: {
		expect: { requireAssertions: true },
		// Dates are computed in the mall's time zone, never the machine's: pin the machine's to prove it.
		env: { TZ: 'Asia/Tokyo' },
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/static/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					// The built app as a real process on PostgreSQL (TEST_DATABASE_URL; skipped without it).
					name: 'server',
					include: ['tests/server/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/server/global-setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					// Each file starts servers of its own; two at a time keep a 2-core machine answering, and the group runs
					// after the integration suite, so its timings are not taken on a machine busy with that.
					maxWorkers: 2,
					sequence: { groupOrder: 1 }
				}
			}
		]
	}
});
