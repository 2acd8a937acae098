/**
 * The counter kiosk on a tablet (landscape and portrait projects): pairing, the survey, quick mode, idle handling,
 * the minimum interval, and the promise that no rating is ever lost — offline, across reloads, server restarts
 * and revocation.
 */
import { expect, test } from '@playwright/test';
import { Admin, KioskPage, eventually } from './kiosk-page';
import { DEMO, signIn } from '../app/session';

test.describe.configure({ mode: 'serial' });

const landscape = (name: string) => name === 'tablet-landscape';

test('pair a tablet, complete a full survey: stored with every answer and counted on the first page', async ({ page, request, baseURL }, info) => {
	const admin = new Admin(request, baseURL!);
	const counter = landscape(info.project.name) ? 'DKP-02' : 'DKP-03';
	const respondentsBefore = await readRespondents(page, baseURL!);

	const kiosk = new KioskPage(page);
	await kiosk.pairWith(admin, counter);
	await expect(page.getByText('Dinas Kependudukan dan Pencatatan Sipil').first()).toBeVisible();
	await kiosk.start();
	await expect(page.getByRole('heading', { name: /kesesuaian persyaratan pelayanan/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Sangat sesuai' })).toBeVisible();
	// Back corrects an answer; skip leaves one out.
	await kiosk.choose(1);
	await page.getByRole('button', { name: /Kembali/ }).click();
	await kiosk.answerAll([4, 3, 2, 1, 4, 3, 2]);
	await page.getByRole('button', { name: /Lewati/ }).click();
	await kiosk.choose(4);
	await page.getByRole('button', { name: 'Perempuan' }).click();
	await page.getByRole('button', { name: '26–35' }).click();
	await page.getByRole('button', { name: 'D4/S1' }).click();
	await page.getByRole('button', { name: /Lanjut/ }).click();
	await page.getByRole('textbox').fill('Petugas ramah, antrean cepat.');
	await page.getByRole('button', { name: 'Kirim' }).click();
	await expect(kiosk.thanks()).toBeVisible();
	// Thank-you for 5 s, then ready for the next citizen.
	await expect(kiosk.startButton()).toBeVisible({ timeout: 8_000 });

	const device = await eventually(
		() => admin.deviceAt(counter),
		(d) => expect(d.received).toBe(1)
	);
	const [stored] = await admin.responsesOf(device.id);
	expect(stored).toMatchObject({
		channel: 'kiosk',
		status: 'complete',
		deviceSeq: 1,
		answers: [4, 3, 2, 1, 4, 3, 2, null, 4],
		sex: 'P',
		ageBand: '26-35',
		education: 'D4-S1',
		occupation: null,
		comment: 'Petugas ramah, antrean cepat.',
		instrument: { code: 'skm-2017', version: 1 }
	});
	expect(await readRespondents(page, baseURL!)).toBe(respondentsBefore + 1);
});

test('SKM followed by IPAK: fourteen questions, stored under the SKM + IPAK instrument', async ({ page, request, baseURL }, info) => {
	const admin = new Admin(request, baseURL!);
	// Kantor Pertanahan's counters run SKM + IPAK in the demo.
	const counter = landscape(info.project.name) ? 'BPN-01' : 'BPN-02';
	const kiosk = new KioskPage(page);
	await kiosk.pairWith(admin, counter);
	await kiosk.start();
	await kiosk.answerAll([3, 3, 2, 3, 3, 3, 4, 3, 3], 1, 14);
	await expect(page.getByRole('heading', { name: /pungutan liar/ })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: /membeda-bedakan/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Tidak pernah terjadi' })).toBeVisible();
	await kiosk.answerAll([4, 4, 3, 4, 4], 10, 14);
	await page.getByRole('button', { name: /Lanjut/ }).click();
	await page.getByRole('button', { name: 'Kirim' }).click();
	await expect(kiosk.thanks()).toBeVisible();
	const device = await eventually(
		() => admin.deviceAt(counter),
		(d) => expect(d.received).toBe(1)
	);
	const [stored] = await admin.responsesOf(device.id);
	expect(stored).toMatchObject({ status: 'complete', answers: [3, 3, 2, 3, 3, 3, 4, 3, 3, 4, 4, 3, 4, 4], instrument: { code: 'skm-ipak', version: 1 } });
});

test('quick mode: a low score asks for reasons, stored with the quick instrument', async ({ page, request, baseURL }, info) => {
	const admin = new Admin(request, baseURL!);
	const counter = landscape(info.project.name) ? 'POS-01' : 'POS-02';
	await admin.setCounter(counter, { surveyMode: 'quick', minIntervalSeconds: 0 });
	const kiosk = new KioskPage(page);
	await kiosk.pairWith(admin, counter);

	await expect(page.getByRole('heading', { name: 'Bagaimana pelayanan kami hari ini?' })).toBeVisible();
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { name: 'How was our service today?' })).toBeVisible();
	await page.getByRole('button', { name: 'Dissatisfied', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'What went wrong?' })).toBeVisible();
	await page.getByRole('button', { name: 'Took too long' }).click();
	await expect(page.getByRole('button', { name: 'Took too long' })).toHaveAttribute('aria-pressed', 'true');
	await page.getByRole('textbox').fill('Queue took an hour');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
	// The next citizen starts in Bahasa Indonesia again.
	await expect(page.getByRole('heading', { name: 'Bagaimana pelayanan kami hari ini?' })).toBeVisible({ timeout: 8_000 });
	// A good score is stored at once, without reasons.
	await kiosk.choose(4);
	await expect(kiosk.thanks()).toBeVisible();

	const device = await eventually(
		() => admin.deviceAt(counter),
		(d) => expect(d.received).toBe(2)
	);
	const stored = await admin.responsesOf(device.id);
	expect(stored.map((r) => [r.answers, r.reasons, (r.instrument as { code: string }).code, r.comment])).toEqual([
		[[1], ['lama'], 'quick', 'Queue took an hour'],
		[[4], null, 'quick', null]
	]);
});

test('idle: "Masih di sana?" after 60 s, then the answers are saved as a partial response and the kiosk starts fresh', async ({ page, request, baseURL }, info) => {
	const admin = new Admin(request, baseURL!);
	const counter = landscape(info.project.name) ? 'BKS-01' : 'BKS-02';
	await page.clock.install();
	const kiosk = new KioskPage(page);
	await kiosk.pairWith(admin, counter);
	await kiosk.start();
	await kiosk.choose(4);
	await kiosk.choose(2);

	await page.clock.fastForward(61_000);
	await expect(page.getByRole('alertdialog', { name: 'Masih di sana?' })).toBeVisible();
	await page.getByRole('button', { name: 'Ya, lanjutkan' }).click();
	await expect(page.getByRole('alertdialog')).toHaveCount(0);
	await expect(page.getByText('Pertanyaan 3 dari 9')).toBeVisible();

	await page.clock.fastForward(61_000);
	await expect(page.getByRole('alertdialog')).toBeVisible();
	await page.clock.fastForward(10_000);
	await expect(kiosk.startButton()).toBeVisible();
	await kiosk.start();
	await expect(page.getByText('Pertanyaan 1 dari 9')).toBeVisible();
	await expect(page.locator('button.option.chosen')).toHaveCount(0);

	const device = await eventually(
		() => admin.deviceAt(counter),
		(d) => expect(d.received).toBe(1)
	);
	const [partial] = await admin.responsesOf(device.id);
	expect(partial).toMatchObject({ status: 'partial', answers: [4, 2, null, null, null, null, null, null, null] });
});

test('the minimum interval stores one of two quick taps and counts the other as suppressed', async ({ page, request, baseURL }, info) => {
	const admin = new Admin(request, baseURL!);
	const counter = landscape(info.project.name) ? 'BTK-01' : 'BTK-02';
	await admin.setCounter(counter, { surveyMode: 'quick', minIntervalSeconds: 20 });
	await page.clock.install();
	const kiosk = new KioskPage(page);
	await kiosk.pairWith(admin, counter);

	await kiosk.choose(4);
	await expect(kiosk.thanks()).toBeVisible();
	await page.clock.fastForward(6_000);
	await kiosk.choose(4); // 6 s later: inside the 20 s interval
	await expect(kiosk.thanks()).toBeVisible();
	await eventually(
		() => admin.deviceAt(counter),
		(d) => expect([d.received, d.suppressed]).toEqual([1, 1])
	);
	await page.clock.fastForward(6_000);
	await page.clock.fastForward(15_000); // 27 s after the first: outside it
	await kiosk.choose(3);
	await eventually(
		() => admin.deviceAt(counter),
		(d) => expect([d.received, d.suppressed]).toEqual([2, 1])
	);
});

test('offline: 25 ratings wait on the tablet, survive a reload, and arrive exactly once, sequence 1..25', async ({ page, context, request, baseURL }, info) => {
	const admin = new Admin(request, baseURL!);
	const counter = landscape(info.project.name) ? 'SIM-02' : 'OSS-01';
	await admin.setCounter(counter, { surveyMode: 'quick', minIntervalSeconds: 0 });
	await page.clock.install();
	const kiosk = new KioskPage(page);
	await kiosk.pairWith(admin, counter);
	await kiosk.waitForServiceWorker();
	const device = await admin.deviceAt(counter);

	await context.setOffline(true);
	for (let i = 0; i < 25; i++) {
		await kiosk.choose(i % 2 ? 3 : 4);
		await expect(kiosk.thanks()).toBeVisible();
		await page.clock.fastForward(5_500);
	}
	expect((await admin.deviceAt(counter)).received).toBe(0);

	await page.reload();
	await expect(page.getByRole('heading', { name: 'Bagaimana pelayanan kami hari ini?' })).toBeVisible();
	expect(await pendingInOutbox(page)).toBe(25);

	await context.setOffline(false);
	const arrived = await eventually(
		() => admin.deviceAt(counter),
		(d) => expect(d.received).toBe(25)
	);
	expect(arrived).toMatchObject({ id: device.id, highestSeq: 25, gaps: [] });
	const stored = await admin.responsesOf(device.id);
	expect(stored.map((r) => r.deviceSeq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
	expect(new Set(stored.map((r) => r.id)).size).toBe(25);
	await eventually(
		() => pendingInOutbox(page),
		(n) => expect(n).toBe(0)
	);
});

test('a revoked tablet shows "not paired", keeps its queue, and delivers it after pairing again', async ({ page, context, request, baseURL }, info) => {
	const admin = new Admin(request, baseURL!);
	const counter = landscape(info.project.name) ? 'KPP-01' : 'KPP-02';
	await admin.setCounter(counter, { surveyMode: 'quick', minIntervalSeconds: 0 });
	const kiosk = new KioskPage(page);
	await kiosk.pairWith(admin, counter);
	const device = await admin.deviceAt(counter);

	await context.setOffline(true);
	for (let i = 0; i < 3; i++) {
		await kiosk.choose(4);
		await expect(kiosk.thanks()).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Bagaimana pelayanan kami hari ini?' })).toBeVisible({ timeout: 8_000 });
	}
	await admin.revoke(device.id);
	await context.setOffline(false);

	await expect(page.getByRole('heading', { name: 'Perangkat belum dipasangkan' })).toBeVisible({ timeout: 15_000 });
	await expect(page.getByTestId('waiting-items')).toContainText('3 penilaian tersimpan');
	expect((await admin.deviceAt(counter)).received).toBe(0);

	await kiosk.pair(await admin.pairingCode(counter));
	const after = await eventually(
		() => admin.deviceAt(counter),
		(d) => expect(d.received).toBe(3)
	);
	expect(after).toMatchObject({ id: device.id, revoked: false, highestSeq: 3, gaps: [] });
});

/** The mall's respondents on the first page, as a signed-in user sees it (visitors see published figures only). */
async function readRespondents(page: import('@playwright/test').Page, baseURL: string): Promise<number> {
	const reader = await page.context().browser()!.newContext({ baseURL });
	await signIn(reader, baseURL, DEMO.evaluator);
	const other = await reader.newPage();
	await other.goto('/');
	const text = (await other.getByTestId('mall-respondents').textContent())!;
	await reader.close();
	return Number(text.replace(/\D/g, ''));
}

/** Responses waiting in the kiosk's IndexedDB outbox. */
async function pendingInOutbox(page: import('@playwright/test').Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('puas-kiosk');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('outbox').objectStore('outbox').count();
					request.onsuccess = () => {
						resolve(request.result);
						open.result.close();
					};
				};
			})
	);
}
