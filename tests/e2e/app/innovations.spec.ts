/**
 * Innovation and reform indicators as a manager uses them: register an innovation, see its before/after impact with
 * the launch marked on the chart, enter service volumes (a bad CSV row is named, a good file is stored), and export
 * the reform indicator sheet — its JSON, XLSX and PDF carry the figures the page shows, the new innovation among them.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expectNoSeriousAxeViolations } from './axe';
import { DEMO, signInWithForm } from './session';

const YEAR = new Date().getUTCFullYear();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const parseId = (text: string) => Number(text.trim().replace(/\./g, '').replace(',', '.'));

async function download(page: Page, testid: string, name: string): Promise<string> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
	const path = test.info().outputPath(name);
	await file.saveAs(path);
	return path;
}

function shoot(path: string, name: string) {
	if (!process.env.PUAS_SCREENSHOTS) return;
	mkdirSync('docs/screenshots', { recursive: true });
	copyFileSync(path, `docs/screenshots/${name}`);
}

test('register an innovation → its impact chart → export the reform sheet with its figures', async ({ page }) => {
	test.setTimeout(180_000);
	await signInWithForm(page, DEMO.manager);
	await page.getByRole('link', { name: 'Inovasi' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Register inovasi');
	// The manager sees Dukcapil's demo innovation, not another agency's nor the mall's own.
	const rows = page.getByTestId('innovation-row');
	await expect(rows.filter({ hasText: 'Antrean Online Dukcapil' })).toHaveCount(1);
	await expect(rows.filter({ hasText: 'SIM–NIK–BPJS' })).toHaveCount(0);

	const launch = daysAgo(120);
	await page.getByRole('link', { name: 'Daftarkan inovasi' }).click();
	await page.getByRole('button', { name: 'Simpan inovasi' }).click();
	await expect(page.getByRole('alert')).toContainText('Nama inovasi wajib diisi');
	await page.getByLabel('Nama inovasi').fill('Loket Prioritas Lansia Dukcapil');
	await page.getByLabel('Deskripsi').fill('Loket khusus lansia dan penyandang disabilitas, tanpa antre.');
	await page.getByLabel('Tanggal peluncuran').fill(launch);
	await page.getByLabel('Tahap (Laboratorium Inovasi LAN RI)').selectOption('deliver');
	await page.getByLabel('Media').selectOption('non-digital');
	await page.getByLabel('Kompetisi yang diikuti').fill(`KIPP ${YEAR}`);
	await page.getByLabel('Tautan bukti').fill('https://example.org/lansia');
	await page.getByRole('button', { name: 'Simpan inovasi' }).click();

	await expect(page).toHaveURL(/\/app\/innovations\/impact\?id=\d+/);
	await expect(page.getByRole('status')).toHaveText('Inovasi disimpan.');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Loket Prioritas Lansia Dukcapil');
	await expect(page.getByTestId('launch-date')).toHaveText(launch);
	// The chart draws the months around the launch, with the launch marked (the canvas has a label naming it).
	await expect(page.getByRole('img', { name: new RegExp(`Loket Prioritas Lansia Dukcapil \\(${launch.slice(0, 7)}\\)`) })).toBeVisible();
	await expect(page.getByTestId('impact-windows')).toContainText('90 hari');
	const table = page.getByTestId('impact-table');
	await expect(table.locator('tbody tr')).toHaveCount(12); // IKM, U1..U9, served, response rate
	const ikmRow = table.locator('tr[data-metric="IKM"]');
	await expect(ikmRow.getByTestId('interval')).toContainText('…');
	await expect(page.getByTestId('impact-method')).toContainText('bootstrap');
	await expectNoSeriousAxeViolations(page);
	await page.screenshot({ path: test.info().outputPath('impact.png'), fullPage: true });
	shoot(test.info().outputPath('impact.png'), 'inovasi-dampak.png');

	// Shorter windows, and the comparison a manager cannot have (it needs the whole mall), said plainly.
	await page.getByLabel('Panjang jendela (hari)').fill('60');
	await page.getByLabel(/Bandingkan dengan instansi/).check();
	await page.getByRole('button', { name: 'Hitung' }).click();
	await expect(page.getByTestId('impact-windows')).toContainText('60 hari');
	await expect(page.getByText('Pembanding memerlukan akses ke seluruh mal.')).toBeVisible();
	// The browser refuses 5 days (min 14); typed into the address, the server names the rule and uses 90 days.
	await page.goto(page.url().replace(/days=\d+/, 'days=5'));
	await expect(page.getByRole('alert')).toContainText('14–365 hari');
	await expect(page.getByTestId('impact-windows')).toContainText('90 hari');

	// Service volumes: a bad CSV row is named; a good file is stored and shown.
	await page.goto('/app/volumes');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Volume layanan');
	const upload = async (text: string) => {
		await page.getByLabel('Berkas CSV').setInputFiles({ name: 'volume.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
		await page.getByRole('button', { name: 'Unggah dan simpan' }).click();
	};
	await upload(`layanan;bulan;dilayani;daring\ndukcapil-akta;${YEAR - 1}-02;410;12\nsim-baru;${YEAR - 1}-02;5;\n`);
	await expect(page.getByTestId('volume-problems')).toContainText('Baris 3: kode layanan tidak dikenal');
	await upload(`layanan;bulan;dilayani;daring\ndukcapil-akta;${YEAR - 1}-02;1.234;12\n`);
	await expect(page.getByTestId('volume-imported')).toContainText('1 baris volume disimpan');
	await expect(page.getByTestId('volume-table')).toContainText('1.234');
	await expect(page.getByTestId('volume-summary')).toContainText(`bulan yang sama ${YEAR - 2}`);
	await expectNoSeriousAxeViolations(page);
	await page.screenshot({ path: test.info().outputPath('volumes.png'), fullPage: true });
	shoot(test.info().outputPath('volumes.png'), 'volume-layanan.png');

	// The reform sheet of Dukcapil for this year.
	await page.getByRole('link', { name: 'Indikator RB' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lembar indikator reformasi birokrasi');
	const sheet = page.getByTestId('reform-sheet');
	await expect(sheet.locator('tbody tr')).toHaveCount(13);
	// The new innovation entered a competition: it is the unit's best (band 4), beating the demo's year-old one (3).
	const innovationRow = sheet.locator('tr[data-row="innovation_age"]');
	await expect(innovationRow.locator('.score')).toHaveText('4');
	await expect(innovationRow).toContainText('Loket Prioritas Lansia Dukcapil');
	await expect(innovationRow).toContainText('2 inovasi');
	await expectNoSeriousAxeViolations(page);
	await page.screenshot({ path: test.info().outputPath('reform.png'), fullPage: true });
	shoot(test.info().outputPath('reform.png'), 'lembar-reformasi.png');

	const pageRows = await sheet.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => ({ key: tr.getAttribute('data-row'), value: tr.querySelector('.value')!.textContent!.trim(), score: tr.querySelector('.score')!.textContent!.trim() }))
	);
	const scope = new URL((await page.getByTestId('sheet-json').getAttribute('href'))!, 'http://x').searchParams.get('scope')!;

	// JSON: the same rows, and the IKM is the dashboard's.
	const json = JSON.parse(readFileSync(await download(page, 'sheet-json', 'sheet.json'), 'utf8'));
	expect(json.rows.map((r: { key: string; value: string; score: string }) => ({ key: r.key, value: r.value, score: r.score || '–' }))).toEqual(pageRows);
	expect(json.rows.find((r: { key: string }) => r.key === 'innovation_age').scoreValue).toBe(4);
	expect(json.figures.innovation).toMatchObject({ count: 2, band: 4, best: { name: 'Loket Prioritas Lansia Dukcapil', launchDate: launch } });
	const dashboard = await page.context().newPage();
	await dashboard.goto(`/app?scope=${scope}&period=year&value=${YEAR}`);
	const dashboardIkm = parseId((await dashboard.getByTestId('ikm').textContent())!);
	await dashboard.close();
	expect(json.rows.find((r: { key: string }) => r.key === 'ikm').scoreValue).toBe(dashboardIkm);

	// XLSX: sheet "Indikator", the same values and scores, the score as a number.
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(await download(page, 'sheet-xlsx', 'sheet.xlsx'));
	const indicators = workbook.getWorksheet('Indikator')!;
	const xlsxRows: { label: string; value: string; score: string; number: unknown }[] = [];
	indicators.eachRow((row, n) => {
		if (n > 7) xlsxRows.push({ label: String(row.getCell(1).value), value: String(row.getCell(2).value), score: String(row.getCell(3).value), number: row.getCell(4).value });
	});
	expect(xlsxRows.map((r) => ({ value: r.value, score: r.score || '–' }))).toEqual(pageRows.map(({ value, score }) => ({ value, score: score === '–' ? '–' : score })));
	expect(xlsxRows.find((r) => r.label === 'Umur inovasi')!.number).toBe(4);
	expect(xlsxRows.find((r) => r.label === 'IKM dan mutu pelayanan')!.number).toBe(dashboardIkm);

	// PDF: the title, the unit and the innovation, as text.
	const pdfText = execFileSync('pdftotext', ['-layout', await download(page, 'sheet-pdf', 'sheet.pdf'), '-'], { encoding: 'utf8' });
	expect(pdfText).toContain('LEMBAR INDIKATOR REFORMASI BIROKRASI');
	expect(pdfText).toContain('Dinas Kependudukan dan Pencatatan Sipil');
	expect(pdfText).toContain('Loket Prioritas Lansia Dukcapil');
	expect(pdfText).toContain('Umur inovasi');
});

test('the admin sees the demo innovations recover their built-in effects, and BESTI none', async ({ page }) => {
	test.setTimeout(120_000);
	await signInWithForm(page, DEMO.admin);
	await page.goto('/app/innovations');
	await page.getByRole('link', { name: 'Layanan Terpadu SIM–NIK–BPJS' }).click();
	await expect(page.locator('tr[data-metric="U3"] td').last()).toHaveText('naik');
	await expect(page.locator('tr[data-metric="IKM"] td').last()).toHaveText('naik');
	await page.getByLabel(/Bandingkan dengan instansi/).check();
	await page.getByRole('button', { name: 'Hitung' }).click();
	await expect(page.getByRole('columnheader', { name: 'Selisih dalam selisih' })).toBeVisible();
	await expect(page.locator('tr[data-metric="IKM"] td').last()).toHaveText('naik');
	await page.goto('/app/innovations');
	await page.getByRole('link', { name: 'BESTI – Beres dan Pasti' }).click();
	await expect(page.locator('tr[data-metric="IKM"] td').last()).toHaveText('tidak ada perubahan yang terbukti');
});
