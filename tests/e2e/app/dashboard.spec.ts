/**
 * The dashboard as its users see it: the manager of Dukcapil sees only Dukcapil, drills down to a counter and checks
 * the calculation trail by hand; the admin sees the whole mall; the evaluator reads everything. axe on each view.
 */
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { computeIkm } from '../../../src/lib/domain/skm';
import { DEMO_AGENCIES } from '../../../src/lib/server/demo/kupang';
import { expectNoSeriousAxeViolations } from './axe';
import { DEMO, signIn, signInWithForm } from './session';

const parseId = (text: string) => Number(text.trim().replace(/\./g, '').replace(',', '.'));

/** Read the trail table (Σ and n per unsur) and recompute the IKM from it with the engine. */
async function ikmFromTrail(page: Page, trail: ReturnType<Page['getByTestId']>) {
	const rows = trail.locator('tbody tr');
	const tallies = [];
	for (let i = 0; i < (await rows.count()); i++) {
		const cells = rows.nth(i).locator('td');
		const code = ((await rows.nth(i).locator('th').textContent()) ?? '').trim().split(' ')[0]!;
		tallies.push({ code, sum: parseId((await cells.nth(0).textContent())!), n: parseId((await cells.nth(1).textContent())!) });
	}
	return computeIkm(tallies);
}

test('the manager sees only their agency, drills down to a counter and can check the calculation trail', async ({ page }) => {
	await signInWithForm(page, DEMO.manager);
	// The manager lands on their agency, not the mall.
	await expect(page.getByTestId('scope-name')).toHaveText('Dinas Kependudukan dan Pencatatan Sipil');
	const options = await page.getByLabel('Unit').locator('option').allTextContents();
	expect(options.length).toBeGreaterThan(2);
	for (const agency of DEMO_AGENCIES.filter((a) => a.code !== 'dukcapil')) {
		expect(options.join('|')).not.toContain(agency.name);
		await expect(page.locator('body')).not.toContainText(agency.name);
	}
	await expectNoSeriousAxeViolations(page);

	// Drill down: agency → service → counter, through the ranking tables.
	await page.getByTestId('ranking').getByRole('link', { name: 'Perekaman dan Pencetakan KTP-el' }).click();
	await expect(page.getByTestId('scope-name')).toHaveText('Perekaman dan Pencetakan KTP-el');
	await page.getByTestId('ranking').getByRole('link', { name: 'Loket 1 Dukcapil' }).click();
	await expect(page.getByTestId('scope-name')).toHaveText('Loket 1 Dukcapil');
	await expect(page.getByTestId('ranking')).toHaveCount(0); // a counter has nothing below it

	// The trail: Σ and n per unsur recomputed here give the IKM in the headline, and the steps print the same.
	const headline = await page.getByTestId('ikm').textContent();
	const trail = page.getByTestId('headline-trail');
	await trail.locator('summary').click();
	const recomputed = await ikmFromTrail(page, trail);
	expect(recomputed.ikm).not.toBeNull();
	expect(parseId(headline!)).toBe(recomputed.ikm);
	await expect(trail).toContainText(`→ ${headline}`);
	await expect(trail).toContainText(`mutu ${recomputed.mutu}`);
	await expectNoSeriousAxeViolations(page);

	// Another agency's unit by typing its id: the same 404 as a unit that does not exist.
	const foreign = await page.request.get('/app?scope=agency-999999');
	expect(foreign.status()).toBe(404);
});

