import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = 4173;
// The demo is generated up to the start of today (UTC), so the test can regenerate exactly the same data.
const demoUntil = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
process.env.PUAS_DEMO_UNTIL = demoUntil;

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	reporter: process.env.CI ? 'line' : 'list',
	use: { baseURL: `http://localhost:${PORT}`, trace: 'retain-on-failure' },
	webServer: {
		// `npm start` builds when the sources changed; the database is a fresh in-memory PGlite with the demo.
		command: 'node scripts/start.js',
		env: {
			PORT: String(PORT),
			ORIGIN: `http://localhost:${PORT}`,
			DATABASE_URL: 'memory://',
			PUAS_DEMO: '1',
			PUAS_DEMO_UNTIL: demoUntil
		},
		url: `http://localhost:${PORT}/`,
		reuseExistingServer: false,
		timeout: 240_000,
		stdout: 'pipe'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					// Debian's Chromium where present; elsewhere the one `npx playwright install chromium` fetched.
					executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
					args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']
				}
			}
		}
	]
});
