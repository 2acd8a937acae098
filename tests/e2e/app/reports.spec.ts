/**
 * The Laporan SKM as its users get it: the manager of Dukcapil downloads every format from the reports page and each
 * carries the dashboard's figures (PDF text extracted, XLSX read back, CSV parsed, JSON read); finalizing freezes the
 * report under a SHA-256 that anyone can verify at /verify/<hash>.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { ikmReport } from '../../../src/lib/domain/ikm-report';
import { SKM_CODES } from '../../../src/lib/domain/instruments';
import { localDate } from '../../../src/lib/domain/periods';
import { parsePeriod, periodValueContaining } from '../../../src/lib/domain/report-period';
import { DEMO_MALL } from '../../../src/lib/server/demo/kupang';
import { readMatrixCsv } from '../../../src/lib/server/import/matrix-csv';
import { expectNoSeriousAxeViolations } from './axe';
import { DEMO, signInWithForm } from './session';

const parseId = (text: string) => Number(text.trim().replace(/\./g, '').replace(',', '.'));
const YEAR = String(new Date().getUTCFullYear());
/** The last quarter that has ended in the demo hall's time zone: a period that may be finalized. */
const QUARTER = (() => {
	const running = parsePeriod('quarter', periodValueContaining('quarter', localDate(new Date(), DEMO_MALL.timeZone)))!;
	return periodValueContaining('quarter', running.previous.from);
})();

/** Click a download link on the page and keep the file; its path. */
async function download(page: Page, testid: string, name: string): Promise<string> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).first().click()]);
	const path = test.info().outputPath(name);
	await file.saveAs(path);
	return path;
}

