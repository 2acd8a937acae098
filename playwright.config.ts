import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = 4173;
/** A second server on an empty database (no demo): the first-run spec sets a hall up through its setup link. */
const SETUP_PORT = 4176;
// The folder the empty server writes its setup link to (one per run; workers inherit it).
const SETUP_DIR = (process.env.E2E_SETUP_DIR ??= mkdtempSync(join(tmpdir(), 'puas-e2e-setup-')));
/** The e2e server accepts this admin token (tests create pairing codes and read what arrived through the API). */
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-not-secret-0123456789abcdef';
process.env.E2E_ADMIN_TOKEN = E2E_ADMIN_TOKEN;
// The demo is generated up to the start of today (UTC), so the test can regenerate exactly the same data.
const demoUntil = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
process.env.PUAS_DEMO_UNTIL = demoUntil;

const launchOptions = {
	// Debian's Chromium where present; elsewhere the one `npx playwright install chromium` fetched.
	executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']
};

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	reporter: process.env.CI ? 'line' : 'list',
	use: { baseURL: `http://localhost:${PORT}`, trace: 'retain-on-failure' },
	webServer: [{
		// `npm start` builds when the sources changed; the database is a fresh in-memory PGlite with the demo.
		command: 'node scripts/start.js',
		env: {
			PORT: String(PORT),
			ORIGIN: `http://localhost:${PORT}`,
			// .ci/run repeats the isolation spec on PostgreSQL (a fresh database) through E2E_DATABASE_URL.
			DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'memory://',
			PUAS_DEMO: '1',
			PUAS_DEMO_UNTIL: demoUntil,
			ADMIN_API_TOKEN: E2E_ADMIN_TOKEN,
			PUAS_LOCAL_TOKEN: '0'
		},
		url: `http://localhost:${PORT}/`,
		reuseExistingServer: false,
		timeout: 240_000,
		stdout: 'pipe'
	},
	{
		// Started after the first (Playwright sets its servers up one by one), so the build is fresh by then.
		command: 'node scripts/start.js',
		env: {
			PORT: String(SETUP_PORT),
			ORIGIN: `http://localhost:${SETUP_PORT}`,
			DATABASE_URL: 'memory://',
			PUAS_DEMO: '0',
			ADMIN_API_TOKEN: E2E_ADMIN_TOKEN,
			PUAS_LOCAL_TOKEN: '0',
			PUAS_TOKEN_FILE: join(SETUP_DIR, 'admin-token')
		},
		url: `http://localhost:${SETUP_PORT}/`,
		reuseExistingServer: false,
		timeout: 240_000,
		stdout: 'pipe'
	}],
	projects: [
		// First, while the server holds only the generated demo: the home page is compared with a regeneration of it.
		{ name: 'demo', testMatch: 'home.spec.ts', use: { ...devices['Desktop Chrome'], launchOptions } },
		{ name: 'desktop', testIgnore: ['kiosk/**', 'setup/**', 'home.spec.ts'], dependencies: ['demo'], use: { ...devices['Desktop Chrome'], launchOptions } },
		// A new hall on the empty server: setup link, first admin, an agency to a counter, a tablet, a survey, the IKM.
		{ name: 'setup', testMatch: 'setup/**/*.spec.ts', use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${SETUP_PORT}`, launchOptions } },
		// The kiosk on a 10" tablet, both ways round.
		{ name: 'tablet-landscape', testMatch: 'kiosk/**/*.spec.ts', dependencies: ['demo'], use: { viewport: { width: 1280, height: 800 }, hasTouch: true, launchOptions } },
		{ name: 'tablet-portrait', testMatch: 'kiosk/**/*.spec.ts', dependencies: ['demo'], use: { viewport: { width: 800, height: 1280 }, hasTouch: true, launchOptions } }
	]
});
