/**
 * The Laporan SKM exports: for one scope and period, the figures in the PDF, XLSX, CSV and JSON, the dashboard and
 * `npm run ikm` on the exported matrix are identical; finalized snapshots never change; access is the dashboard's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { ikmReport } from '../../src/lib/domain/ikm-report';
import { localDate } from '../../src/lib/domain/periods';
import { parsePeriod } from '../../src/lib/domain/report-period';
import type { Access } from '../../src/lib/domain/roles';
import { krejcieMorganTarget } from '../../src/lib/domain/sampling';
import { AGE_BANDS, EDUCATIONS, OCCUPATIONS } from '../../src/lib/domain/profile';
import { malls, responses, reportSnapshots } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { loadDashboard } from '../../src/lib/server/indicators/dashboard';
import { readMatrixCsv } from '../../src/lib/server/import/matrix-csv';
import { exportResponse, parseExportRequest, resolveReport, type ExportFormat } from '../../src/lib/server/reports/exports';
import { buildReport } from '../../src/lib/server/reports/report';
import { MATRIX_COLUMNS, matrixCsvChunks, matrixCsvStream, matrixValueRows, matrixValues } from '../../src/lib/server/reports/matrix-export';
import { matrixComments, matrixRows } from '../../src/lib/server/reports/queries';
import { canonicalJson, finalizeReport, findSnapshotByHash, setPublished, sha256Hex } from '../../src/lib/server/reports/snapshots';
import { openDataRows, publicTrends, publishedReports, verificationOf } from '../../src/lib/server/reports/publication';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { storeVolumes } from '../../src/lib/server/volumes/volumes';
import { eq } from 'drizzle-orm';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

/** The distinct field paths of a JSON value, sorted ("[]" for any array element): its shape, whatever the values. */
function fieldPaths(value: unknown): string[] {
	const paths = new Set<string>();
	const walk = (v: unknown, at: string) => {
		if (Array.isArray(v)) for (const item of v) walk(item, `${at}[]`);
		else if (v !== null && typeof v === 'object') {
			for (const [key, inner] of Object.entries(v)) {
				paths.add(at ? `${at}.${key}` : key);
				walk(inner, at ? `${at}.${key}` : key);
			}
		}
	};
	walk(value, '');
	return [...paths].sort();
}

let handle: TestDb;
let org: Organization;
let dir: string;
/** The responses the tests start from, as inserted. */
let fixture: (typeof responses.$inferInsert)[];
const Q1 = parsePeriod('quarter', '2026-Q1')!;
/** Tests finalize the same ended period more than once: each later finalization replaces the current one, with a reason. */
const AGAIN = { reason: 'finalized again by a later test' };