test('the manager downloads every format and each carries the dashboard’s figures; a finalized report verifies', async ({ page }) => {
	test.setTimeout(120_000);
	await signInWithForm(page, DEMO.manager);
	await page.getByRole('link', { name: 'Laporan' }).click();
	await expect(page).toHaveURL(/\/app\/reports/);
	await expect(page.getByRole('heading', { level: 2 }).first()).toContainText('Dinas Kependudukan dan Pencatatan Sipil');
	await page.getByLabel('Jenis periode').selectOption('year');
	await page.getByLabel(/^Periode \(mis./).fill(YEAR);
	await page.getByRole('button', { name: 'Tampilkan' }).click();
	await expect(page).toHaveURL(new RegExp(`value=${YEAR}`));
	const scope = new URL(page.url()).searchParams.get('scope')!;
	const ikm = parseId((await page.getByTestId('report-ikm').textContent())!);
	const respondents = parseId((await page.getByTestId('report-respondents').textContent())!);
	expect(respondents).toBeGreaterThan(100);
	await expectNoSeriousAxeViolations(page);

	// The dashboard of the same scope and period shows the same figures.
	const dashboard = await page.context().newPage();
	await dashboard.goto(`/app?scope=${scope}&period=year&value=${YEAR}`);
	expect(parseId((await dashboard.getByTestId('ikm').textContent())!)).toBe(ikm);
	expect(parseId((await dashboard.getByTestId('respondents').textContent())!)).toBe(respondents);
	await dashboard.close();

	// JSON: every figure.
	const json = JSON.parse(readFileSync(await download(page, 'download-json', 'report.json'), 'utf8'));
	expect(json.figures).toMatchObject({ ikm, respondents });
	expect(json.method.instrument).toMatchObject({ code: 'skm-2017', version: 1 });
	expect(json.codebook.length).toBeGreaterThan(9);

	// CSV with `;` (Excel, Indonesian settings), parsed: one row per respondent, the engine gives the same IKM.
	const csv = readFileSync(await download(page, 'download-csv-semicolon', 'matrix.csv'));
	expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const parsed = await readMatrixCsv(csv, SKM_CODES);
	expect(parsed.ok).toBe(true);
	if (parsed.ok) expect(ikmReport(parsed.matrix)).toMatchObject({ respondents, ikm });
	const codebook = readFileSync(await download(page, 'download-codebook', 'codebook.csv'), 'utf8');
	for (const code of SKM_CODES) expect(codebook).toContain(`\r\n${code},`);
	// The quick rating's CSV: its CSAT row, whatever the counters ran (Dukcapil's run the full SKM: none).
	const quick = readFileSync(await download(page, 'download-quick', 'quick.csv'), 'utf8');
	expect(quick).toMatch(/\r\nCSAT \(%\),/);

	// XLSX read back: the seven sheets, numbers as numbers.
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(await download(page, 'download-xlsx', 'report.xlsx'));
	expect(workbook.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Per Unsur', 'Cepat', 'Profil', 'Matriks', 'Saran', 'Metode']);
	expect(workbook.getWorksheet('Per Unsur')!.getRow(11).getCell(7).value).toBe(ikm);
	expect(workbook.getWorksheet('Matriks')!.rowCount - 1).toBe(respondents);

	// PDF: the text extracted carries the same IKM and respondents.
	const pdf = await download(page, 'download-pdf', 'report.pdf');
	const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
	expect(parseId(/IKM (\d+,\d\d)/.exec(text)![1]!)).toBe(ikm);
	expect(text).toContain(`${respondents} responden`);
	expect(text).toMatch(/Halaman 1 dari \d+/);

	// While a large export streams, the page shows its progress.
	await page.route('**/app/reports/download?*format=csv*', async (route) => {
		const response = await route.fetch();
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await route.fulfill({ response });
	});
	const slow = Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
	await expect(page.getByRole('status').filter({ has: page.locator('progress') })).toBeVisible();
	await slow;
	await expect(page.locator('progress')).toHaveCount(0);
	await page.unroute('**/app/reports/download?*format=csv*');

	// The running year cannot be final: the page says why and stores nothing.
	await page.getByRole('button', { name: 'Finalkan laporan periode ini' }).click();
	await expect(page.getByTestId('publish-refused')).toContainText('Periode ini belum berakhir menurut zona waktu mal');
	await expect(page.getByTestId('finalized')).toHaveCount(0);

	// The last ended quarter can: the hash is shown; the verification page (no sign-in needed) shows the same figures.
	await page.goto(`/app/reports?scope=${scope}&period=quarter&value=${QUARTER}`);
	const quarterIkm = parseId((await page.getByTestId('report-ikm').textContent())!);
	const quarterRespondents = parseId((await page.getByTestId('report-respondents').textContent())!);
	expect(quarterRespondents).toBeGreaterThan(5);
	await page.getByRole('button', { name: 'Finalkan laporan periode ini' }).click();
	const notice = page.getByTestId('finalized');
	await expect(notice).toBeVisible();
	const first = /([0-9a-f]{64})/.exec((await notice.textContent())!)![1]!;
	await expect(page.getByTestId('snapshot-row').first()).toContainText(QUARTER);

	// Finalizing it again replaces it, and only with a reason; the old report stays listed, superseded.
	await expect(page.getByTestId('supersede-hint')).toContainText(first.slice(0, 16));
	await page.getByLabel('Alasan penggantian').fill('Impor kertas loket yang terlambat');
	await page.getByRole('button', { name: 'Finalkan ulang dan gantikan' }).click();
	await expect(notice).toContainText('Laporan final diganti');
	const hash = /([0-9a-f]{64})/.exec((await notice.textContent())!)![1]!;
	expect(hash).not.toBe(first);
	await expect(page.getByTestId('snapshot-state').first()).toHaveText('Berlaku');
	await expect(page.getByTestId('snapshot-state').nth(1)).toContainText('Digantikan');
	const snapshotPdf = await download(page, 'snapshot-pdf', 'snapshot.pdf');
	const snapshotText = execFileSync('pdftotext', ['-layout', snapshotPdf, '-'], { encoding: 'utf8' });
	expect(snapshotText).toContain(hash);
	expect(snapshotText).toContain(`/verify/${hash}`);
	if (process.env.PUAS_SCREENSHOTS) {
		// The first three pages of a finalized report, rendered as the evaluator sees them.
		mkdirSync('docs/screenshots', { recursive: true });
		for (const pageNo of [1, 2, 3]) {
			execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', '-f', String(pageNo), '-l', String(pageNo), snapshotPdf, `docs/screenshots/laporan-skm-${pageNo}`]);
		}
	}
	await page.getByRole('button', { name: 'Terbitkan' }).first().click();
	await expect(page.getByRole('button', { name: 'Tarik dari halaman publik' }).first()).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('reports.png'), fullPage: true });
	if (process.env.PUAS_SCREENSHOTS) {
		mkdirSync('docs/screenshots', { recursive: true });
		copyFileSync(test.info().outputPath('reports.png'), 'docs/screenshots/reports.png');
	}

	const visitor = await page.context().browser()!.newContext();
	const verify = await visitor.newPage();
	await verify.goto(`/verify/${hash}`);
	await expect(verify.getByTestId('verify-status')).toContainText('utuh');
	expect(parseId((await verify.getByTestId('verify-ikm').textContent())!)).toBe(quarterIkm);
	expect(parseId((await verify.getByTestId('verify-respondents').textContent())!)).toBe(quarterRespondents);
	await expect(verify.getByTestId('verify-supersedes')).toHaveText(first);
	await expect(verify.getByTestId('verify-supersedes-reason')).toHaveText('Impor kertas loket yang terlambat');
	await expectNoSeriousAxeViolations(verify);
	// The replaced report still verifies, and says what replaced it, when and why.
	await verify.getByTestId('verify-supersedes').click();
	await expect(verify).toHaveURL(new RegExp(`/verify/${first}$`));
	await expect(verify.getByTestId('verify-status')).toContainText('utuh');
	await expect(verify.getByTestId('verify-superseded')).toBeVisible();
	await expect(verify.getByTestId('verify-superseded-by')).toHaveText(hash);
	await expect(verify.getByTestId('verify-superseded-reason')).toHaveText('Impor kertas loket yang terlambat');
	await verify.screenshot({ path: test.info().outputPath('verify-superseded.png'), fullPage: true });
	await expectNoSeriousAxeViolations(verify);
	expect((await verify.request.get(`/verify/${'0'.repeat(64)}`)).status()).toBe(404);

	// The published report on /publik, without signing in: its figures, open data as CSV and JSON, no small cells.
	await verify.goto('/');
	await verify.getByRole('link', { name: 'Laporan SKM yang diterbitkan dan data terbuka' }).click();
	// The demo publishes the mall's last complete year.
	await expect(verify.getByTestId('published-report').filter({ hasText: `Mal Pelayanan Publik Kota Kupang · ${Number(YEAR) - 1}` })).toHaveCount(1);
	const published = verify.getByTestId('published-report').filter({ hasText: `Dinas Kependudukan dan Pencatatan Sipil · ${QUARTER}` });
	await expect(published).toHaveCount(1);
	expect(parseId((await published.getByTestId('publik-ikm').textContent())!)).toBe(quarterIkm);
	await expectNoSeriousAxeViolations(verify);
	const [csvDownload] = await Promise.all([verify.waitForEvent('download'), verify.getByTestId('open-csv').click()]);
	const openCsv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n').map((line) => line.split(','));
	expect(openCsv[0]).toEqual(['periode', 'dari', 'sampai', 'laporan', 'unit_jenis', 'unit', 'instansi', 'responden', 'ikm', 'mutu', 'sha256']);
	const own = openCsv.find((row) => row[4] === 'agency' && row[10] === hash)!;
	expect([Number(own[7]), Number(own[8])]).toEqual([quarterRespondents, quarterIkm]);
	expect(openCsv.some((row) => row[10] === first)).toBe(false);
	const openJson = await (await verify.request.get('/publik/data.json')).json();
	const report = openJson.reports.find((r: { hash: string }) => r.hash === hash);
	expect(report).toMatchObject({ ikm: quarterIkm, respondents: quarterRespondents });
	expect(JSON.stringify(openJson)).not.toMatch(/"comments"|"plan"|"latest"/);
	for (const counts of Object.values(report.profile) as { count: number | null }[][]) for (const cell of counts) expect(cell.count === null || cell.count === 0 || cell.count >= 5).toBe(true);
	await verify.screenshot({ path: test.info().outputPath('publik.png'), fullPage: true });
	if (process.env.PUAS_SCREENSHOTS) copyFileSync(test.info().outputPath('publik.png'), 'docs/screenshots/publik.png');
	// The canonical bytes are for signed-in readers (they hold exact profile counts): anonymous visitors are sent to sign in.
	expect((await verify.request.get(`/app/reports/download?snapshot=${hash}&format=canonical`, { maxRedirects: 0 })).status()).toBe(303);
	await visitor.close();
	const canonical = await (await page.request.get(`/app/reports/download?snapshot=${hash}&format=canonical`)).body();
	expect(createHash('sha256').update(canonical).digest('hex')).toBe(hash);
});

