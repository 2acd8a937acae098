/**
 * Each role's work, in the browser: the admin pairs a tablet and adds a manager; the manager marks a comment as a
 * complaint, plans its follow-up and acknowledges an alert; the evaluator sees the same pages without a single
 * control that changes anything. axe on every page visited.
 */
import { expect, test, type Page } from '@playwright/test';
import { KioskPage } from '../kiosk/kiosk-page';
import { expectNoSeriousAxeViolations } from './axe';
import { DEMO, signIn, signInWithForm } from './session';

test('the admin pairs a tablet from the devices page and adds a manager who then sees only their agency', async ({ page, browser, baseURL }) => {
	await signInWithForm(page, DEMO.admin);
	await page.goto('/app/admin/devices');
	await expectNoSeriousAxeViolations(page);
	const devicesBefore = await page.locator('table tbody tr').count();

	await page.getByRole('combobox', { name: 'Loket', exact: true }).selectOption({ label: 'BNT-02 · Kasir Bank NTT' });
	await page.getByRole('button', { name: 'Buat kode pemasangan' }).click();
	const code = ((await page.locator('.pairing .code').textContent()) ?? '').replace(/\D/g, '');
	expect(code).toMatch(/^\d{6}$/);
	await expect(page.getByRole('img', { name: /Kode QR untuk .*\/kiosk\?pair=\d{6}/ })).toBeVisible();

	// The tablet at the counter pairs with that code.
	const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
	const kiosk = new KioskPage(await tablet.newPage());
	await kiosk.open();
	await kiosk.pair(code);
	await expect(kiosk.startButton()).toBeVisible();
	await tablet.close();

	await page.goto('/app/admin/devices');
	await expect(page.locator('table tbody tr')).toHaveCount(devicesBefore + 1);
	await expect(page.locator('table tbody')).toContainText('BNT-02');

	// A manager for Bank NTT.
	await page.goto('/app/admin/users');
	await page.getByLabel('Email').fill('manajer.bankntt@example.id');
	await page.getByLabel('Nama', { exact: true }).fill('Manajer Bank NTT');
	await page.getByLabel('Peran').selectOption('manager');
	await page.getByLabel('Kata sandi awal').fill('bank-ntt-rahasia-1');
	await page.locator('form[action="?/createUser"]').getByLabel('Bank NTT').check();
	await page.getByRole('button', { name: 'Buat akun' }).click();
	await expect(page.locator('table')).toContainText('manajer.bankntt@example.id');
	await expectNoSeriousAxeViolations(page);

	const manager = await browser.newContext();
	await signIn(manager, baseURL!, 'manajer.bankntt@example.id', 'bank-ntt-rahasia-1');
	const managerPage = await manager.newPage();
	await managerPage.goto('/app');
	await expect(managerPage.getByTestId('scope-name')).toHaveText('Bank NTT');
	await expect(managerPage.getByLabel('Unit').locator('option')).not.toContainText(['Dinas Kependudukan dan Pencatatan Sipil']);
	await manager.close();
});

test('the manager marks a comment as a complaint, plans its follow-up and acknowledges an alert', async ({ page }) => {
	await signInWithForm(page, DEMO.manager);
	await page.getByRole('link', { name: 'Komentar' }).click();
	await expect(page).toHaveURL(/\/app\/comments/);
	await expectNoSeriousAxeViolations(page);
	const first = page.locator('li.comment').filter({ has: page.getByRole('button', { name: 'Tandai sebagai pengaduan' }) }).first();
	const comment = (await first.locator('blockquote').textContent())?.trim();
	await first.getByRole('button', { name: 'Tandai sebagai pengaduan' }).click();

	await expect(page).toHaveURL(/\/app\/follow-ups\/new\?complaint=\d+/);
	await expectNoSeriousAxeViolations(page);
	await page.getByLabel('Tindakan').fill('Tambah kursi tunggu dan papan informasi antrean');
	await page.getByLabel('Penanggung jawab').fill('Kepala Seksi Pelayanan');
	await page.getByRole('button', { name: 'Simpan rencana' }).click();
	await expect(page).toHaveURL(/\/app\/follow-ups/);
	await expect(page.locator('main')).toContainText('Tambah kursi tunggu dan papan informasi antrean');
	if (comment) await expect(page.locator('main')).toContainText(comment.slice(0, 40));
	await expectNoSeriousAxeViolations(page);

	// An open Dukcapil alert (the demo raises them); acknowledging records who and when.
	await page.getByRole('link', { name: 'Peringatan' }).click();
	await expect(page).toHaveURL(/\/app\/alerts$/);
	const open = page.locator('li.alert');
	await expect(open.first()).toBeVisible();
	const before = await open.count();
	expect(before).toBeGreaterThan(0);
	await expect(open.first()).toContainText('Dukcapil');
	await open.first().getByRole('button', { name: 'Akui' }).click();
	await expect(page.locator('li.alert')).toHaveCount(before - 1);
	const acknowledged = page.locator('section[aria-labelledby="acknowledged-heading"]');
	await expect(acknowledged).toContainText('Manajer Dukcapil');
	const row = acknowledged.locator('tbody tr').filter({ hasText: 'Manajer Dukcapil' });
	await expect(row).toHaveCount(1);
	const times = await row.locator('time').evaluateAll((nodes) => nodes.map((n) => Date.parse(n.getAttribute('datetime') ?? '')));
	expect(times.some((at) => Math.abs(Date.now() - at) < 5 * 60_000), 'acknowledged just now').toBe(true);
	await expectNoSeriousAxeViolations(page);
});

test('the evaluator reads every page without one control that changes data', async ({ page, baseURL }) => {
	await signIn(page.context(), baseURL!, DEMO.evaluator);
	for (const path of ['/app', '/app/comments', '/app/follow-ups', '/app/alerts', '/app/devices']) {
		await page.goto(path);
		await expect(page.locator('h1')).toBeVisible();
		// The only forms: the filters (GET), the language switch and sign-out.
		const changing = page.locator('main form[method="POST" i]');
		expect(await changing.count(), `${path} has a form that changes data`).toBe(0);
		await expectNoSeriousAxeViolations(page);
	}
	// The comments are there to read, including other agencies'.
	await page.goto('/app/comments');
	await expect(page.locator('li.comment').first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Tandai sebagai pengaduan' })).toHaveCount(0);
});
