/**
 * Quick ratings on the comments page, in the browser: a tablet posts quick ratings with comments (two choosing
 * "Terlalu lama" after a low score, one satisfied), the admin reads each with its face's label and reason chips, the
 * filter form's reason narrows the list, and an unknown reason in the link is named as a filter not understood; the
 * counter's dashboard shows their CSAT, the reasons ranked and how the CSAT is reached.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './axe';
import { DEMO, signIn } from './session';

const admin = { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, accept: 'application/json' };
const COUNTER = 'SIM-01';

test('quick comments show their face and reasons, and the reason filter narrows the list', async ({ page, request, baseURL }) => {
	test.setTimeout(90_000); // three pages, two accessibility scans and the dashboard
	// A tablet paired to the counter posts three quick ratings, each with a comment carrying this run's tag.
	const created = await request.post('/api/v1/admin/pairing-codes', { headers: admin, data: { counter: COUNTER } });
	expect(created.status(), await created.text()).toBe(201);
	const pairing = await request.post('/api/v1/devices/pair', {
		headers: { origin: baseURL!, accept: 'application/json' },
		data: { code: (await created.json()).code, installationId: crypto.randomUUID() }
	});
	expect(pairing.status(), await pairing.text()).toBe(201);
	const paired = await pairing.json();
	const device = { authorization: `Bearer ${paired.token}`, accept: 'application/json' };
	const config = await (await request.get('/api/v1/kiosk/config', { headers: device })).json();

	// Letters only: the comment's digit runs would be masked as personal data.
	const tag = `cepat${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;
	const rating = (seq: number, face: number, reasons: string[], words: string) => ({
		id: crypto.randomUUID(),
		seq,
		counterId: config.counter.id,
		instrument: { code: 'quick', version: 1 },
		submittedAt: new Date(Date.now() - (10 - seq) * 1000).toISOString(),
		status: 'complete',
		answers: [face],
		...(reasons.length ? { reasons } : {}),
		comment: `${words} (${tag})`
	});
	const posted = await request.post('/api/v1/responses', {
		headers: device,
		data: {
			items: [
				rating(1, 1, ['lama', 'persyaratan'], 'Menunggu lama, syarat tidak jelas'),
				rating(2, 2, ['lama'], 'Antrean panjang sekali'),
				rating(3, 4, [], 'Pelayanan ramah')
			]
		}
	});
	expect(posted.status(), await posted.text()).toBe(200);
	expect((await posted.json()).results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored', 'stored']);

	try {
		await signIn(page.context(), baseURL!, DEMO.admin);
		await page.goto(`/app/comments?q=${tag}`);
		const cards = page.locator('li.comment');
		await expect(cards).toHaveCount(3);
		const card = (words: string) => cards.filter({ hasText: words });
		await expect(card('Menunggu lama').getByRole('list', { name: 'Penilaian cepat' })).toHaveText('Tidak puas');
		await expect(card('Menunggu lama').getByRole('list', { name: 'Penilaian cepat' }).locator('li.low')).toHaveCount(1);
		await expect(card('Menunggu lama').getByRole('list', { name: 'Alasan nilai rendah' }).getByRole('listitem')).toHaveText([
			'Terlalu lama',
			'Persyaratan tidak jelas'
		]);
		await expect(card('Antrean panjang').getByRole('list', { name: 'Penilaian cepat' })).toHaveText('Kurang puas');
		await expect(card('Pelayanan ramah').getByRole('list', { name: 'Penilaian cepat' })).toHaveText('Sangat puas');
		await expect(card('Pelayanan ramah').getByRole('list', { name: 'Penilaian cepat' }).locator('li.low')).toHaveCount(0);
		await expect(card('Pelayanan ramah').getByRole('list', { name: 'Alasan nilai rendah' })).toHaveCount(0);
		// No SKM code-and-number chips on a quick rating.
		await expect(cards.getByRole('list', { name: 'Jawaban per unsur' })).toHaveCount(0);
		await expectNoSeriousAxeViolations(page);

		// The filter form (a GET form, as without JavaScript): the reason with the words.
		await page.locator('select[name="reason"]').selectOption({ label: 'Terlalu lama' });
		await page.getByRole('button', { name: 'Terapkan' }).click();
		await expect(page).toHaveURL(/[?&]reason=lama(&|$)/);
		await expect(cards).toHaveCount(2);
		await expect(card('Pelayanan ramah')).toHaveCount(0);
		for (const words of ['Menunggu lama', 'Antrean panjang']) {
			await expect(card(words).getByRole('list', { name: 'Alasan nilai rendah' })).toContainText('Terlalu lama');
		}
		await expect(page.locator('select[name="reason"]')).toHaveValue('lama');

		await page.locator('select[name="reason"]').selectOption({ label: 'Persyaratan tidak jelas' });
		await page.getByRole('button', { name: 'Terapkan' }).click();
		await expect(cards).toHaveCount(1);
		await expect(cards).toContainText('Menunggu lama');

		// A reason no quick mode defines is named, not applied, and not an error page.
		const unknown = await page.goto(`/app/comments?q=${tag}&reason=bukan-alasan`);
		expect(unknown?.status()).toBe(200);
		await expect(page.locator('main')).toContainText('Saringan ini tidak dipahami dan diabaikan: Alasan.');
		await expect(cards).toHaveCount(3);
		const tooLong = await page.goto(`/app/comments?q=${tag}&reason=${'x'.repeat(41)}`);
		expect(tooLong?.status()).toBe(200);
		await expect(page.locator('main')).toContainText('Saringan ini tidak dipahami dan diabaikan: Alasan.');

		// The dashboard of that counter, today: the quick card (CSAT of 1, 2 and 4: one of three satisfied), its
		// reasons ranked against the two low scores, its trail, and no change to the IKM's card.
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());
		await page.goto(`/app?scope=counter-${config.counter.id}&period=custom&from=${today}&to=${today}`);
		const quick = page.getByTestId('quick');
		await expect(quick.getByTestId('quick-csat')).toHaveText('33,33 %');
		await expect(quick.getByTestId('quick-n')).toHaveText('1 dari 3 jawaban puas atau sangat puas');
		const reasons = quick.getByTestId('quick-reasons').locator('tbody tr');
		await expect(reasons.first()).toContainText('Terlalu lama');
		await expect(reasons.first()).toContainText('100,00 %');
		await expect(quick.locator('tr[data-reason="persyaratan"]')).toContainText('50,00 %');
		await quick.getByText('Jejak perhitungan CSAT').click();
		await expect(quick.getByTestId('quick-trail-values')).toContainText('1 (Tidak puas) = 1, 2 (Kurang puas) = 1, 3 (Puas) = 0, 4 (Sangat puas) = 1');
		await page.screenshot({ path: 'test-results/quick-dashboard.png', fullPage: true });
		await expectNoSeriousAxeViolations(page);
	} finally {
		// The tablet goes out of service again; its ratings stay.
		const revoked = await request.post(`/api/v1/admin/devices/${paired.device.id}/revoke`, { headers: admin });
		expect(revoked.ok()).toBe(true);
	}
});
