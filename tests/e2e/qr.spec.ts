/**
 * The QR channel: a poster at the counter, the survey on a citizen's phone without login, rate-limited.
 */
import { expect, test } from '@playwright/test';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

test('poster → phone survey → stored as a QR response; a fourth rating from the same phone is refused', async ({ page, request, baseURL }) => {
	await page.goto('/poster/DKP-04');
	await expect(page.getByRole('heading', { name: 'Bagaimana pelayanan kami?' })).toBeVisible();
	await expect(page.locator('.qr svg')).toBeVisible();
	await expect(page.getByText(`${baseURL}/s/DKP-04`)).toBeVisible();

	await page.goto('/s/DKP-04');
	await expect(page.getByText('Dinas Kependudukan dan Pencatatan Sipil · Loket 4 Dukcapil')).toBeVisible();
	await page.getByRole('button', { name: 'Mulai menilai' }).click();
	for (const value of [4, 4, 3, 4, 3, 4, 4, 3, 4]) await page.locator(`button.option[data-value="${value}"]`).click();
	await page.getByRole('button', { name: /Lanjut/ }).click();
	await page.getByRole('textbox').fill('Cepat sekali, terima kasih');
	const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/qr/responses'));
	await page.getByRole('button', { name: 'Kirim' }).click();
	const answer = await posted;
	expect(answer.status()).toBe(201);
	const { id, status } = await answer.json();
	expect(status).toBe('stored');
	await expect(page.getByRole('heading', { name: 'Terima kasih!' })).toBeVisible();

	const stored = await request.get(`/api/v1/admin/responses/${id}`, {
		headers: { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, accept: 'application/json' }
	});
	expect(await stored.json()).toMatchObject({
		channel: 'qr',
		deviceId: null,
		deviceSeq: null,
		answers: [4, 4, 3, 4, 3, 4, 4, 3, 4],
		comment: 'Cepat sekali, terima kasih'
	});

	// The same phone (cookie) may rate three times in ten minutes.
	const item = () => ({
		id: crypto.randomUUID(),
		seq: 1,
		instrument: { code: 'skm-2017', version: 1 },
		submittedAt: new Date().toISOString(),
		status: 'complete',
		answers: [3, 3, 3, 3, 3, 3, 3, 3, 3]
	});
	const counterId = (await stored.json()).counterId as number;
	const post = () =>
		page.request.post('/api/v1/qr/responses', {
			headers: { origin: baseURL!, accept: 'application/json' },
			data: { path: 'DKP-04', item: { ...item(), counterId } }
		});
	expect((await post()).status()).toBe(201);
	expect((await post()).status()).toBe(201);
	const refused = await post();
	expect(refused.status()).toBe(429);
	expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
	expect((await refused.json()).code).toBe('rate_limited');
});

test('an unknown counter is a clear 404', async ({ page }) => {
	const response = await page.goto('/s/NOPE-99');
	expect(response!.status()).toBe(404);
	await expect(page.getByText('Loket tidak ditemukan.')).toBeVisible();
});
