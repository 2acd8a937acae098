/**
 * The integrity page on the demo: the staged episode (a counter's tablet tapped all-4 in bursts before opening time on
 * three January mornings) is shown with its evidence, and the evaluator marks a flag reviewed with a note.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_OPENING_HOURS } from '../../../src/lib/server/demo/kupang';
import { DEMO_STAGED_COUNTER, stagedMornings } from '../../../src/lib/server/demo/generate';
import { expectNoSeriousAxeViolations } from './axe';
import { DEMO, signIn, signInWithForm } from './session';

/** The latest January whose staged mornings all lie before the demo's end (the start of today, UTC). */
function episodeYear(): number {
	const until = process.env.PUAS_DEMO_UNTIL!.slice(0, 10);
	const year = Number(until.slice(0, 4));
	const mornings = stagedMornings(`${year}-01-01`, until);
	return mornings.length === 3 ? year : year - 1;
}

/**
 * The demo's opening hours, saved again by its admin through the settings form: other specs post odd forms to every
 * action (tests/e2e/app/bad-input.spec.ts), and an all-blank hours form is a valid "closed every day".
 */
async function restoreDemoHours(request: APIRequestContext, baseURL: string) {
	await signIn(request, baseURL, DEMO.admin);
	const form = Object.fromEntries(
		Object.entries(DEMO_OPENING_HOURS).flatMap(([day, [interval]]) => [
			[`open${day}`, interval?.open ?? ''],
			[`close${day}`, interval?.close ?? '']
		])
	);
	const saved = await request.post('/app/admin/mall?/saveHours', { form, headers: { origin: baseURL, accept: 'text/html' }, maxRedirects: 0 });
	expect(saved.status(), await saved.text()).toBe(303);
}

test('the evaluator sees the staged episode with its evidence and marks it reviewed', async ({ page, playwright, baseURL }, testInfo) => {
	const admin = await playwright.request.newContext({ baseURL });
	await restoreDemoHours(admin, baseURL!);
	await admin.dispose();
	const year = episodeYear();
	const january = `/app/integrity?period=month&value=${year}-01`;
	await signInWithForm(page, DEMO.evaluator);
	await page.getByRole('link', { name: 'Integritas data' }).click();
	// The default period is the year so far: its checks read every response of it (about 1.5 s on the demo alone,
	// more while the other specs run).
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pemeriksaan integritas data', { timeout: 20_000 });

	await page.goto(january);
	const staged = page.getByTestId('integrity-flag').filter({ hasText: DEMO_STAGED_COUNTER });
	const bursts = staged.and(page.locator('[data-rule="burst"]'));
	await expect(bursts).toHaveCount(3);
	await expect(bursts.first()).toContainText('8 respons');
	await expect(staged.and(page.locator('[data-rule="outside_hours"]'))).toHaveCount(3);
	await expect(staged.and(page.locator('[data-rule="outside_hours"]')).first()).toContainText(/24 dari \d+ respons di luar jam layanan, pukul 07:/);
	await expect(staged.and(page.locator('[data-rule="straight_line"]')).first()).toContainText('p = ');
	// Nothing is hidden: both IKMs side by side, the one without the all-4 taps lower.
	const ikm = async (testid: string) => Number((await page.getByTestId(testid).locator('.value').textContent())!.replace(',', '.'));
	expect(await ikm('ikm-without-flagged')).toBeLessThan(await ikm('ikm-with-flagged'));
	await expect(page.getByRole('heading', { name: 'Porsi respons ponsel terbuka per loket' })).toBeVisible();
	await expect(page.getByText('6 respons tersimpan atau lebih dalam 10 menit')).toBeVisible();
	await expectNoSeriousAxeViolations(page);

	const first = bursts.first();
	const key = await first.getAttribute('id');
	await first.getByLabel('Catatan tinjauan').fill('Petugas loket mengaku mengetuk tablet sebelum buka; sudah ditegur.');
	await first.getByRole('button', { name: 'Tandai sudah ditinjau' }).click();
	await expect(page.getByRole('status')).toHaveText('Tanda ditandai sudah ditinjau.');

	await page.goto(january);
	const reviewed = page.locator(`[id="${key}"]`);
	await expect(reviewed).toContainText(`Ditinjau oleh ${DEMO.evaluator}`);
	await expect(reviewed).toContainText('sudah ditegur');
	await page.screenshot({ path: testInfo.outputPath('integrity.png'), fullPage: true });
});
