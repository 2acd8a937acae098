/**
 * Many halls: the demo's two NTT halls (Kota Kupang, Kabupaten Sikka) and a third hall an installation token creates
 * in Bali. A province evaluator ranks and drills into its province's halls only; the operator sees the nation and no
 * comment; an agency-kind ranking lists the Dukcapil of both NTT halls; a hall's admin reaches nothing of another hall.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { E2E_ADMIN_TOKEN } from '../../../playwright.config';
import { DEMO, signIn, signInWithForm } from './session';

test.describe.configure({ mode: 'serial' });

const installation = { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' };
let denpasar: number;
let sikka: number;
let kupang: number;

test.beforeAll(async ({ baseURL }) => {
	const api = await playwrightRequest.newContext({ baseURL });
	const halls = (await (await api.get('/api/v1/halls', { headers: installation })).json()).halls as { id: number; slug: string }[];
	sikka = halls.find((h) => h.slug === 'mpp-kabupaten-sikka')!.id;
	kupang = halls.find((h) => h.slug === 'mpp-kota-kupang')!.id;
	await api.dispose();
});

test('the operator creates a hall in another province, with its first admin', async ({ page }) => {
	await signInWithForm(page, DEMO.operator);
	await expect(page).toHaveURL(/\/app\/halls$/);
	await page.getByTestId('new-hall').click();
	await page.getByLabel('Nama mal').fill('Mal Pelayanan Publik Kota Denpasar');
	await page.getByLabel('Alamat singkat').fill('mpp-kota-denpasar');
	await page.getByLabel('Kabupaten/kota').selectOption('51.71');
	await page.getByLabel('Nama admin').fill('Admin Denpasar');
	await page.getByLabel('Email admin').fill('admin@denpasar.example.id');
	await page.getByLabel('Kata sandi admin').fill('jepun-kamboja-Sanur-4417');
	await page.screenshot({ path: 'test-results/regions-new-hall.png', fullPage: true });
	await page.getByRole('button', { name: 'Buat balai' }).click();
	await expect(page.getByTestId('hall-created')).toBeVisible();
	denpasar = Number(new URL(page.url()).searchParams.get('hall'));
	expect(denpasar).toBeGreaterThan(0);
	await page.goto('/app/halls?scope=region-51');
	await expect(page.getByTestId('hall-ranking')).toContainText('Mal Pelayanan Publik Kota Denpasar');
});

async function session(baseURL: string, email: string): Promise<APIRequestContext> {
	const context = await playwrightRequest.newContext({ baseURL });
	await signIn(context, baseURL, email);
	return context;
}

test('a province evaluator ranks the halls of its province, drills into one, and is refused another province', async ({ page, baseURL }) => {
	await signInWithForm(page, DEMO.province);
	await expect(page).toHaveURL(/\/app\/halls$/);
	await expect(page.getByTestId('region-name')).toHaveText('Nusa Tenggara Timur');
	const rows = page.getByTestId('hall-row');
	await expect(rows).toHaveCount(2);
	await expect(page.getByTestId('hall-ranking')).toContainText('Mal Pelayanan Publik Kota Kupang');
	await expect(page.getByTestId('hall-ranking')).toContainText('Mal Pelayanan Publik Kabupaten Sikka');
	await expect(page.getByTestId('hall-ranking')).not.toContainText('Denpasar');
	// The pooled IKM and the mean of the halls, each with its method.
	await expect(page.getByTestId('pooled-method')).toContainText('PermenPANRB 14/2017');
	await expect(page.getByTestId('mean-method')).toContainText('Bukan rumus peraturan');
	await page.screenshot({ path: 'test-results/regions-province.png', fullPage: true });

	// Drill down: Sikka's dashboard, read only.
	await page.getByRole('link', { name: 'Buka dasbor Mal Pelayanan Publik Kabupaten Sikka' }).click();
	await expect(page).toHaveURL(/\/app$/);
	await expect(page.getByTestId('hall-in-view')).toContainText('Mal Pelayanan Publik Kabupaten Sikka');
	await expect(page.getByTestId('scope-name')).toHaveText('Mal Pelayanan Publik Kabupaten Sikka');
	await page.screenshot({ path: 'test-results/regions-drill-down.png', fullPage: true });

	// Another province: the drill-down and every figure of it are a 404.
	expect((await page.request.get(`/app/halls/${denpasar}`, { maxRedirects: 0 })).status()).toBe(404);
	expect((await page.request.get(`/api/v1/indicators?scope=mall&id=${denpasar}`)).status()).toBe(404);
	expect((await page.request.get('/api/v1/indicators?scope=region&id=51')).status()).toBe(404);
	expect((await page.request.get('/api/v1/indicators?scope=nation')).status()).toBe(404);
	const ntt = await page.request.get('/api/v1/indicators?scope=region&id=53');
	expect(ntt.status()).toBe(200);
	expect(((await ntt.json()).halls as { id: number }[]).map((h) => h.id).sort()).toEqual([kupang, sikka].sort());
	expect(((await (await page.request.get('/api/v1/halls')).json()).halls as { id: number }[]).map((h) => h.id).sort()).toEqual([kupang, sikka].sort());
	// Asking the page for the other province falls back to its own, and says so.
	await page.goto('/app/halls?scope=region-51');
	await expect(page.getByTestId('region-name')).toHaveText('Nusa Tenggara Timur');
	await expect(page.getByText('Wilayah tidak dikenal atau di luar cakupan Anda')).toBeVisible();
});

test('a province evaluator exports the ranking: CSV, JSON and an XLSX with every hall’s reform sheet', async ({ page }) => {
	await signInWithForm(page, DEMO.province);
	await page.goto('/app/halls?scope=region-53&period=year&value=2025');
	// Each hall's sample against its recorded service volumes, and its response rate.
	for (const cell of await page.getByTestId('hall-sample').all()) await expect(cell).toHaveText(/^(Cukup|Kurang): [\d.]+ dari target [\d.]+$/);
	for (const cell of await page.getByTestId('hall-response-rate').all()) await expect(cell).toHaveText(/^\d+,\d %$/);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
	const file = await download.path();
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(file);
	const ranking = workbook.getWorksheet('Peringkat')!;
	const names = ranking.getColumn(2).values.slice(2).map(String);
	expect(names.sort()).toEqual(['Mal Pelayanan Publik Kabupaten Sikka', 'Mal Pelayanan Publik Kota Kupang']);
	const reform = workbook.getWorksheet('Indikator RB 2025')!;
	expect(reform.rowCount).toBe(3); // the header and a row per hall
	const csv = await page.request.get('/app/halls/download?format=csv&scope=region-53&period=year&value=2025');
	expect(csv.status()).toBe(200);
	const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
	expect(lines).toHaveLength(3);
	const header = lines[0]!.split(',');
	for (const line of lines.slice(1)) {
		const cells = line.split(',');
		const [population, target, rate] = ['Populasi (warga dilayani)', 'Target sampel (Krejcie–Morgan)', 'Tingkat respons'].map((name) => Number(cells[header.indexOf(name)]));
		expect(population).toBeGreaterThan(0);
		expect(target).toBeGreaterThan(0);
		expect(rate).toBeCloseTo(Number(cells[header.indexOf('Responden')]) / population!, 9);
	}
	const json = await (await page.request.get('/app/halls/download?format=json&scope=region-53&period=year&value=2025')).json();
	expect(json.respondents).toBe(json.halls.reduce((a: number, h: { respondents: number }) => a + h.respondents, 0));
	// Another province is not the reader's to export.
	expect((await page.request.get('/app/halls/download?format=csv&scope=region-51&period=year&value=2025')).status()).toBe(400);
});

test('an agency-kind ranking lists the Dukcapil of both NTT halls', async ({ page }) => {
	await signInWithForm(page, DEMO.province);
	await page.goto('/app/halls?scope=region-53&kind=dukcapil&period=year&value=2025');
	await expect(page.getByTestId('region-name')).toContainText('Dinas Kependudukan');
	await expect(page.getByTestId('hall-row')).toHaveCount(2);
	const figure = await page.getByTestId('region-respondents').textContent();
	expect(Number(figure!.replace(/\D/g, ''))).toBeGreaterThan(0);
});

test('the operator sees every hall, reads no comment, and changes nothing of a hall', async ({ baseURL }) => {
	const operator = await session(baseURL!, DEMO.operator);
	const halls = await (await operator.get('/app/halls?scope=nation')).text();
	for (const name of ['Kota Kupang', 'Kabupaten Sikka', 'Kota Denpasar']) expect(halls).toContain(`Mal Pelayanan Publik ${name}`);
	expect((await operator.get(`/app/halls/${kupang}`, { maxRedirects: 0 })).status()).toBe(303);
	const dashboard = await operator.get('/app');
	expect(dashboard.status()).toBe(200);
	expect(await dashboard.text()).toContain('Mal Pelayanan Publik Kota Kupang');
	expect((await operator.get('/app/comments')).status()).toBe(403);
	expect((await operator.get('/app/follow-ups')).status()).toBe(403);
	expect((await operator.get('/app/admin')).status()).toBe(403);
	const checkNow = await operator.post('/app/alerts?/checkNow', { form: {}, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect(checkNow.status()).toBe(403);
	await operator.dispose();
});

test('the operator archives a hall: its admin can no longer sign in, its figures stay; restored, it signs in again', async ({ page, baseURL }) => {
	await signInWithForm(page, DEMO.operator);
	await page.goto('/app/halls?scope=region-51');
	await page.getByRole('button', { name: 'Arsipkan Mal Pelayanan Publik Kota Denpasar' }).click();
	await expect(page.getByTestId('hall-archived')).toBeVisible();
	const login = await playwrightRequest.newContext({ baseURL });
	const refused = await login.post('/login', { form: { email: 'admin@denpasar.example.id', password: 'jepun-kamboja-Sanur-4417' }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect(refused.status()).not.toBe(303);
	await page.goto('/app/halls?scope=region-51');
	await expect(page.getByTestId('hall-ranking')).toContainText('Mal Pelayanan Publik Kota Denpasar');
	await page.getByRole('button', { name: 'Pulihkan Mal Pelayanan Publik Kota Denpasar' }).click();
	await expect(page.getByTestId('hall-archived')).toBeVisible();
	await signIn(login, baseURL!, 'admin@denpasar.example.id', 'jepun-kamboja-Sanur-4417');
	await login.dispose();
});

/** As a hall's admin: name the kind of the agency called `agencyName` on the agencies page, and see it saved. */
async function nameAgencyKind(page: Page, agencyName: string, kind: string) {
	await page.goto('/app/admin/agencies');
	const agency = page.locator('section.agency', { hasText: agencyName });
	await agency.getByTestId('agency-kind').selectOption(kind);
	await agency.locator('form.kind-form').getByRole('button').click();
	await expect(page.getByText('Jenis instansi disimpan.')).toBeVisible();
}