test('the admin sees every agency, sorts the ranking without JavaScript, and each row has its trail', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	await signIn(context, baseURL!, DEMO.admin);
	const page = await context.newPage();
	await page.goto('/app');
	await expect(page.getByTestId('ranking-row')).toHaveCount(DEMO_AGENCIES.length);
	// Sorted by IKM, highest first (the default), then by name on a click.
	const ikms = (await page.locator('[data-testid="ranking-row"] > td:nth-child(3)').allTextContents()).map(parseId);
	expect(ikms).toEqual([...ikms].sort((a, b) => b - a));
	await page.getByRole('link', { name: 'Urutkan menurut Nama' }).click();
	const names = await page.locator('[data-testid="ranking-row"] > th').allTextContents();
	expect(names.map((n) => n.trim())).toEqual([...names.map((n) => n.trim())].sort((a, b) => a.localeCompare(b, 'id')));
	// The period form works without JavaScript; a bad period names the problem and shows the default.
	await page.getByLabel('Jenis periode').selectOption('quarter');
	await page.getByLabel(/^Periode/).fill('2026-Q9');
	await page.getByRole('button', { name: 'Tampilkan' }).click();
	await expect(page.getByRole('alert')).toContainText('Periode tidak valid');
	// Each ranking row's trail gives the IKM shown in the row.
	const firstRow = page.getByTestId('ranking-row').first();
	const rowIkm = parseId((await page.locator('[data-testid="ranking-row"] > td:nth-child(3)').first().textContent())!);
	const recomputed = await ikmFromTrail(page, firstRow.locator('details'));
	expect(recomputed.ikm).toBe(rowIkm);
	await context.close();
});

test('the channel card and filter: a channel restricts every figure, without JavaScript', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	await signIn(context, baseURL!, DEMO.admin);
	const page = await context.newPage();
	await page.goto('/app');
	const table = page.getByTestId('channel-table');
	await expect(table.locator('tbody tr')).toHaveCount(4);
	const total = parseId((await page.getByTestId('respondents').textContent())!);
	const counts = (await table.locator('tbody tr > td:nth-child(2)').allTextContents()).map(parseId);
	expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
	const kiosk = table.locator('tr[data-channel="kiosk"]');
	const kioskN = parseId((await kiosk.locator('td').nth(0).textContent())!);
	const kioskIkm = (await kiosk.locator('td').nth(1).textContent())!.trim();
	expect(kioskN).toBeGreaterThan(0);

	// The filter in the form: the headline becomes the kiosk row's figures, and the card says what is shown.
	await page.getByLabel('Kanal').selectOption('kiosk');
	await page.getByRole('button', { name: 'Tampilkan' }).click();
	await expect(page).toHaveURL(/channel=kiosk/);
	await expect(page.getByTestId('channel-filtered')).toBeVisible();
	expect(parseId((await page.getByTestId('respondents').textContent())!)).toBe(kioskN);
	await expect(page.getByTestId('ikm')).toHaveText(kioskIkm);
	await expect(table.locator('tbody tr')).toHaveCount(1);
	// The filter survives sorting the ranking.
	await page.getByRole('link', { name: 'Urutkan menurut Nama' }).click();
	await expect(page).toHaveURL(/channel=kiosk/);

	// An unknown channel is named, and every channel is shown.
	await page.goto('/app?channel=fax');
	await expect(page.getByRole('alert')).toContainText('Kanal tidak dikenal: "fax"');
	await expect(table.locator('tbody tr')).toHaveCount(4);
	await context.close();
});

test('the evaluator reads the whole mall', async ({ page, baseURL }) => {
	await signIn(page.context(), baseURL!, DEMO.evaluator);
	await page.goto('/app');
	await expect(page.getByTestId('ranking-row')).toHaveCount(DEMO_AGENCIES.length);
	await expect(page.getByRole('link', { name: 'Pengaturan' })).toHaveCount(0);
	expect((await page.request.get('/app/admin')).status()).toBe(403);
	await expectNoSeriousAxeViolations(page);
});

test('dashboard screenshots, desktop and tablet', async ({ browser, baseURL }) => {
	for (const [name, viewport] of [
		['desktop', { width: 1366, height: 900 }],
		['tablet', { width: 800, height: 1280 }]
	] as const) {
		const context = await browser.newContext({ viewport });
		await signIn(context, baseURL!, DEMO.admin);
		const page = await context.newPage();
		await page.goto('/app');
		await expect(page.getByTestId('ranking-row').first()).toBeVisible();
		await page.waitForTimeout(500); // charts draw after hydration
		const path = `test-results/dashboard-${name}.png`;
		await page.screenshot({ path, fullPage: true });
		if (process.env.PUAS_SCREENSHOTS) {
			mkdirSync('docs/screenshots', { recursive: true });
			copyFileSync(path, `docs/screenshots/dashboard-${name}.png`);
		}
		await context.close();
	}
});
