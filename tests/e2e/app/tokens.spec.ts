/**
 * An admin manages the hall's API tokens on /app/admin/tokens as a user would: creates one (shown once), sees its
 * last use after a script used it, revokes it — and the script's next call is refused. Works without JavaScript too.
 */
import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './session';

test('an admin creates a token, sees its use, and revokes it; the token stops working', async ({ page, context, baseURL, request }) => {
	await signIn(context, baseURL!, DEMO.admin);
	await page.goto('/app/admin/tokens');
	await expect(page.getByRole('heading', { name: 'Token API', level: 1 })).toBeVisible();
	// The installation's own token is listed, and only the operator can revoke it.
	const installation = page.getByRole('row').filter({ hasText: 'ADMIN_API_TOKEN' });
	await expect(installation).toContainText('seluruh instalasi');
	await expect(installation.getByRole('button', { name: /Cabut/ })).toHaveCount(0);

	await page.getByLabel('Untuk apa').fill('Sistem antrean lantai 1');
	await page.getByRole('button', { name: 'Buat token' }).click();
	const shown = page.getByRole('status').locator('code');
	await expect(shown).toHaveText(/^[\w-]{43}$/);
	const token = (await shown.textContent())!;
	await page.screenshot({ path: test.info().outputPath('tokens.png'), fullPage: true });

	// A script uses it; the list then shows when.
	const used = await request.get('/api/v1/admin/devices', { headers: { authorization: `Bearer ${token}` } });
	expect(used.status()).toBe(200);
	await page.goto('/app/admin/tokens');
	const row = page.getByRole('row').filter({ hasText: 'Sistem antrean lantai 1' });
	await expect(row).toContainText('mal ini');
	await expect(row.locator('td').nth(2)).not.toHaveText('—');
	// Shown once: reloading the page does not show the token again.
	await expect(page.locator('body')).not.toContainText(token);

	await row.getByRole('button', { name: /Cabut/ }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Token dicabut' })).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: 'Sistem antrean lantai 1' })).toContainText('Dicabut');
	expect((await request.get('/api/v1/admin/devices', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test('without JavaScript the same forms work', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	await signIn(context, baseURL!, DEMO.admin);
	const page = await context.newPage();
	await page.goto('/app/admin/tokens');
	await page.getByLabel('Untuk apa').fill('Skrip laporan (tanpa JS)');
	await page.getByRole('button', { name: 'Buat token' }).click();
	await expect(page.getByRole('status').locator('code')).toHaveText(/^[\w-]{43}$/);
	await page.goto('/app/admin/tokens');
	await page.getByRole('row').filter({ hasText: 'Skrip laporan (tanpa JS)' }).getByRole('button', { name: /Cabut/ }).click();
	await expect(page).toHaveURL(/saved=token_revoked/);
	await expect(page.getByRole('row').filter({ hasText: 'Skrip laporan (tanpa JS)' })).toContainText('Dicabut');
	await context.close();
});