/** As the operator, on the catalogue page: submit a new kind. */
async function addKind(page: Page, code: string, nameId: string, nameEn: string) {
	await page.getByLabel('Kode').fill(code);
	await page.getByLabel('Nama (Bahasa Indonesia)').fill(nameId);
	await page.getByLabel('Nama (bahasa Inggris)').fill(nameEn);
	await page.getByRole('button', { name: 'Tambah' }).click();
}

test('a hall’s admin names an agency’s kind; the kind’s ranking across halls then lists that hall', async ({ page, baseURL }) => {
	await signInWithForm(page, DEMO.admin);
	await nameAgencyKind(page, 'Dinas Sosial', 'dinkes');
	await expect(page.locator('section.agency', { hasText: 'Dinas Sosial' }).getByTestId('agency-kind')).toHaveValue('dinkes');
	const operator = await session(baseURL!, DEMO.operator);
	const ranking = await (await operator.get('/api/v1/indicators?scope=nation&agencyKind=dinkes', { headers: { accept: 'application/json' } })).json();
	expect(ranking.halls.map((h: { slug: string }) => h.slug)).toEqual(['mpp-kota-kupang']);
	await operator.dispose();
});

test('the operator adds an agency kind to the catalogue; a hall’s admin then names it for an agency', async ({ page, browser }) => {
	await signInWithForm(page, DEMO.operator);
	await page.goto('/app/halls');
	await page.getByTestId('agency-kinds-link').click();
	await expect(page.getByTestId('agency-kinds')).toContainText('dukcapil');
	await addKind(page, 'bpom', 'Balai Pengawas Obat dan Makanan', 'Food and Drug Supervisory Agency');
	await expect(page.getByTestId('kind-added')).toBeVisible();
	await expect(page.locator('#kind-bpom')).toContainText('Balai Pengawas Obat dan Makanan');
	await expect(page.locator('#kind-bpom')).toContainText('ditambahkan operator');
	// The same code again is refused, naming the field, and the first names stay.
	await addKind(page, 'bpom', 'Lain', 'Other');
	await expect(page.getByRole('alert')).toContainText('Kode sudah dipakai');
	await expect(page.getByLabel('Kode')).toHaveAttribute('aria-invalid', 'true');
	// The refusal replaces the first addition's notice (the address still carries it under JavaScript).
	await expect(page.getByTestId('kind-added')).toHaveCount(0);
	await page.screenshot({ path: 'test-results/regions-agency-kinds.png', fullPage: true });

	const admin = await browser.newPage();
	await signInWithForm(admin, DEMO.admin);
	await nameAgencyKind(admin, 'Dinas Sosial', 'bpom');
	await admin.close();
	await page.reload();
	await expect(page.locator('#kind-bpom td.num')).toHaveText('1');
});

test('a hall’s admin reaches nothing of another hall', async ({ baseURL }) => {
	const admin = await session(baseURL!, DEMO.admin);
	expect((await admin.get(`/api/v1/indicators?scope=mall&id=${sikka}`)).status()).toBe(404);
	expect((await admin.get('/api/v1/indicators?scope=region&id=53')).status()).toBe(404);
	expect((await admin.get(`/app?scope=mall-${sikka}`)).status()).toBe(404);
	expect((await admin.get(`/app/reports?scope=mall-${sikka}&period=year&value=2025`)).status()).toBe(404);
	expect((await admin.get(`/app/reports/download?format=json&scope=mall-${sikka}&period=year&value=2025`)).status()).toBe(404);
	expect((await admin.get(`/app/reform/download?format=json&scope=mall-${sikka}&year=2025`)).status()).toBe(404);
	expect((await admin.get(`/api/v1/integrity?from=2025-01-01&to=2025-12-31&mall=${sikka}`)).status()).toBe(404);
	await admin.dispose();
});
