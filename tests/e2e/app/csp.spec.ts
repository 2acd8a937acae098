/**
 * The Content-Security-Policy holds and breaks nothing: the dashboard draws its charts, the report page, the poster,
 * the public pages and the kiosk run with scripts only from this site (SvelteKit's own by nonce), and the browser
 * reports no violation on any of them.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO, signIn } from './session';

/** Collect every CSP violation the page reports (an init script runs before the page's own). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
	});
	return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test('the dashboard draws its charts under the CSP, with no violation', async ({ page, context, baseURL }) => {
	const violations = await watchViolations(page);
	await signIn(context, baseURL!, DEMO.admin);
	const response = await page.goto('/app');
	expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
	const canvas = page.locator('canvas').first();
	await expect(canvas).toBeVisible();
	// Chart.js drew something: the canvas is not blank.
	await expect
		.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)))
		.toBe(true);
	for (const path of ['/app/reports', '/app/comments', '/app/admin/tokens', '/app/innovations']) {
		await page.goto(path);
		await expect(page.locator('h1')).toBeVisible();
	}
	expect(await violations()).toEqual([]);
});

test('the kiosk, the poster and the public pages run under the CSP, with no violation', async ({ page }) => {
	const violations = await watchViolations(page);
	await page.goto('/kiosk');
	// The standalone kiosk app mounted (its script ran): the pairing screen asks for a code.
	await expect(page.getByRole('textbox')).toBeVisible();
	await page.goto('/poster/DKP-01');
	await expect(page.locator('.qr svg')).toBeVisible();
	await page.goto('/s/DKP-01');
	await expect(page.getByRole('button').first()).toBeVisible();
	await page.goto('/publik');
	await page.goto('/');
	expect(await violations()).toEqual([]);
});

test('an inline script someone slipped into a page is refused (and the watcher above sees it)', async ({ page }) => {
	const violations = await watchViolations(page);
	await page.goto('/login');
	await page.evaluate(() => {
		const script = document.createElement('script');
		script.textContent = 'window.__injected = true';
		document.body.append(script);
	});
	await expect.poll(violations).toEqual([expect.stringMatching(/^script-src(-elem)? inline/)]);
	expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});
