/**
 * A new hall on an empty installation, as its first admin would do it — without JavaScript for the setup itself:
 * the link printed at start, the hall and its admin, an agency, a service and a counter, a tablet paired at the
 * counter, a citizen's survey, and the IKM on the dashboard. The link then answers 410. Then an installation
 * operator adds a second hall through the admin API (what `npm run mall:create` calls).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations } from '../app/axe';
import { KioskPage } from '../kiosk/kiosk-page';

test.describe.configure({ mode: 'serial' });

const setupLink = () => readFileSync(join(process.env.E2E_SETUP_DIR!, 'setup-link'), 'utf8').trim();

test('an empty installation offers a setup link; the home page says how to use it', async ({ page }) => {
	expect(setupLink()).toMatch(/\/setup\?token=[A-Za-z0-9_-]{43}$/);
	await page.goto('/');
	await expect(page.getByText(/Buka tautan penyiapan/)).toBeVisible();
	expect((await page.request.get('/setup?token=bukan-tautan-asli')).status()).toBe(410);
	// Opening the link spends nothing; the page is readable by everyone.
	const link = new URL(setupLink());
	await page.goto(link.pathname + link.search);
	await expect(page.getByRole('heading', { name: 'Siapkan mal Anda' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);
});

test('the first admin sets the hall up, adds an agency to a counter, pairs a tablet, and sees the first IKM', async ({ browser }) => {
	test.setTimeout(120_000);
	const link = new URL(setupLink());
	const noScript = await browser.newContext({ javaScriptEnabled: false });
	const page = await noScript.newPage();
	await page.goto(link.pathname + link.search);
	await expect(page.getByRole('heading', { name: 'Siapkan mal Anda' })).toBeVisible();

	await page.getByLabel('Nama mal').fill('Mal Pelayanan Publik Kabupaten Sikka');
	await page.getByLabel('Alamat singkat').fill('MPP-Sikka');
	await page.getByLabel('Kabupaten/kota').selectOption('53.07');
	await page.getByLabel('Zona waktu').selectOption('Asia/Makassar');
	await page.getByLabel('Nama admin').fill('Admin MPP Sikka');
	await page.getByLabel('Email admin').fill('admin@mpp.sikkakab.go.id');
	// A weak password is refused, naming the field; what was typed stays.
	await page.getByLabel('Kata sandi admin').fill('sikka12345');
	await page.getByRole('button', { name: 'Buat mal' }).click();
	await expect(page.getByRole('alert')).toContainText('Kata sandi ini terlalu mudah ditebak');
	await expect(page.getByLabel('Nama mal')).toHaveValue('Mal Pelayanan Publik Kabupaten Sikka');
	await page.getByLabel('Kata sandi admin').fill('tenun-ikat-maumere-sikka');
	await page.getByRole('button', { name: 'Buat mal' }).click();
	await expect(page).toHaveURL(/\/app\/admin\?saved=hall_created/);
	await expect(page.getByText('Mal dibuat dan Anda masuk sebagai adminnya')).toBeVisible();
	await expect(page.getByText('Mal Pelayanan Publik Kabupaten Sikka').first()).toBeVisible();

	// The link is spent.
	expect((await page.request.get(link.pathname + link.search)).status()).toBe(410);

	await page.goto('/app/admin/agencies');
	await page.locator('form[action="?/createAgency"]').getByLabel('Kode').fill('dukcapil');
	await page.locator('form[action="?/createAgency"]').getByLabel('Nama').fill('Dinas Kependudukan dan Pencatatan Sipil');
	await page.getByRole('button', { name: 'Tambah', exact: true }).first().click();
	await page.locator('summary', { hasText: 'Tambah layanan' }).first().click();
	const services = page.locator('form[action="?/createService"]').first();
	await services.getByLabel('Kode').fill('ktp-el');
	await services.getByLabel('Nama').fill('Perekaman KTP-el');
	await services.getByLabel('Biaya').selectOption('yes');
	await services.getByRole('button', { name: 'Tambah' }).click();
	await expect(page.getByRole('cell', { name: 'Perekaman KTP-el', exact: true })).toBeVisible();

	await page.goto('/app/admin/counters');
	const counter = page.locator('form[action="?/createCounter"]');
	await counter.getByLabel('Kode').fill('DKP-01');
	await counter.getByLabel('Nama').fill('Loket 1 Dukcapil');
	await counter.getByLabel('Layanan').selectOption({ label: 'Perekaman KTP-el' });
	await counter.getByRole('button').click();
	await expect(page.getByText('Loket 1 Dukcapil').first()).toBeVisible();

	await page.goto('/app/admin/devices');
	await page.getByRole('combobox', { name: 'Loket', exact: true }).selectOption({ label: 'DKP-01 · Loket 1 Dukcapil' });
	await page.getByRole('button', { name: 'Buat kode pemasangan' }).click();
	const code = ((await page.locator('.pairing .code').textContent()) ?? '').replace(/\D/g, '');
	expect(code).toMatch(/^\d{6}$/);

	const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
	const kiosk = new KioskPage(await tablet.newPage());
	await kiosk.open();
	await kiosk.pair(code);
	await kiosk.start();
	await kiosk.answerAll([4, 4, 3, 4, 4, 3, 4, 4, 3]);
	await kiosk.page.getByRole('button', { name: /Lanjut/ }).click();
	await kiosk.page.getByRole('button', { name: 'Kirim' }).click();
	await expect(kiosk.thanks()).toBeVisible();

	// PermenPANRB 14/2017: one respondent answering 4,4,3,4,4,3,4,4,3 — (33/9) × 25 = 91,67.
	await expect(async () => {
		await page.goto('/app');
		await expect(page.getByTestId('ikm')).toHaveText('91,67', { timeout: 1_000 });
	}).toPass({ timeout: 20_000 });
	await expect(page.getByTestId('respondents')).toHaveText('1');

	// The service archived: the tablet, still paired, says it takes no ratings (not "offline"); restored, it asks again.
	await page.goto('/app/admin/agencies');
	await page.getByRole('button', { name: 'Arsipkan Perekaman KTP-el' }).click();
	await expect(page.getByText('Layanan diarsipkan')).toBeVisible();
	await kiosk.open();
	await expect(kiosk.page.getByTestId('out-of-service')).toHaveText(/Loket ini sedang tidak melayani survei/, { timeout: 15_000 });
	await expect(kiosk.startButton()).toHaveCount(0);
	await kiosk.page.screenshot({ path: test.info().outputPath('kiosk-out-of-service.png') });
	await page.getByRole('button', { name: 'Pulihkan Perekaman KTP-el' }).click();
	await expect(page.getByRole('button', { name: 'Arsipkan Perekaman KTP-el' })).toBeVisible();
	await kiosk.open();
	await expect(kiosk.startButton()).toBeVisible({ timeout: 15_000 });
	await expect(kiosk.page.getByTestId('out-of-service')).toHaveCount(0);
	await tablet.close();
	await noScript.close();
});

const operator = { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, accept: 'application/json' };
const sumba = { slug: 'mpp-sumba-timur', name: 'Mal Pelayanan Publik Kabupaten Sumba Timur', timeZone: 'Asia/Makassar', region: '53.11', admin: { email: 'admin@mpp.sumbatimurkab.go.id' } };

test('an operator creates a hall and its first admin, who can sign in with the password shown once', async ({ request }) => {
	const created = await request.post('/api/v1/admin/malls', { headers: operator, data: sumba });
	expect(created.status(), await created.text()).toBe(201);
	const body = await created.json();
	expect(body).toMatchObject({ mall: { slug: 'mpp-sumba-timur', timeZone: 'Asia/Makassar', region: '53.11', city: 'Kabupaten Sumba Timur' }, admin: { email: sumba.admin.email } });
	expect(body.admin.password).toMatch(/^\S{16,}$/);
	const signedIn = await request.post('/login', { form: { email: sumba.admin.email, password: body.admin.password }, headers: { origin: new URL(created.url()).origin, accept: 'text/html' }, maxRedirects: 0 });
	expect(signedIn.status()).toBe(303);
	expect(signedIn.headers()['location']).toBe('/app');
});

test('each refusal names its field', async ({ request }) => {
	const post = (data: unknown) => request.post('/api/v1/admin/malls', { headers: operator, data });
	const refusals: [unknown, number, string][] = [
		[sumba, 409, 'slug'],
		[{ ...sumba, slug: 'mpp-lain' }, 409, 'admin.email'],
		[{ ...sumba, slug: 'mpp-lain', admin: { email: 'b@c.id' }, timeZone: 'Asia/Tokyo' }, 400, 'timeZone'],
		[{ ...sumba, slug: 'mpp-lain', admin: { email: 'b@c.id' }, region: '53.99' }, 400, 'region'],
		[{ ...sumba, slug: 'Bukan Slug', admin: { email: 'b@c.id' } }, 400, 'slug'],
		[{ ...sumba, slug: 'mpp-lain', admin: { email: 'bukan-email' } }, 400, 'admin.email'],
		[{ ...sumba, slug: 'mpp-lain', admin: { email: 'b@c.id', password: 'kupang2026' } }, 400, 'admin.password']
	];
	for (const [data, status, field] of refusals) {
		const response = await post(data);
		expect(response.status(), JSON.stringify(data)).toBe(status);
		expect((await response.json()).message, JSON.stringify(data)).toContain(field);
	}
});

test("a hall's own token cannot create halls", async ({ request }) => {
	const token = await request.post('/api/v1/admin/tokens', { headers: operator, data: { label: 'Skrip Sumba Timur', mall: 'mpp-sumba-timur' } });
	expect(token.status(), await token.text()).toBe(201);
	const hallToken = (await token.json()).token as string;
	const refused = await request.post('/api/v1/admin/malls', { headers: { authorization: `Bearer ${hallToken}`, accept: 'application/json' }, data: { ...sumba, slug: 'mpp-lain' } });
	expect(refused.status()).toBe(403);
});
