/**
 * Every kiosk screen, in both orientations: no serious or critical axe-core violation, large touch targets, and a
 * screenshot (kept in test-results; `npm run screenshots` copies them to docs/screenshots for the README).
 */
import AxeBuilder from '@axe-core/playwright';
import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { Admin, KioskPage } from './kiosk-page';

const DEMO_PIN = '2468';

test('every kiosk screen passes axe, has large targets, and is photographed', async ({ page, request, baseURL }, info) => {
	test.setTimeout(120_000);
	const orientation = info.project.name === 'tablet-landscape' ? 'landscape' : 'portrait';
	const admin = new Admin(request, baseURL!);
	const fullCounter = orientation === 'landscape' ? 'BNT-01' : 'BNT-02';
	const quickCounter = orientation === 'landscape' ? 'PLN-01' : 'BPD-01';
	await admin.setCounter(quickCounter, { surveyMode: 'quick', minIntervalSeconds: 0 });

	const screens: string[] = [];
	async function check(name: string) {
		await page.waitForTimeout(150); // let the screen settle before the picture
		const results = await new AxeBuilder({ page }).analyze();
		const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(severe.map((v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
		await expectLargeTargets(page, name);
		const path = `test-results/screens/kiosk-${orientation}-${name}.png`;
		mkdirSync('test-results/screens', { recursive: true });
		await page.screenshot({ path });
		if (process.env.PUAS_SCREENSHOTS) {
			mkdirSync('docs/screenshots', { recursive: true });
			copyFileSync(path, `docs/screenshots/kiosk-${orientation}-${name}.png`);
		}
		screens.push(name);
	}

	await page.clock.install();
	const kiosk = new KioskPage(page);
	await kiosk.open();
	await expect(page.getByRole('heading', { name: 'Perangkat belum dipasangkan' })).toBeVisible();
	await check('01-pairing');
	await kiosk.pair(await admin.pairingCode(fullCounter));
	await expect(kiosk.startButton()).toBeVisible();
	await check('02-start');
	await kiosk.start();
	await check('03-question');
	await page.getByRole('button', { name: 'English' }).click();
	await check('04-question-english');
	await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
	await kiosk.answerAll([4, 3, 3, 4, 3, 4, 4, 3, 4]);
	await check('05-profile');
	await page.getByRole('button', { name: 'Laki-laki' }).click();
	await page.getByRole('button', { name: /Lanjut/ }).click();
	await check('06-comment');
	await page.getByRole('button', { name: /Kembali/ }).click();
	await page.clock.fastForward(61_000);
	await expect(page.getByRole('alertdialog')).toBeVisible();
	await check('07-still-there');
	await page.getByRole('button', { name: 'Ya, lanjutkan' }).click();
	await page.getByRole('button', { name: /Lanjut/ }).click();
	await page.getByRole('button', { name: 'Kirim' }).click();
	await expect(kiosk.thanks()).toBeVisible();
	await check('08-thanks');
	await page.clock.fastForward(5_500);

	const corner = page.getByTestId('staff-corner');
	await corner.dispatchEvent('pointerdown');
	await page.clock.fastForward(2_100);
	await corner.dispatchEvent('pointerup');
	await expect(page.locator('#staff-pin')).toBeVisible();
	await check('09-staff-pin');
	await page.locator('#staff-pin').fill('0000');
	await page.getByRole('button', { name: 'Buka', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText('PIN salah.');
	await page.locator('#staff-pin').fill(DEMO_PIN);
	await page.getByRole('button', { name: 'Buka', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Panel petugas' })).toBeVisible();
	await expect(page.getByTestId('staff-state')).toHaveText('tersinkron');
	await expect(page.getByTestId('staff-pending')).toHaveText('0');
	await expect(page.getByTestId('staff-held')).toHaveText('0');
	await expect(page.getByTestId('staff-last-sync')).not.toHaveText('belum pernah');
	await expect(page.getByText(`Tablet ${fullCounter}`)).toBeVisible();
	await check('10-staff-panel');
	await page.getByRole('button', { name: 'Tutup panel' }).click();

	// A second tablet in quick mode.
	const quick = await page.context().browser()!.newContext({ baseURL, viewport: page.viewportSize()!, hasTouch: true });
	const quickPage = await quick.newPage();
	const quickKiosk = new KioskPage(quickPage);
	await quickKiosk.pairWith(admin, quickCounter);
	const previous = page;
	page = quickPage;
	await check('11-quick');
	await quickKiosk.choose(2);
	await expect(quickPage.getByRole('heading', { name: 'Apa yang kurang?' })).toBeVisible();
	await quickPage.getByRole('button', { name: 'Terlalu lama' }).click();
	await check('12-quick-reasons');
	page = previous;
	await quick.close();

	expect(screens).toHaveLength(12);
});

/** Every button on the screen is at least 64 px tall and wide (touch first). */
async function expectLargeTargets(page: Page, screen: string) {
	const small = await page.locator('button:visible').evaluateAll((buttons) =>
		buttons
			.map((b) => ({ text: (b.textContent ?? '').trim().slice(0, 30), rect: b.getBoundingClientRect() }))
			.filter(({ rect }) => rect.height < 64 || rect.width < 64)
			.map(({ text, rect }) => `${text} ${Math.round(rect.width)}×${Math.round(rect.height)}`)
	);
	expect(small, `${screen}: touch targets under 64 px`).toEqual([]);
}
