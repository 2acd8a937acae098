/**
 * What the service worker keeps for the kiosk: the kiosk alone (its shell, the standalone kiosk app, the icon),
 * never SvelteKit's client build (the dashboard, Chart.js), within the first-load budget of docs/performance.md —
 * and that this is enough: a paired tablet whose browser restarts with no network opens its survey.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { Admin, KioskPage } from './kiosk-page';

/** A tablet's whole first load (docs/performance.md, `npm run bench:kiosk`); the precache is nearly all of it. */
const BUDGET_BYTES = 60 * 1024;
/** The demo hall's staff PIN. */
const DEMO_PIN = '2468';
/** A counter no other spec pairs to. */
const COUNTER = 'OSS-02';

async function cachedPaths(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
		return paths.sort();
	});
}

/** The gzip file the server sends for a cached static path (adapter-node precompresses build/client). */
function gzipBytes(path: string): number {
	const file = join('build', 'client', `${path}.gz`);
	expect(existsSync(file), `${file} (is the build precompressed?)`).toBe(true);
	return statSync(file).size;
}

test('the service worker caches the kiosk alone, within budget, and a paired tablet restarted offline opens its survey', async ({ request, baseURL }, info) => {
	test.setTimeout(90_000);
	const profile = mkdtempSync(join(tmpdir(), 'puas-e2e-tablet-'));
	const launch = (): Promise<BrowserContext> =>
		chromium.launchPersistentContext(profile, { ...info.project.use.launchOptions, baseURL, viewport: info.project.use.viewport, hasTouch: true });
	let context = await launch();
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		const admin = new Admin(request, baseURL!);
		await admin.setCounter(COUNTER, { surveyMode: 'full' });
		const kiosk = new KioskPage(page);
		await kiosk.pairWith(admin, COUNTER);
		await kiosk.waitForServiceWorker();

		const paths = await cachedPaths(page);
		expect(paths.filter((path) => path.startsWith('/_app/')), 'SvelteKit client files (dashboard, Chart.js) in the kiosk cache').toEqual([]);
		expect(paths.filter((path) => path !== '/kiosk' && path !== '/favicon.svg' && !path.startsWith('/kiosk-app/'))).toEqual([]);
		expect(paths).toEqual(expect.arrayContaining(['/kiosk', '/favicon.svg', '/kiosk-app/kiosk.js', '/kiosk-app/kiosk.css']));
		// The staff panel and the pairing screen are lazy chunks: cached too, or they would not open offline.
		expect(paths.filter((path) => /^\/kiosk-app\/kiosk-.+\.js$/.test(path)).length).toBeGreaterThanOrEqual(2);
		const shell = Buffer.byteLength(await page.evaluate(async () => (await (await caches.match('/kiosk'))!.text())));
		const total = shell + paths.filter((path) => path !== '/kiosk').reduce((sum, path) => sum + gzipBytes(path), 0);
		expect(total, `the kiosk cache is ${(total / 1024).toFixed(1)} KB gzip`).toBeLessThanOrEqual(BUDGET_BYTES);

		// The tablet restarts (same profile, a new browser) with no network at all.
		await context.close();
		context = await launch();
		await context.setOffline(true);
		const restarted = context.pages()[0] ?? (await context.newPage());
		await restarted.goto('/kiosk');
		const offline = new KioskPage(restarted);
		await expect(offline.startButton()).toBeVisible();
		await expect(restarted.getByRole('button', { name: 'Pasangkan' })).toHaveCount(0);
		// The staff panel is a lazy chunk: it opens from the cache too.
		await offline.openStaffPanel(DEMO_PIN);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
});