test('the manager imports an earlier year from another SKM tool: a broken file is refused by row and column, a good one lands whole', async ({ page }) => {
	const example = 'docs/examples/matriks-contoh.csv';
	const expected = JSON.parse(execFileSync('npx', ['tsx', 'scripts/ikm.ts', example], { encoding: 'utf8' }));
	await signInWithForm(page, DEMO.manager);
	await page.goto('/app/reports');
	await page.getByRole('link', { name: 'Impor data SKM lama (CSV atau XLSX)' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Impor data SKM lama');
	// Only the manager's own services are offered.
	const services = await page.getByLabel('Layanan').locator('option').allTextContents();
	expect(services).toContain('Perekaman dan Pencetakan KTP-el');
	expect(services.join('|')).not.toContain('SIM');

	const year = '2023';
	const form = async (name: string, bytes: Buffer) => {
		await page.getByLabel('Layanan').selectOption({ label: 'Perekaman dan Pencetakan KTP-el' });
		await page.getByLabel('Jenis periode').selectOption('year');
		await page.getByLabel(/^Periode \(mis./).fill(year);
		await page.getByLabel('Berkas matriks (CSV atau XLSX)').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
		await page.getByRole('button', { name: 'Periksa berkas' }).click();
	};

	const broken = readFileSync(example, 'utf8').replace('\n2;Pendaftaran DTKS;3;3;3;4;3;2;3;3;3', '\n2;Pendaftaran DTKS;3;3;3;4;5;2;3;3;3');
	await form('rusak.csv', Buffer.from(broken));
	const problems = page.getByTestId('import-problems');
	await expect(problems).toContainText('5 di luar skala 1–4.');
	await expect(problems.locator('tbody tr').first()).toContainText('3');
	await expect(problems.locator('tbody tr').first()).toContainText('U5');
	await expect(page.getByRole('button', { name: /^Simpan/ })).toHaveCount(0);
	await expectNoSeriousAxeViolations(page);

	await form('matriks-contoh.csv', readFileSync(example));
	await expect(page.getByTestId('import-figures')).toBeVisible();
	expect(parseId((await page.getByTestId('import-ikm').textContent())!)).toBe(expected.ikm);
	await page.screenshot({ path: test.info().outputPath('import.png'), fullPage: true });
	if (process.env.PUAS_SCREENSHOTS) copyFileSync(test.info().outputPath('import.png'), 'docs/screenshots/import-preview.png');
	await page.getByRole('button', { name: `Simpan ${expected.respondents} responden` }).click();

	// The report of that service and year: exactly the file's figures.
	await expect(page.getByTestId('imported')).toBeVisible();
	await expect(page).toHaveURL(/scope=service-\d+/);
	expect(parseId((await page.getByTestId('report-ikm').textContent())!)).toBe(expected.ikm);
	expect(parseId((await page.getByTestId('report-respondents').textContent())!)).toBe(expected.respondents);
});
