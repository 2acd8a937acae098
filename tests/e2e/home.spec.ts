/**
 * The first page against the built app. A visitor without an account sees only published final reports: the demo
 * publishes the mall's last complete year, whose IKM equals the engine's figure on the very answers the demo
 * generator produced; a signed-in user sees the current year's live figures, equal to the engine's as well.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { yearContaining, yearPeriod } from '../../src/lib/domain/periods';
import { computeIkm, tallyAnswers } from '../../src/lib/domain/skm';
import { generateDemoResponses } from '../../src/lib/server/demo/generate';
import { DEMO_AGENCIES, DEMO_MALL } from '../../src/lib/server/demo/kupang';
import { DEMO, signIn } from './app/session';

const idNumber = (value: number, decimals = 2) =>
	new Intl.NumberFormat('id-ID', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);

function expectedFor(year: number) {
	const until = new Date(process.env.PUAS_DEMO_UNTIL!);
	const { from, to } = yearPeriod(year, DEMO_MALL.timeZone);
	const inYear = [...generateDemoResponses(until)].filter((r) => r.submittedAt >= from && r.submittedAt < to);
	const byAgency = new Map(DEMO_AGENCIES.map((a) => [a.code, computeIkm(tallyAnswers(inYear.filter((r) => r.agencyCode === a.code).map((r) => r.answers.slice(0, SKM_CODES.length)), SKM_CODES))]));
	return { year, respondents: inYear.length, mall: computeIkm(tallyAnswers(inYear.map((r) => r.answers.slice(0, SKM_CODES.length)), SKM_CODES)), byAgency };
}

test('shows a visitor the published report of the last complete year, never live figures', async ({ page }) => {
	const expected = expectedFor(yearContaining(new Date(), DEMO_MALL.timeZone) - 1);
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Indeks Kepuasan Masyarakat ${expected.year}`);
	await expect(page.getByTestId('home-published')).toContainText(`periode ${expected.year}`);
	await expect(page.getByTestId('home-live')).toHaveCount(0);
	await expect(page.getByTestId('mall-ikm')).toHaveText(idNumber(expected.mall.ikm!));
	await expect(page.getByTestId('mall-mutu')).toHaveText(expected.mall.mutu!);
	await expect(page.getByTestId('mall-respondents')).toHaveText(new Intl.NumberFormat('id-ID').format(expected.respondents));
	// Each agency from its newest published report: the year's mall report, unless a spec published a later one of its own.
	const rows = page.getByTestId('agency-table').locator('tbody tr');
	await expect(rows).toHaveCount(DEMO_AGENCIES.length);
	const ofYear = rows.filter({ has: page.getByRole('link', { name: String(expected.year), exact: true }) });
	expect(await ofYear.count()).toBeGreaterThanOrEqual(DEMO_AGENCIES.length - 1);
	for (const agency of DEMO_AGENCIES) {
		const row = ofYear.filter({ has: page.getByRole('rowheader', { name: agency.name, exact: true }) });
		if ((await row.count()) === 1) await expect(row.getByTestId('agency-ikm')).toHaveText(idNumber(expected.byAgency.get(agency.code)!.ikm!));
	}
	await page.getByTestId('home-verify').click();
	await expect(page.getByTestId('verify-status')).toContainText('utuh');
	await page.goto('/');
	await page.screenshot({ path: 'test-results/home-published.png', fullPage: true });
});

test('shows a signed-in user the live IKM of the current year, per agency, exactly as the engine computes it', async ({ page, context, baseURL }) => {
	const expected = expectedFor(yearContaining(new Date(), DEMO_MALL.timeZone));
	await signIn(context, baseURL!, DEMO.evaluator);
	await page.goto('/');
	await expect(page.getByTestId('home-live')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Indeks Kepuasan Masyarakat ${expected.year}`);
	await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	test.skip(expected.respondents === 0, 'no demo responses yet in this local year (first hours of 1 January)');

	await expect(page.getByTestId('mall-ikm')).toHaveText(idNumber(expected.mall.ikm!));
	await expect(page.getByTestId('mall-mutu')).toHaveText(expected.mall.mutu!);
	await expect(page.getByTestId('mall-kinerja')).toHaveText(expected.mall.kinerja!);
	await expect(page.getByTestId('mall-respondents')).toHaveText(new Intl.NumberFormat('id-ID').format(expected.respondents));

	const rows = page.getByTestId('agency-table').locator('tbody tr');
	await expect(rows).toHaveCount(DEMO_AGENCIES.length);
	for (const [code, result] of expected.byAgency) {
		await expect(page.locator(`tr[data-agency="${code}"] [data-testid="agency-ikm"]`)).toHaveText(idNumber(result.ikm!));
	}
	await page.screenshot({ path: 'test-results/home-id.png', fullPage: true });
});

test('switches to English without JavaScript and keeps the figures', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/');
	const ikmId = await page.getByTestId('mall-ikm').textContent();
	await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Public Satisfaction Index \d{4}$/);
	await expect(page.getByRole('columnheader', { name: 'Agency' })).toBeVisible();
	// Same figure, English decimal point.
	await expect(page.getByTestId('mall-ikm')).toHaveText(ikmId!.replace(',', '.'));
	await page.getByRole('button', { name: 'Switch language to Bahasa Indonesia' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	await context.close();
});

test('links to sign-in from the header, and to the dashboard once signed in', async ({ page, context, baseURL }) => {
	await page.goto('/');
	const header = page.getByRole('banner');
	await expect(header.getByRole('link', { name: 'Masuk' })).toHaveAttribute('href', '/login');
	await expect(header.getByRole('link', { name: 'Dasbor' })).toHaveCount(0);
	await signIn(context, baseURL!, DEMO.evaluator);
	await page.goto('/');
	await expect(header.getByRole('link', { name: 'Dasbor' })).toHaveAttribute('href', '/app');
	await expect(header.getByRole('link', { name: 'Masuk' })).toHaveCount(0);
});

test('has no serious or critical accessibility violation', async ({ page }) => {
	await page.goto('/');
	const results = await new AxeBuilder({ page }).analyze();
	const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(severe.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('the language switch only redirects within the site', async ({ request, baseURL }) => {
	for (const [to, location] of <[string, string][]>[
		['/?x=1', '/?x=1'],
		['//evil.example/', '/'],
		['https://evil.example/', '/']
	]) {
		const response = await request.post('/bahasa', {
			form: { locale: 'en', to },
			headers: { origin: baseURL! },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		expect(response.headers()['location']).toBe(location);
		expect(response.headers()['set-cookie']).toMatch(/PARAGLIDE_LOCALE=en/);
	}
	const unknown = await request.post('/bahasa', { form: { locale: 'fr', to: '/' }, headers: { origin: baseURL! }, maxRedirects: 0 });
	expect(unknown.headers()['set-cookie']).toBeUndefined();
});