/** A deterministic stream of numbers in [0, 1) (a test must give the same data every run). */
function lcg(seed: number) {
	let state = seed;
	return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'report-mall');
	dir = mkdtempSync(join(tmpdir(), 'puas-report-'));
	const random = lcg(42);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
	const rows = [];
	for (let i = 0; i < 240; i++) {
		// Mostly 3s and 4s, U3 weaker, some skips; spread over January–March 2026 and both agencies.
		const answers: (number | null)[] = SKM_CODES.map((code) => (random() < 0.04 ? null : code === 'U3' ? pick([1, 2, 3, 3]) : pick([2, 3, 3, 4, 4, 4])));
		if (!answers.some((a) => a !== null)) answers[0] = 4;
		const day = 1 + Math.floor(random() * 89);
		rows.push(
			responseRow(org, random() < 0.7 ? 'a' : 'b', answers, {
				submittedAt: new Date(Date.UTC(2026, 0, day, 1 + Math.floor(random() * 8))),
				status: random() < 0.1 ? 'partial' : 'complete',
				sex: random() < 0.2 ? null : pick(['L', 'P'] as const),
				ageBand: pick(AGE_BANDS.slice(1)),
				education: pick(EDUCATIONS),
				occupation: pick(OCCUPATIONS),
				comment: random() < 0.15 ? `Saran nomor ${i}; "antrean", mohon dipercepat` : null
			})
		);
	}
	// Local-time edges (Kupang, UTC+8): 31 Dec 2025 16:30 UTC is 1 Jan 2026 there (in Q1); 31 Mar 16:30 UTC is April (out).
	rows.push(responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { submittedAt: new Date('2025-12-31T16:30:00Z') }));
	rows.push(responseRow(org, 'a', [1, 1, 1, 1, 1, 1, 1, 1, 1], { submittedAt: new Date('2026-03-31T16:30:00Z') }));
	// The previous quarter, for the trend.
	rows.push(responseRow(org, 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], { submittedAt: new Date('2025-11-10T02:00:00Z') }));
	await handle.db.insert(responses).values(rows);
	await rebuildRollups(handle.db);
	fixture = rows;
});
afterAll(async () => {
	await handle?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const admin = () => ({ userId: null, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const managerOfB = () => ({ userId: null, role: 'manager' as const, mallId: org.mall.id, agencyIds: [org.b.agency.id] });
const evaluator = () => ({ userId: null, role: 'evaluator' as const, mallId: org.mall.id, agencyIds: null });

/** Download one format of agency a's Q1 report (or a snapshot) into a file; its path and bytes. */
async function download(format: ExportFormat, extra: Record<string, string> = {}, access: Access = admin()) {
	const params = new URLSearchParams({ format, scope: `agency-${org.a.agency.id}`, period: 'quarter', value: '2026-Q1', ...extra });
	if (extra.snapshot) {
		params.delete('scope');
		params.delete('period');
		params.delete('value');
	}
	const request = parseExportRequest(params);
	if (!request.ok) throw new Error(request.message);
	const resolved = await resolveReport(handle.db, access, request);
	if (!resolved) return null;
	const response = await exportResponse(handle.db, resolved, request.format, request.delimiter, (hash) => `https://puas.example/verify/${hash}`);
	const bytes = Buffer.from(await response.arrayBuffer());
	const path = join(dir, `${format}-${extra.sep ?? ''}${extra.snapshot?.slice(0, 8) ?? ''}.${format === 'codebook' ? 'csv' : format}`);
	writeFileSync(path, bytes);
	return { path, bytes, response };
}

/** "87,65" → 87.65 (the PDF prints Indonesian notation). */
const fromId = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));

describe('one scope and period, every format', () => {
	it('the dashboard, JSON, CSV (both separators), npm run ikm, XLSX and PDF agree on every figure', async () => {
		const dashboard = (await loadDashboard(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, Q1))!;
		const figures = dashboard.current;
		expect(figures.respondents).toBeGreaterThan(100);
		expect(figures.ikm).not.toBeNull();

		// JSON: every figure, the method flags, the instrument version and the codebook.
		const json = JSON.parse((await download('json'))!.bytes.toString('utf8'));
		expect(json.figures).toMatchObject({ ikm: figures.ikm, ikmExact: figures.ikmExact, respondents: figures.respondents, mutu: figures.mutu });
		expect(json.unsur.map((u: { code: string; sum: number; n: number; index: number }) => [u.code, u.sum, u.n, u.index])).toEqual(
			figures.unsur.map((u) => [u.code, u.sum, u.n, u.index])
		);
		expect(json.method.instrument).toEqual({ code: 'skm-2017', version: 1, title: 'Survei Kepuasan Masyarakat' });
		expect(json.method.flags.weight).toBe('1/9 (exact)');
		expect(json.codebook.map((c: { column: string }) => c.column)).toEqual(expect.arrayContaining([...SKM_CODES, 'Waktu', 'Layanan']));
		expect(json.trend[1]).toMatchObject({ value: '2025-Q4', respondents: 1 });
		expect(json.weakest[0].code).toBe('U3');
		expect(json.matrixRows).toBe(figures.respondents);

		// CSV: UTF-8 with BOM, one row per respondent, the engine on it gives the same IKM — with `,` and with `;`.
		for (const sep of ['comma', 'semicolon']) {
			const csv = (await download('csv', { sep }))!;
			expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			expect(csv.response.headers.get('x-puas-rows')).toBe(String(figures.respondents));
			expect(csv.bytes.toString('utf8').split('\r\n')[0]).toContain(sep === 'comma' ? 'No,Waktu' : 'No;Waktu');
			const parsed = await readMatrixCsv(csv.bytes, SKM_CODES);
			expect(parsed.ok).toBe(true);
			if (!parsed.ok) return;
			const fromMatrix = ikmReport(parsed.matrix);
			expect(fromMatrix.respondents).toBe(figures.respondents);
			expect(fromMatrix.ikm).toBe(figures.ikm);
			expect(fromMatrix.ikmExact).toBe(figures.ikmExact);
			expect(SKM_CODES.map((code) => [fromMatrix.unsur[code]!.sum, fromMatrix.unsur[code]!.n])).toEqual(figures.unsur.map((u) => [u.sum, u.n]));
		}

		// The evaluator CLI on the exported file: the same figures, computed by a separate process.
		const csvPath = (await download('csv', { sep: 'semicolon' }))!.path;
		const cli = JSON.parse(execFileSync('npx', ['tsx', 'scripts/ikm.ts', csvPath], { encoding: 'utf8' }));
		expect(cli).toMatchObject({ respondents: figures.respondents, ikm: figures.ikm, ikmExact: figures.ikmExact, mutu: figures.mutu });

		// XLSX: the seven sheets, numbers as numbers, the matrix recomputes to the same IKM.
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile((await download('xlsx'))!.path);
		expect(workbook.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Per Unsur', 'Cepat', 'Profil', 'Matriks', 'Saran', 'Metode']);
		const perUnsur = workbook.getWorksheet('Per Unsur')!;
		for (const [i, u] of figures.unsur.entries()) {
			const row = perUnsur.getRow(i + 2);
			expect([row.getCell(1).value, row.getCell(3).value, row.getCell(4).value, row.getCell(7).value]).toEqual([u.code, u.sum, u.n, u.index]);
		}
		expect(perUnsur.getRow(11).getCell(7).value).toBe(figures.ikm);
		const summary = workbook.getWorksheet('Ringkasan')!;
		const summaryValue = (label: string) => summary.getColumn(1).values.indexOf(label);
		expect(summary.getRow(summaryValue('IKM')).getCell(2).value).toBe(figures.ikm);
		expect(summary.getRow(summaryValue('Jumlah responden')).getCell(2).value).toBe(figures.respondents);
		const matrix = workbook.getWorksheet('Matriks')!;
		const header = (matrix.getRow(1).values as unknown[]).slice(1);
		const answers: (number | null)[][] = [];
		matrix.eachRow((row, n) => {
			if (n > 1) answers.push(SKM_CODES.map((code) => (row.getCell(header.indexOf(code) + 1).value as number | null) ?? null));
		});
		expect(answers).toHaveLength(figures.respondents);
		expect(ikmReport({ codes: SKM_CODES, answers, rows: answers.map((_, i) => i + 2) }).ikm).toBe(figures.ikm);
		const saran = workbook.getWorksheet('Saran')!;
		expect(saran.rowCount - 1).toBe(json.comments.withComment);

		// PDF: A4, text extracted by pdftotext carries the same IKM, per-unsur indexes and page numbers.
		const pdf = (await download('pdf'))!;
		expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const info = execFileSync('pdfinfo', [pdf.path], { encoding: 'utf8' });
		expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
		const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
		const text = execFileSync('pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' });
		expect(fromId(/IKM (\d+,\d\d)/.exec(text)![1]!)).toBe(figures.ikm);
		expect(text).toContain(`${figures.respondents} responden`);
		for (const u of figures.unsur) expect(text).toMatch(new RegExp(`${u.code}\\s+\\S.*\\s${u.sum}\\s+${u.n}\\s+.*${String(u.index!.toFixed(2)).replace('.', ',')}`));
		expect(text).toContain(`Halaman ${pages} dari ${pages}`);
		expect(text).toContain('Belum final');
	}, 120_000);

	it('the CSV stream (COPY on PostgreSQL) holds exactly the bytes of the paged writer', async () => {
		const range = { mallId: org.mall.id, timeZone: 'Asia/Makassar', from: Q1.from, to: Q1.to, receivedBy: null };
		for (const delimiter of [',', ';'] as const) {
			const scope = { type: 'mall' as const, id: org.mall.id };
			let paged = '';
			for await (const chunk of matrixCsvChunks(handle.db, scope, range, delimiter)) paged += chunk;
			const streamed = Buffer.from(await new Response(await matrixCsvStream(handle.db, scope, range, delimiter)).arrayBuffer()).toString('utf8');
			expect(streamed.length).toBeGreaterThan(1000);
			expect(streamed).toBe(paged);
		}
	});

	it('the XLSX matrix (COPY on PostgreSQL) holds the values of the paged rows', async () => {
		const range = { mallId: org.mall.id, timeZone: 'Asia/Makassar', from: Q1.from, to: Q1.to, receivedBy: null };
		const scope = { type: 'mall' as const, id: org.mall.id };
		const paged: unknown[][] = [];
		const pagedComments: unknown[][] = [];
		let no = 0;
		for await (const page of matrixRows(handle.db, scope, range, SKM_CODES)) {
			for (const row of page) {
				paged.push(matrixValues(++no, row));
				if (row.comment) pagedComments.push([no, row.at, row.service, row.comment]);
			}
		}
		const streamed: unknown[][] = [];
		for await (const rows of matrixValueRows(handle.db, scope, range)) streamed.push(...rows);
		expect(streamed.length).toBeGreaterThan(100);
		expect(streamed).toEqual(paged);
		// With comments: the same rows, and each comment handed over with its row (as the Saran sheet keeps them) …
		const kept: unknown[][] = [];
		const withComments: unknown[][] = [];
		for await (const rows of matrixValueRows(handle.db, scope, range, (values, comment) => kept.push([values[0], values[1], values[3], comment]))) withComments.push(...rows);
		expect(withComments).toEqual(paged);
		expect(kept.length).toBeGreaterThan(10);
		expect(kept).toEqual(pagedComments);
		// … and the query the sheet falls back on when they are too many numbers them the same way.
		const queried: unknown[][] = [];
		for await (const page of matrixComments(handle.db, scope, range, 7)) for (const c of page) queried.push([c.no, c.at, c.service, c.comment]);
		expect(queried).toEqual(pagedComments);
	});

	it('the XLSX reads back with its header styles, percent format and each comment numbered as its matrix row', async () => {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile((await download('xlsx'))!.path);
		expect(workbook.creator).toBe('Puas');
		const matrix = workbook.getWorksheet('Matriks')!;
		expect((matrix.getRow(1).values as unknown[]).slice(1)).toEqual([...MATRIX_COLUMNS]);
		expect(matrix.getRow(1).getCell(1).font?.bold).toBe(true);
		expect(matrix.getColumn(3).width).toBe(24);
		expect(matrix.getRow(2).getCell(1).value).toBe(1);
		expect(typeof matrix.getRow(2).getCell(MATRIX_COLUMNS.indexOf('U1') + 1).value).toBe('number');
		const profile = workbook.getWorksheet('Profil')!;
		expect(profile.getRow(2).getCell(4).numFmt).toBe('0.0%');
		expect(typeof profile.getRow(2).getCell(4).value).toBe('number');
		const saran = workbook.getWorksheet('Saran')!;
		expect(saran.rowCount).toBeGreaterThan(1);
		const at = MATRIX_COLUMNS.indexOf('Waktu') + 1;
		const service = MATRIX_COLUMNS.indexOf('Layanan') + 1;
		saran.eachRow((row, n) => {
			if (n === 1) return;
			const no = row.getCell(1).value as number;
			const inMatrix = matrix.getRow(no + 1);
			expect([inMatrix.getCell(1).value, inMatrix.getCell(at).value, inMatrix.getCell(service).value]).toEqual([no, row.getCell(2).value, row.getCell(3).value]);
			expect(String(row.getCell(4).value).length).toBeGreaterThan(0);
		});
	});

	it('a manager downloads only their agencies; an unknown or foreign scope is null (a 404 at the edge)', async () => {
		expect(await download('json', {}, managerOfB())).toBeNull();
		const own = await download('json', { scope: `agency-${org.b.agency.id}` }, managerOfB());
		expect(JSON.parse(own!.bytes.toString()).identity.scope.id).toBe(org.b.agency.id);
		expect(await download('json', { scope: `mall-${org.mall.id}` }, managerOfB())).toBeNull();
		expect(await download('json', { scope: 'agency-99999' })).toBeNull();
	});

	it('names the bad field of a download query', () => {
		expect(parseExportRequest(new URLSearchParams({ format: 'docx' }))).toMatchObject({ ok: false, field: 'format' });
		expect(parseExportRequest(new URLSearchParams({ format: 'csv', sep: 'tab' }))).toMatchObject({ ok: false, field: 'sep' });
		expect(parseExportRequest(new URLSearchParams({ format: 'csv', scope: 'agency-x' }))).toMatchObject({ ok: false, field: 'scope' });
		expect(parseExportRequest(new URLSearchParams({ format: 'csv', scope: 'agency-1', period: 'quarter', value: '2026-Q5' }))).toMatchObject({ ok: false, field: 'period' });
		expect(parseExportRequest(new URLSearchParams({ format: 'pdf', snapshot: 'abc' }))).toMatchObject({ ok: false, field: 'snapshot' });
	});
});

describe('finalized snapshots', () => {
	it('freeze the figures under the SHA-256 of their canonical JSON; later data never changes them', async () => {
		const scope = { type: 'agency' as const, id: org.a.agency.id };
		const hash = (await finalizeReport(handle.db, admin(), null, scope, Q1, AGAIN)).hash!;
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		const snapshot = (await findSnapshotByHash(handle.db, hash))!;
		expect(snapshot.intact).toBe(true);
		expect(sha256Hex(snapshot.canonical)).toBe(hash);
		expect(canonicalJson(JSON.parse(snapshot.canonical))).toBe(snapshot.canonical);
		// Comment texts never enter the frozen JSON (anyone with the hash sees its figures); the PDF reads them by the cut-off.
		expect(snapshot.canonical).not.toContain('Saran nomor');
		const inQ1 = (at: Date) => localDate(at, org.mall.timeZone) >= Q1.from && localDate(at, org.mall.timeZone) <= Q1.to;
		const commented = fixture.filter((r) => r.agencyId === org.a.agency.id && r.comment && inQ1(r.submittedAt!));
		expect(commented.length).toBeGreaterThan(0);
		expect(snapshot.report.comments.withComment).toBe(commented.length);
		const frozen = snapshot.report;
		const csvBefore = (await download('csv', { snapshot: hash }))!.bytes;

		// A late response inside Q1 arrives: the live report moves, the snapshot does not.
		await handle.db.insert(responses).values(responseRow(org, 'a', [1, 1, 1, 1, 1, 1, 1, 1, 1], { submittedAt: new Date('2026-02-02T02:00:00Z') }));
		await rebuildRollups(handle.db);
		const live = (await buildReport(handle.db, admin(), scope, Q1))!;
		expect(live.figures.respondents).toBe(frozen.figures.respondents + 1);
		expect(live.figures.ikm).not.toBe(frozen.figures.ikm);

		const json = JSON.parse((await download('json', { snapshot: hash }))!.bytes.toString());
		expect(json.figures).toEqual(frozen.figures);
		expect(json.snapshot).toBe(hash);
		const csvAfter = (await download('csv', { snapshot: hash }))!.bytes;
		expect(csvAfter.equals(csvBefore)).toBe(true);
		const parsed = await readMatrixCsv(csvAfter, SKM_CODES);
		expect(parsed.ok && ikmReport(parsed.matrix).ikm).toBe(frozen.figures.ikm);

		const pdf = (await download('pdf', { snapshot: hash }))!;
		const text = execFileSync('pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
		expect(text).toContain(hash);
		expect(text).toContain(`https://puas.example/verify/${hash}`);
		expect(text).toContain('Saran nomor');
		expect(fromId(/IKM (\d+,\d\d)/.exec(text)![1]!)).toBe(frozen.figures.ikm);
	}, 60_000);

	it('the database refuses to change or delete a snapshot; only its publication may change', async () => {
		const hash = (await finalizeReport(handle.db, admin(), null, { type: 'agency', id: org.b.agency.id }, Q1, AGAIN)).hash!;
		const refusal = (query: Promise<unknown>) =>
			query.then(
				() => 'accepted',
				(err: Error & { cause?: Error }) => err.cause?.message ?? err.message
			);
		expect(await refusal(handle.db.update(reportSnapshots).set({ canonical: '{}' }).where(eq(reportSnapshots.hash, hash)))).toMatch(/only its publication may change/);
		expect(await refusal(handle.db.update(reportSnapshots).set({ periodValue: '2026-Q2' }).where(eq(reportSnapshots.hash, hash)))).toMatch(/only its publication/);
		expect(await refusal(handle.db.delete(reportSnapshots).where(eq(reportSnapshots.hash, hash)))).toMatch(/cannot be deleted/);
		expect(await setPublished(handle.db, admin(), hash, true)).toBe('done');
		expect((await findSnapshotByHash(handle.db, hash))!.published).toBe(true);
		expect(await handle.db.select().from(reportSnapshots).where(eq(reportSnapshots.hash, hash))).toHaveLength(1);
	});

	it('managers finalize and publish their own agencies; evaluators and other agencies may not', async () => {
		const scopeA = { type: 'agency' as const, id: org.a.agency.id };
		expect(await finalizeReport(handle.db, evaluator(), null, scopeA, Q1)).toEqual({ refused: 'forbidden' });
		expect(await finalizeReport(handle.db, managerOfB(), null, scopeA, Q1)).toEqual({ refused: 'forbidden' });
		expect(await finalizeReport(handle.db, managerOfB(), null, { type: 'mall', id: org.mall.id }, Q1)).toEqual({ refused: 'forbidden' });
		const own = (await finalizeReport(handle.db, managerOfB(), null, { type: 'agency', id: org.b.agency.id }, Q1, AGAIN)).hash;
		expect(own).toMatch(/^[0-9a-f]{64}$/);
		const hashOfA = (await finalizeReport(handle.db, admin(), null, scopeA, Q1, AGAIN)).hash!;
		expect(await setPublished(handle.db, managerOfB(), hashOfA, true)).toBe('not_found');
		expect(await setPublished(handle.db, evaluator(), hashOfA, true)).toBe('not_found');
	});

	it('/publik shows only published reports: no comments, no plans, no profile cell under 5', async () => {
		const scope = { type: 'agency' as const, id: org.a.agency.id };
		const hash = (await finalizeReport(handle.db, admin(), null, scope, parsePeriod('month', '2026-01')!, AGAIN)).hash!;
		const hidden = (await finalizeReport(handle.db, admin(), null, scope, parsePeriod('month', '2026-02')!, AGAIN)).hash!;
		const before = await publishedReports(handle.db, org.mall.id);
		expect(before.some((r) => r.hash === hash || r.hash === hidden)).toBe(false);
		expect(await setPublished(handle.db, admin(), hash, true)).toBe('done');
		const published = await publishedReports(handle.db, org.mall.id);
		const mine = published.find((r) => r.hash === hash)!;
		const frozen = (await findSnapshotByHash(handle.db, hash))!.report;
		expect(mine).toMatchObject({ ikm: frozen.figures.ikm, respondents: frozen.figures.respondents, mutu: frozen.figures.mutu });
		expect(published.some((r) => r.hash === hidden)).toBe(false);
		expect(JSON.stringify(published)).not.toContain('Saran nomor');
		// Every field the public gets, by path: a comment, a plan or a raw answer under any name is a field too many.
		const unit = ['type', 'name', 'agency', 'respondents', 'ikm', 'mutu', 'kinerja'].map((k) => `units[].${k}`);
		const profile = ['sex', 'age_band', 'education', 'occupation'].flatMap((f) => [`profile.${f}`, `profile.${f}[].value`, `profile.${f}[].count`]);
		expect(fieldPaths(published)).toEqual(
			[
				'[].hash', '[].scope', '[].scope.type', '[].scope.id', '[].scope.name', '[].period', '[].period.kind', '[].period.value',
				'[].period.from', '[].period.to', '[].publishedAt', '[].respondents', '[].ikm', '[].mutu', '[].kinerja', '[].units',
				...unit.map((p) => `[].${p}`), '[].profile', ...profile.map((p) => `[].${p}`)
			].sort()
		);
		for (const counts of Object.values(mine.profile)) for (const cell of counts) expect(cell.count === null || cell.count === 0 || cell.count >= 5).toBe(true);
		// A January month of ~50 respondents has small cells (a profile value with 1–4 people): they are hidden, not dropped.
		const exact = Object.values(frozen.profile).flat();
		const small = exact.filter((c) => c.count > 0 && c.count < 5).length;
		expect(small).toBeGreaterThan(0);
		expect(Object.values(mine.profile).flat().filter((c) => c.count === null)).toHaveLength(small);
		const rows = openDataRows(published);
		expect(rows[0]).toEqual(['2026-01', '2026-01-01', '2026-01-31', 'Agency a', 'agency', 'Agency a', 'Agency a', frozen.figures.respondents, frozen.figures.ikm, frozen.figures.mutu, hash]);
		expect(publicTrends(published).find((t) => t.scope.id === org.a.agency.id)!.points.map((p) => p.period)).toContain('2026-01');
		// Withdrawn, it disappears again.
		expect(await setPublished(handle.db, admin(), hash, false)).toBe('done');
		expect((await publishedReports(handle.db, org.mall.id)).some((r) => r.hash === hash)).toBe(false);
	});
});

describe('the mall and its population, as stored and as the dashboard reads them', () => {
	/** A mall's name that already says what it is (the demo's), so a prefix would double it. */
	const NAME = 'Mal Pelayanan Publik Kota Kupang';
	const occurrences = (text: string, part: string) => text.split(part).length - 1;
	const pdfText = async (extra: Record<string, string>) =>
		execFileSync('pdftotext', [(await download('pdf', extra))!.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	/** Every cell of the XLSX summary sheet, row by row, as text. */
	const summaryCells = async (extra: Record<string, string>) => {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile((await download('xlsx', extra))!.path);
		const rows: string[][] = [];
		workbook.getWorksheet('Ringkasan')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
		return rows;
	};

	it('prints the mall’s name once, as stored: the PDF cover, the XLSX summary and /verify never prefix it', async () => {
		await handle.db.update(malls).set({ name: NAME }).where(eq(malls.id, org.mall.id));
		const mall = { scope: `mall-${org.mall.id}` };

		// PDF: the cover names the mall once; nowhere does "Mal Pelayanan Publik" precede the name.
		const mallPdf = await pdfText(mall);
		expect(mallPdf).not.toContain('Mal Pelayanan Publik Mal Pelayanan Publik');
		const cover = mallPdf.slice(0, mallPdf.indexOf('Periode 2026-Q1'));
		expect(cover).toContain(`LAPORAN SURVEI KEPUASAN MASYARAKAT ${NAME}`);
		expect(occurrences(cover, NAME)).toBe(1);
		// An agency's cover: the agency with its kind, then the mall's name once.
		const agencyPdf = await pdfText({});
		expect(agencyPdf).not.toContain('Mal Pelayanan Publik Mal Pelayanan Publik');
		expect(agencyPdf.slice(0, agencyPdf.indexOf('Periode 2026-Q1'))).toContain(`Instansi Agency a ${NAME}`);

		// XLSX: the mall's report has one cell with its name, no label repeating it; an agency's names the mall as the place.
		const mallRows = await summaryCells(mall);
		expect(mallRows.flat().filter((cell) => cell.includes(NAME))).toEqual([NAME]);
		expect(mallRows.flat().some((cell) => cell.startsWith('Mal Pelayanan Publik') && cell !== NAME)).toBe(false);
		expect(mallRows.find((r) => r[0] === 'Unit pelayanan')).toEqual(['Unit pelayanan', NAME]);
		const agencyRows = await summaryCells({});
		expect(agencyRows.find((r) => r[0] === 'Unit pelayanan')).toEqual(['Unit pelayanan', 'Instansi Agency a']);
		expect(agencyRows.find((r) => r[0] === 'Tempat')).toEqual(['Tempat', NAME]);

		// /verify/<hash> loads verificationOf: the mall's report names the mall once, an agency's names both.
		const mallHash = (await finalizeReport(handle.db, admin(), null, { type: 'mall', id: org.mall.id }, Q1, AGAIN)).hash!;
		expect(verificationOf((await findSnapshotByHash(handle.db, mallHash))!).unit).toEqual({ name: NAME, mall: null });
		const agencyHash = (await finalizeReport(handle.db, admin(), null, { type: 'agency', id: org.a.agency.id }, Q1, AGAIN)).hash!;
		expect(verificationOf((await findSnapshotByHash(handle.db, agencyHash))!).unit).toEqual({ name: 'Agency a', mall: NAME });
	}, 60_000);

	it('prints the letterhead and the signature block of the hall settings: address, place and date, head of unit, NIP', async () => {
		const mall = { scope: `mall-${org.mall.id}` };
		// Unset, the block leaves dotted lines to sign by hand, dated by the day it is printed in the hall's zone.
		await handle.db.update(malls).set({ name: NAME, city: 'Kota Kupang', address: null, headName: null, headNip: null }).where(eq(malls.id, org.mall.id));
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-04-15T17:30:00Z')); // 16 April, 01.30 in Kupang
		try {
			const blank = await pdfText(mall);
			expect(blank).toMatch(/Kota Kupang, 16 April 2026 Kepala Mal Pelayanan Publik Kota Kupang \.{10,} NIP \.{10,}/);
		} finally {
			vi.useRealTimers();
		}
		await handle.db
			.update(malls)
			.set({ address: 'Jl. Frans Seda No. 1, Kupang', headName: 'Drs. Yohanes Benu', headNip: '197001011995031001' })
			.where(eq(malls.id, org.mall.id));
		const text = await pdfText(mall);
		const cover = text.slice(0, text.indexOf('Periode 2026-Q1'));
		expect(cover).toContain(`${NAME} Jl. Frans Seda No. 1, Kupang`);
		expect(text).toMatch(/Kota Kupang, \d{1,2} \w+ \d{4} Kepala Mal Pelayanan Publik Kota Kupang Drs\. Yohanes Benu NIP 197001011995031001/);
		// A final report is dated by the moment its data closed, not the day it is downloaded.
		const hash = (await finalizeReport(handle.db, admin(), null, { type: 'mall', id: org.mall.id }, Q1, AGAIN)).hash!;
		const snapshot = (await findSnapshotByHash(handle.db, hash))!;
		const closed = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: org.mall.timeZone }).format(snapshot.receivedBy);
		expect(await pdfText({ snapshot: hash })).toContain(`Kota Kupang, ${closed} Kepala ${NAME} Drs. Yohanes Benu NIP 197001011995031001`);
	}, 60_000);

	it('states the population and Krejcie–Morgan target of the dashboard, in the PDF, XLSX and JSON alike', async () => {
		// Agency a's one service recorded January–March 2026: 39 371 citizens served.
		const served = [['2026-01-01', 12_000], ['2026-02-01', 13_500], ['2026-03-01', 13_871]] as const;
		const stored = await storeVolumes(handle.db, admin(), served.map(([month, n], i) => ({ row: i + 2, service: 'a-svc', month, served: String(n), servedOnline: '' })), 'form');
		expect(stored).toMatchObject({ stored: { length: 3 } });
		const agency = { type: 'agency' as const, id: org.a.agency.id };
		const target = krejcieMorganTarget(39_371);
		// 15 April 2026 in Kupang: the year runs, January–March have ended (the dashboard's series is monthly, the report's by year).
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-04-15T04:00:00Z'));
		try {
			const year = parsePeriod('year', '2026')!;
			const dashboard = (await loadDashboard(handle.db, admin(), agency, year))!;
			const inQ1 = (await loadDashboard(handle.db, admin(), agency, Q1))!.current.respondents;
			// The response of 1 April (local) counts for the year, not for the months the population covers.
			expect(dashboard.current.respondents).toBe(inQ1 + 1);
			expect(dashboard.sample).toEqual({ population: 39_371, target, adequate: inQ1 >= target, partial: { from: '2026-01', through: '2026-03', respondents: inQ1 } });
			const report = (await buildReport(handle.db, admin(), agency, year))!;
			expect(report.method.sample).toEqual(dashboard.sample);
			// A period that has ended: the whole of it, the same on both.
			const quarter = (await buildReport(handle.db, admin(), agency, Q1))!.method.sample;
			expect(quarter).toEqual({ population: 39_371, target, adequate: inQ1 >= target, partial: null });
			expect(quarter).toEqual((await loadDashboard(handle.db, admin(), agency, Q1))!.sample);

			const extra = { period: 'year', value: '2026' };
			const json = JSON.parse((await download('json', extra))!.bytes.toString('utf8'));
			expect(json.method.sample).toEqual(dashboard.sample);
			const rows = await summaryCells(extra);
			expect(rows.find((r) => r[0] === 'Populasi (jumlah dilayani)')).toEqual(['Populasi (jumlah dilayani)', '39371']);
			expect(rows.find((r) => r[0] === 'Target sampel (Krejcie–Morgan)')).toEqual(['Target sampel (Krejcie–Morgan)', String(target)]);
			// The PDF prints counts as plain integers, like its respondents ("241 responden").
			const pdf = await pdfText(extra);
			expect(pdf).not.toContain('belum tercatat');
			expect(pdf).toContain('Populasi (jumlah dilayani) 39371 (bulan yang sudah berakhir, 2026-01 s.d. 2026-03)');
			expect(pdf).toContain(`Target sampel Krejcie–Morgan ${target} (${inQ1 >= target ? 'terpenuhi' : 'belum terpenuhi'} oleh ${inQ1} responden bulan itu)`);
		} finally {
			vi.useRealTimers();
		}
	}, 120_000);
});
