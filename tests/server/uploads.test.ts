/**
 * Uploads cannot take the server down: an XLSX bomb (2 MB that unpacks to ~500 MB), an archive that lies about its
 * sizes, and the largest legitimate files, uploaded by a manager to the running server on PostgreSQL. The server's
 * peak memory stays under 300 MiB, it answers other requests while each file is read, and the limit is named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROWS } from '../../src/lib/server/import/file-limits';
import { buildXlsxBomb, withDeclaredSize } from '../support/xlsx';
import { hasPostgres, signInCookie, startServer, type RunningServer } from './harness';
import { MANAGER, prepareHall } from './fixtures';

const MiB = 1024 * 1024;

describe.skipIf(!hasPostgres)('uploads against the running server', () => {
	let server: RunningServer;
	let cookie: string;
	let serviceId: number;
	let serviceCode: string;
	const figures: string[] = [];

	beforeAll(async () => {
		server = await startServer();
		const { org } = await prepareHall(server);
		serviceId = org.a.service.id;
		serviceCode = org.a.service.code;
		cookie = await signInCookie(server, MANAGER.email, MANAGER.password);
	});
	afterAll(async () => {
		// The figures the issue asks for, printed for the notes (npm run test:integration shows them).
		console.log(`[uploads] ${figures.join('; ')}; server peak RSS ${server?.memory().peakMiB.toFixed(0)} MiB`);
		await server?.stop();
	});

	/** Other requests answered while `work` runs: the longest wait for one of them, in ms. */
	async function longestWaitDuring<T>(work: () => Promise<T>): Promise<{ result: T; longestMs: number; answered: number }> {
		let done = false;
		let longestMs = 0;
		let answered = 0;
		const probing = (async () => {
			while (!done) {
				const started = performance.now();
				const response = await fetch(`${server.url}/login`);
				await response.arrayBuffer();
				expect(response.status).toBe(200);
				longestMs = Math.max(longestMs, performance.now() - started);
				answered += 1;
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		})();
		const result = await work();
		done = true;
		await probing;
		return { result, longestMs, answered };
	}

	async function upload(name: string, bytes: Uint8Array) {
		const form = new FormData();
		form.set('service', String(serviceId));
		form.set('period', 'year');
		form.set('value', '2025');
		form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
		return fetch(`${server.url}/app/reports/import?/upload`, { method: 'POST', headers: { cookie, origin: server.url, accept: 'text/html' }, body: form, redirect: 'manual' });
	}

	/** Upload, follow to the preview, and return its page. */
	async function uploadAndPreview(name: string, bytes: Uint8Array) {
		const { result: response, longestMs, answered } = await longestWaitDuring(() => upload(name, bytes));
		expect(response.status, await response.clone().text()).toBe(303);
		const location = response.headers.get('location')!;
		expect(location).toMatch(/^\/app\/reports\/import\?upload=\d+$/);
		const started = performance.now();
		const preview = await fetch(`${server.url}${location}`, { headers: { cookie } });
		const previewMs = performance.now() - started;
		expect(preview.status).toBe(200);
		return { html: await preview.text(), longestMs, answered, previewMs };
	}

	it('refuses a 2 MB XLSX that unpacks to 500 MB, naming the limit, and keeps answering', async () => {
		const bomb = await buildXlsxBomb(500 * MiB);
		expect(bomb.length).toBeLessThan(3 * MiB);
		const { html, longestMs, answered } = await uploadAndPreview('bom.xlsx', bomb);
		expect(html).toContain('lebih dari 64 MiB setelah diekstrak');
		expect(html).not.toContain('name="upload"'); // nothing to commit
		expect(answered).toBeGreaterThan(0);
		expect(longestMs).toBeLessThan(1000);
		figures.push(`bomb ${(bomb.length / MiB).toFixed(1)} MiB → 500 MiB: refused, longest other request ${longestMs.toFixed(0)} ms`);
	});

	it('refuses the same bomb when its archive claims the sheet is 1 MiB (the inflated bytes are counted)', async () => {
		const liar = withDeclaredSize(await buildXlsxBomb(500 * MiB), 'xl/worksheets/sheet1.xml', MiB);
		const { html, longestMs } = await uploadAndPreview('bohong.xlsx', liar);
		expect(html).toMatch(/XLSX tidak dapat dibaca|melebihi batas/);
		expect(longestMs).toBeLessThan(1000);
		figures.push(`lying bomb: refused, longest other request ${longestMs.toFixed(0)} ms`);
	});

	it(`reads the largest file allowed (${MAX_ROWS - 1} respondents as CSV) and refuses one row more`, async () => {
		const rows = (n: number) => `U1,U2,U3,U4,U5,U6,U7,U8,U9\n${'4,3,4,3,4,3,4,3,4\n'.repeat(n)}`;
		const largest = await uploadAndPreview('besar.csv', new TextEncoder().encode(rows(MAX_ROWS - 1)));
		expect(largest.html).toMatch(/99[.]?999 responden/);
		expect(largest.longestMs).toBeLessThan(1000);
		// The preview is what was stored at upload: it is not read again.
		expect(largest.previewMs).toBeLessThan(1000);
		const over = await uploadAndPreview('terlalu-besar.csv', new TextEncoder().encode(rows(MAX_ROWS)));
		expect(over.html).toMatch(/lebih dari 100[.]?000 baris/);
		figures.push(`CSV of ${MAX_ROWS - 1} rows: read, longest other request ${largest.longestMs.toFixed(0)} ms, preview ${largest.previewMs.toFixed(0)} ms`);
	});

	it('refuses a volume CSV past its limits with the problem named', async () => {
		const form = new FormData();
		form.set('file', new Blob([`layanan,bulan,dilayani${',x'.repeat(100)}\n${serviceCode},2025-05,10\n`]), 'volume.csv');
		const response = await fetch(`${server.url}/app/volumes?/import`, { method: 'POST', headers: { cookie, origin: server.url, accept: 'text/html' }, body: form, redirect: 'manual' });
		expect(response.status).toBe(400);
		expect(await response.text()).toMatch(/lebih dari 64 kolom/);
	});

	it('kept the server under 300 MiB through all of it', () => {
		expect(server.memory().peakMiB).toBeLessThan(300);
		expect(server.process.exitCode).toBeNull();
	});
});
