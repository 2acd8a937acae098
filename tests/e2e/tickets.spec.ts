/**
 * One-time tickets from a queue system: an admin creates the hall's integration token through the admin API, the
 * queue system issues a ticket with it (and nothing else), a citizen opens the ticket's URL on a phone and rates once,
 * and a second visit with the same ticket is refused with the message. The admin's counters page offers the phone
 * channel and the printed ticket sheet.
 */
import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './app/session';

const admin = { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, accept: 'application/json' };
const COUNTER = 'POS-02';

test('a queue system’s ticket rates once on a phone; the second visit is refused', async ({ browser, request, baseURL }) => {
	const created = await request.post('/api/v1/admin/tokens', { headers: admin, data: { label: 'Sistem antrean e2e', kind: 'integration', mall: 'mpp-kota-kupang' } });
	expect(created.status()).toBe(201);
	const { id: tokenId, token, kind } = await created.json();
	expect(kind).toBe('integration');
	const queue = { authorization: `Bearer ${token}`, accept: 'application/json' };

	// The integration token issues tickets and nothing else.
	expect((await request.get('/api/v1/admin/tokens', { headers: queue })).status()).toBe(403);
	expect((await request.get('/api/v1/indicators?scope=mall&id=1', { headers: queue })).status()).toBe(403);
	const badTimes = await request.post('/api/v1/tickets', { headers: queue, data: { counter: COUNTER, issuedAt: '2026-01-05T01:00:00Z', calledAt: '2026-01-05T00:50:00Z' } });
	expect(badTimes.status()).toBe(400);
	expect((await badTimes.json()).message).toContain('calledAt');
	expect((await request.post('/api/v1/tickets', { headers: queue, data: { counter: 'NOPE-99' } })).status()).toBe(404);

	const now = Date.now();
	const issued = await request.post('/api/v1/tickets', {
		headers: queue,
		data: { counter: COUNTER, queueNumber: 'B-017', issuedAt: new Date(now - 40 * 60_000).toISOString(), calledAt: new Date(now - 12 * 60_000).toISOString(), servedAt: new Date(now - 2 * 60_000).toISOString() }
	});
	expect(issued.status()).toBe(201);
	const ticket = await issued.json();
	expect(ticket.url).toBe(`${baseURL}/s/${COUNTER}?t=${ticket.code}`);
	expect(ticket.qrSvg).toContain('<svg');
	expect(Date.parse(ticket.expiresAt) - now).toBeGreaterThan(23 * 3600_000);

	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
	const page = await phone.newPage();
	await page.goto(ticket.url);
	await page.getByRole('button', { name: 'Mulai menilai' }).click();
	for (const value of [4, 3, 3, 4, 3, 4, 4, 3, 4]) await page.locator(`button.option[data-value="${value}"]`).click();
	await page.getByRole('button', { name: /Lanjut/ }).click();
	const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/qr/responses'));
	await page.getByRole('button', { name: 'Kirim' }).click();
	const answer = await posted;
	expect(answer.status()).toBe(201);
	const { id } = await answer.json();
	await expect(page.getByRole('heading', { name: 'Terima kasih!' })).toBeVisible();
	const stored = await request.get(`/api/v1/admin/responses/${id}`, { headers: admin });
	expect(await stored.json()).toMatchObject({ channel: 'ticket', deviceId: null, answers: [4, 3, 3, 4, 3, 4, 4, 3, 4] });

	// The same ticket again: the page says so before anyone rates, and the API refuses it.
	await page.goto(ticket.url);
	await expect(page.getByRole('alert')).toHaveText('Tiket ini sudah dipakai untuk menilai.');
	await expect(page.getByRole('button', { name: 'Mulai menilai' })).toHaveCount(0);
	await page.screenshot({ path: test.info().outputPath('ticket-used.png'), fullPage: true });
	await page.goto(`/s/${COUNTER}?t=AAAAAAAAAAAAAAAAAAAAAA`);
	await expect(page.getByRole('alert')).toHaveText(/Tiket tidak dikenal/);
	await phone.close();

	// Revoked, the queue system's token stops working.
	expect((await request.post(`/api/v1/admin/tokens/${tokenId}/revoke`, { headers: admin })).status()).toBe(200);
	expect((await request.post('/api/v1/tickets', { headers: queue, data: { counter: COUNTER } })).status()).toBe(401);
});

test('the counters page sets a counter’s phone channel and prints a sheet of tickets', async ({ page, context, baseURL, request }) => {
	await signIn(context, baseURL!, DEMO.admin);
	await page.goto('/app/admin/counters');
	const row = page.getByRole('row').filter({ hasText: 'BNT-01' });
	await row.getByLabel('Kanal ponsel').selectOption('ticket');
	await row.getByRole('button', { name: 'Simpan' }).click();
	await expect(page.getByRole('row').filter({ hasText: 'BNT-01' }).getByLabel('Kanal ponsel')).toHaveValue('ticket');
	await page.screenshot({ path: test.info().outputPath('counters.png'), fullPage: true });

	// Without a ticket the phone survey of that counter says it rates only with one.
	const phone = await context.browser()!.newContext({ viewport: { width: 390, height: 844 } });
	const survey = await phone.newPage();
	await survey.goto('/s/BNT-01');
	await expect(survey.getByRole('alert')).toContainText('hanya dapat dinilai dengan tiket');
	await survey.screenshot({ path: test.info().outputPath('ticket-required.png'), fullPage: true });
	await phone.close();

	const sheetRow = page.getByRole('row').filter({ hasText: 'BNT-01' });
	await sheetRow.getByLabel('Jumlah tiket').fill('14');
	const download = page.waitForEvent('download');
	await sheetRow.getByRole('button', { name: /Cetak tiket/ }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('tiket-BNT-01.pdf');
	const pdf = await file.createReadStream().then(async (stream) => {
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks);
	});
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);

	// Back to open, as the demo had it.
	const reopened = await request.patch('/api/v1/admin/counters/BNT-01', { headers: admin, data: { phoneChannel: 'open' } });
	expect(await reopened.json()).toMatchObject({ code: 'BNT-01', phoneChannel: 'open' });
});
