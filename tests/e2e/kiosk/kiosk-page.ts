/**
 * Page object for the counter kiosk, and the admin API calls the kiosk tests need.
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';

const auth = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, accept: 'application/json' });

export interface DeviceStatus {
	id: number;
	name: string;
	counterCode: string;
	highestSeq: number;
	received: number;
	suppressed: number;
	gaps: { from: number; to: number }[];
	revoked: boolean;
}

export class Admin {
	constructor(
		private readonly request: APIRequestContext,
		private readonly baseURL: string
	) {}

	private url(path: string) {
		return new URL(path, this.baseURL).toString();
	}

	async pairingCode(counter: string): Promise<string> {
		const response = await this.request.post(this.url('/api/v1/admin/pairing-codes'), { headers: auth(), data: { counter } });
		expect(response.status(), await response.text()).toBe(201);
		return (await response.json()).code;
	}

	async setCounter(code: string, change: { surveyMode?: 'full' | 'quick'; minIntervalSeconds?: number }) {
		const response = await this.request.patch(this.url(`/api/v1/admin/counters/${code}`), { headers: auth(), data: change });
		expect(response.ok(), await response.text()).toBe(true);
	}

	async devices(): Promise<DeviceStatus[]> {
		const response = await this.request.get(this.url('/api/v1/admin/devices'), { headers: auth() });
		expect(response.ok()).toBe(true);
		return (await response.json()).devices;
	}

	/** The newest tablet paired to a counter. */
	async deviceAt(counter: string): Promise<DeviceStatus> {
		const found = (await this.devices()).filter((d) => d.counterCode === counter && d.name.startsWith('Tablet') && d.id > 0);
		return found.sort((a, b) => b.id - a.id)[0]!;
	}

	async responsesOf(deviceId: number): Promise<Record<string, unknown>[]> {
		const response = await this.request.get(this.url(`/api/v1/admin/responses?device=${deviceId}`), { headers: auth() });
		expect(response.ok()).toBe(true);
		return (await response.json()).responses;
	}

	async revoke(deviceId: number) {
		const response = await this.request.post(this.url(`/api/v1/admin/devices/${deviceId}/revoke`), { headers: auth() });
		expect(response.ok()).toBe(true);
	}
}

export class KioskPage {
	constructor(readonly page: Page) {}

	async open(path = '/kiosk') {
		await this.page.goto(path);
	}

	async pair(code: string) {
		await this.page.getByLabel('Kode pemasangan').fill(code);
		await this.page.getByRole('button', { name: 'Pasangkan' }).click();
	}

	/** Pair with a fresh code for `counter` and wait for its survey. */
	async pairWith(admin: Admin, counter: string) {
		await this.open();
		await this.pair(await admin.pairingCode(counter));
		await expect(this.page.getByRole('button', { name: 'Pasangkan' })).toHaveCount(0);
	}

	startButton() {
		return this.page.getByRole('button', { name: /Sentuh untuk memberi penilaian/ });
	}

	async start() {
		await this.startButton().click();
	}

	/** Tap the option with value 1–4 on the current screen. */
	async choose(value: number) {
		await this.page.locator(`button.option[data-value="${value}"]`).click();
	}

	/** Answer the items from the current one (numbered `from`) on, of `total`. */
	async answerAll(values: readonly number[], from = 1, total = 9) {
		for (const [i, value] of values.entries()) {
			await expect(this.page.getByText(`Pertanyaan ${from + i} dari ${total}`)).toBeVisible();
			await this.choose(value);
		}
	}

	thanks() {
		return this.page.getByRole('heading', { name: 'Terima kasih!' });
	}

	/** Wait until a service worker controls the page (the kiosk then opens offline). */
	async waitForServiceWorker() {
		await this.page.waitForFunction(async () => {
			await navigator.serviceWorker.ready;
			return navigator.serviceWorker.controller !== null;
		});
	}

	/** Long-press the top-left corner and unlock the staff panel with the PIN. */
	async openStaffPanel(pin: string) {
		const corner = this.page.getByTestId('staff-corner');
		await corner.dispatchEvent('pointerdown');
		await this.page.waitForTimeout(2_200);
		await corner.dispatchEvent('pointerup');
		await this.page.locator('#staff-pin').fill(pin);
		await this.page.getByRole('button', { name: 'Buka', exact: true }).click();
		await expect(this.page.getByRole('heading', { name: 'Panel petugas' })).toBeVisible();
	}
}

/**
 * Poll `read` until `check` passes (syncing is asynchronous by design). A failed read is retried too: a polling
 * client can meet a keep-alive connection the server just closed (ECONNRESET).
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const value = await read();
			check(value);
			return value;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}
