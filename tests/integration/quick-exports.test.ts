/**
 * Quick mode in the report exports: the XLSX's Cepat sheet, the quick CSV (both separators), the JSON and the Metode
 * trail state the CSAT, the answers per value and the reasons ranking as a direct count over the raw rows gives them;
 * the IKM and everything else of the report stay what they were without the quick ratings (the matrix leaves them
 * out, byte for byte); the codebook describes Q1 and the reasons; a period without quick ratings says so in the same
 * rows; a snapshot freezes the quick figures, and one finalized before them says they are not recorded.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCsat } from '../../src/lib/domain/csat';
import { roundHalfUp } from '../../src/lib/domain/exact';
import { QUICK_V1, SKM_CODES } from '../../src/lib/domain/instruments';
import { localDate } from '../../src/lib/domain/periods';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { reportSnapshots, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { exportResponse, parseExportRequest, resolveReport, type ExportFormat } from '../../src/lib/server/reports/exports';
import { buildReport } from '../../src/lib/server/reports/report';
import { canonicalJson, finalizeReport, findSnapshotByHash, sha256Hex } from '../../src/lib/server/reports/snapshots';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { publishStandardInstruments } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
const Q1 = parsePeriod('quarter', '2026-Q1')!;
/** The quick responses as inserted. */
let quickRows: (typeof responses.$inferInsert)[];

const admin = () => ({ userId: null, role: 'admin' as const, mallId: org.mall.id, agencyIds: null });
const agencyA = () => `agency-${org.a.agency.id}`;

/** A deterministic stream of numbers in [0, 1). */
function lcg(seed: number) {
	let state = seed;
	return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** One download of a report (live, of `scope` over 2026-Q1 unless given, or a snapshot), as bytes. */
async function download(format: ExportFormat, extra: Record<string, string> = {}): Promise<Buffer> {
	const params = new URLSearchParams(extra.snapshot ? { format, ...extra } : { format, scope: agencyA(), period: 'quarter', value: '2026-Q1', ...extra });
	const request = parseExportRequest(params);
	if (!request.ok) throw new Error(request.message);
	const resolved = await resolveReport(handle.db, admin(), request);
	if (!resolved) throw new Error('no such report');
	const response = await exportResponse(handle.db, resolved, request.format, request.delimiter, (hash) => `https://puas.example/verify/${hash}`);
	return Buffer.from(await response.arrayBuffer());
}

/** Every non-empty row of a sheet, its cells as read back (numbers stay numbers), trailing empty cells dropped. */
async function sheets(bytes: Buffer): Promise<{ names: string[]; rows: (name: string) => unknown[][] }> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(new Uint8Array(bytes).buffer);
	return {
		names: workbook.worksheets.map((s) => s.name),
		rows: (name) => {
			const out: unknown[][] = [];
			workbook.getWorksheet(name)!.eachRow((row) => {
				const cells = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null);
				while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
				out.push(cells);
			});
			return out;
		}
	};
}

/** RFC 4180 rows of a CSV (quoted fields with doubled quotes), the BOM removed. */
function parseCsv(text: string, delimiter: string): string[][] {
	expect(text.startsWith('\ufeff')).toBe(true);
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 1; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === delimiter) row.push(field), (field = '');
		else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field), rows.push(row), (row = []), (field = ''), i++;
		} else field += c;
	}
	expect(row).toEqual([]);
	return rows;
}

/** The summary's rows of the IKM with and without the responses the integrity checks flag. */
const INTEGRITY_IKM_ROWS = ['Semua respons tersimpan', 'Tanpa respons yang ditandai'];

/** A row of the Cepat sheet (or any label-first table) by its first cell. */
const byLabel = (rows: unknown[][], label: string) => rows.find((r) => r[0] === label);

/** What a direct count over the raw quick rows of `agencyId` (all when null) in 2026-Q1, local dates, gives. */
function direct(agencyId: number | null) {
	const inQ1 = (at: Date) => localDate(at, org.mall.timeZone) >= Q1.from && localDate(at, org.mall.timeZone) <= Q1.to;
	const rows = quickRows.filter((r) => (agencyId === null || r.agencyId === agencyId) && inQ1(r.submittedAt!));
	const values = [1, 2, 3, 4].map((v) => rows.filter((r) => r.answers[0] === v).length) as [number, number, number, number];
	const reasons = new Map<string, number>();
	for (const r of rows) for (const code of r.reasons ?? []) reasons.set(code, (reasons.get(code) ?? 0) + 1);
	return { values, csat: computeCsat({ 1: values[0], 2: values[1], 3: values[2], 4: values[3] }), low: values[0] + values[1], reasons };
}

/** The report of agency a without its quick part, and its sheets, before the quick ratings are stored. */
let before: { report: Record<string, unknown>; xlsx: Awaited<ReturnType<typeof sheets>>; matrix: Buffer; json: Record<string, unknown> };

beforeAll(async () => {
	handle = await freshDb();
	const instruments = await publishStandardInstruments(handle.db);
	org = await createOrganization(handle.db, 'quick-mall');
	const quick = instruments.get('quick')!;
	expect(quick.codes).toEqual(['Q1']);
	const random = lcg(7);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
	// SKM respondents over January–March 2026 in both agencies.
	const skm = Array.from({ length: 80 }, (_, i) =>
		responseRow(org, i % 4 === 0 ? 'b' : 'a', SKM_CODES.map(() => pick([2, 3, 3, 4, 4])), {
			submittedAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 88), 1 + Math.floor(random() * 7))),
			comment: i % 9 === 0 ? `Saran ${i}` : null
		})
	);
	await handle.db.insert(responses).values(skm);
	await rebuildRollups(handle.db);
	const report = (await buildReport(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, Q1))!;
	expect(report.quick?.csat.n).toBe(0);
	const { quick: _quick, ...rest } = report;
	const { quick: _none, ...json } = JSON.parse((await download('json')).toString('utf8'));
	before = { report: rest, xlsx: await sheets(await download('xlsx')), matrix: await download('csv'), json };

	// Quick ratings of agency a, an hour apart on working days: 3 × 1, 4 × 2, 6 × 3, 7 × 4, the low ones with reasons
	// (one without, one with a code no longer defined); one on 1 January local time (31 Dec UTC), one in April local
	// time (out), one of agency b (in the mall's report only).
	const at = (i: number) => new Date(Date.UTC(2026, 1, 2 + Math.floor(i / 8), 1 + (i % 8)));
	const low: [number, string[] | null][] = [
		[1, ['lama', 'tidak-ramah']],
		[1, ['lama']],
		[1, null],
		[2, ['lama']],
		[2, ['prosedur']],
		[2, ['fasilitas', 'lama']],
		[2, ['antre']]
	];
	const rated = [...low, ...Array.from({ length: 6 }, (): [number, null] => [3, null]), ...Array.from({ length: 7 }, (): [number, null] => [4, null])];
	const row = (unit: 'a' | 'b', value: number, reasons: string[] | null, submittedAt: Date) =>
		responseRow(org, unit, [value], { instrumentId: quick.id, channel: 'kiosk', reasons, submittedAt });
	quickRows = [
		...rated.map(([value, reasons], i) => row('a', value, reasons, at(i))),
		row('a', 4, null, new Date('2025-12-31T16:30:00Z')),
		row('a', 1, ['lama'], new Date('2026-03-31T16:30:00Z')),
		row('b', 1, ['persyaratan'], new Date('2026-02-10T03:00:00Z'))
	];
	await handle.db.insert(responses).values(quickRows);
	await rebuildRollups(handle.db);
}, 60_000);
afterAll(async () => {
	await handle?.close();
});

describe('the quick ratings in the report exports', () => {
	it('the JSON states the CSAT, answers and reasons of a direct count; the rest of the report is unchanged', async () => {
		const expected = direct(org.a.agency.id);
		expect(expected.csat).toEqual({ n: 21, satisfied: 14, csat: 66.67 });
		expect(expected.low).toBe(7);
		const json = JSON.parse((await download('json')).toString('utf8'));
		expect(json.quick.csat).toEqual(expected.csat);
		expect(json.quick.low).toBe(expected.low);
		expect(json.quick.values).toEqual(expected.values.map((count, i) => ({ value: i + 1, label: QUICK_V1.items[0]!.options.id[i], count })));
		// Most chosen first, ties in the instrument's order, a code no longer defined after the defined ones of its count.
		expect(json.quick.reasons.map((r: { code: string; count: number }) => [r.code, r.count])).toEqual([
			['lama', 4],
			['tidak-ramah', 1],
			['prosedur', 1],
			['fasilitas', 1],
			['antre', 1],
			['persyaratan', 0],
			['kurang-paham', 0]
		]);
		for (const r of json.quick.reasons) {
			expect(r.count).toBe(expected.reasons.get(r.code) ?? 0);
			expect(r.share).toBe(roundHalfUp({ num: BigInt(r.count * 100), den: BigInt(expected.low) }));
		}
		expect(json.quick.reasons.find((r: { code: string }) => r.code === 'lama')).toMatchObject({ label: 'Terlalu lama', unsur: 'U3', share: 57.14 });
		expect(json.method.flags.csat).toContain('never part of it');
		// Everything but the quick part is what it was without the quick ratings: the IKM first of all.
		const { quick: _q, ...rest } = json;
		expect(rest).toEqual(before.json);
		expect(rest.figures.ikm).not.toBeNull();
		const { quick: _r, ...report } = (await buildReport(handle.db, admin(), { type: 'agency', id: org.a.agency.id }, Q1))!;
		expect(report).toEqual(before.report);
	});

	it('the XLSX has a Cepat sheet with the same figures and the Metode trail; every other sheet is unchanged', async () => {
		const expected = direct(org.a.agency.id);
		const xlsx = await sheets(await download('xlsx'));
		expect(xlsx.names).toEqual(['Ringkasan', 'Per Unsur', 'Cepat', 'Profil', 'Matriks', 'Saran', 'Metode']);
		const cepat = xlsx.rows('Cepat');
		expect(byLabel(cepat, 'Jumlah penilaian (n)')).toEqual(['Jumlah penilaian (n)', expected.csat.n]);
		expect(byLabel(cepat, 'Puas dan sangat puas (nilai 3–4)')).toEqual(['Puas dan sangat puas (nilai 3–4)', expected.csat.satisfied]);
		expect(byLabel(cepat, 'CSAT (%)')).toEqual(['CSAT (%)', expected.csat.csat]);
		expect(byLabel(cepat, 'Nilai rendah (1–2)')).toEqual(['Nilai rendah (1–2)', expected.low]);
		const valuesAt = cepat.findIndex((r) => r[0] === 'Nilai');
		expect(cepat.slice(valuesAt + 1, valuesAt + 5)).toEqual(expected.values.map((count, i) => [i + 1, QUICK_V1.items[0]!.options.id[i], count]));
		const reasonsAt = cepat.findIndex((r) => r[0] === 'Alasan nilai rendah');
		expect(cepat[reasonsAt]).toEqual(['Alasan nilai rendah', 'Unsur', 'Jumlah', 'Persen dari nilai rendah (%)']);
		const reasons = cepat.slice(reasonsAt + 1, reasonsAt + 8);
		expect(reasons[0]).toEqual(['Terlalu lama', 'U3 Waktu Penyelesaian', 4, 57.14]);
		expect(reasons.find((r) => r[0] === 'antre')).toEqual(['antre', null, 1, 14.29]);
		expect(reasons.find((r) => r[0] === 'Persyaratan tidak jelas')).toEqual(['Persyaratan tidak jelas', 'U1 Persyaratan', 0, 0]);
		expect(byLabel(cepat, 'Metode')![1]).toMatch(/^CSAT = \(n3 \+ n4\) ÷ n × 100, dibulatkan setengah ke atas ke 2 desimal;.*tidak pernah menjadi bagian dari IKM/);

		// The summary states the CSAT beside the IKM; the Metode sheet its steps.
		const summary = xlsx.rows('Ringkasan');
		expect(byLabel(summary, 'CSAT penilaian cepat (%)')).toEqual(['CSAT penilaian cepat (%)', expected.csat.csat]);
		expect(byLabel(summary, 'Penilaian cepat (n)')).toEqual(['Penilaian cepat (n)', expected.csat.n]);
		const method = xlsx.rows('Metode');
		expect(byLabel(method, 'n3')![2]).toBe(expected.values[2]);
		expect(byLabel(method, 'n4')![2]).toBe(expected.values[3]);
		expect(byLabel(method, 'n')![2]).toBe(expected.csat.n);
		expect(byLabel(method, '(n3 + n4) ÷ n × 100')!.slice(1)).toEqual([`(6 + 8) ÷ 21 × 100 (tanpa pembulatan)`, (14 * 100) / 21]);
		expect(byLabel(method, 'CSAT')![2]).toBe(expected.csat.csat);
		expect(byLabel(method, 'csat')![1]).toContain('never part of it');

		// The IKM, its table, the matrix (SKM respondents only), the profile and the comments are as they were.
		for (const name of ['Per Unsur', 'Profil', 'Matriks', 'Saran']) expect(xlsx.rows(name)).toEqual(before.xlsx.rows(name));
		// The integrity section's IKM rows are compared in the next test.
		const skip = ['Penilaian cepat (n)', 'CSAT penilaian cepat (%)', ...INTEGRITY_IKM_ROWS];
		expect(summary.filter((r) => !skip.includes(r[0] as string))).toEqual(before.xlsx.rows('Ringkasan').filter((r) => !skip.includes(r[0] as string)));
		const notQuick = (rows: unknown[][]) => {
			const start = rows.findIndex((r) => r[0] === 'Penilaian cepat (CSAT)');
			return rows.filter((_, i) => i < start || i > start + 6);
		};
		expect(notQuick(method)).toEqual(notQuick(before.xlsx.rows('Metode')));
		expect(xlsx.rows('Per Unsur').at(-1)![6]).toBe((before.json.figures as { ikm: number }).ikm);
	});

	// The integrity checks read every instrument's responses, but their IKM with and without flagged responses (and the
	// straight-line test) take the IKM instruments' answers only: a quick rating's Q1 is no U1 answer.
	it('the integrity section’s IKM of the summary is the one without the quick ratings', async () => {
		const rows = (await sheets(await download('xlsx'))).rows('Ringkasan');
		for (const label of INTEGRITY_IKM_ROWS) expect(byLabel(rows, label)).toEqual(byLabel(before.xlsx.rows('Ringkasan'), label));
	});

	it('the PDF states the CSAT beside the IKM, and the reasons chosen', async () => {
		const file = join(mkdtempSync(join(tmpdir(), 'puas-quick-')), 'laporan.pdf');
		writeFileSync(file, await download('pdf'));
		const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
		const expected = direct(org.a.agency.id);
		expect(text).toContain('Penilaian cepat (CSAT, bukan bagian dari IKM)');
		expect(text).toContain(`CSAT 66,67 % (${expected.csat.satisfied} dari ${expected.csat.n} jawaban Puas atau Sangat puas`);
		expect(text).toContain(`${expected.low} nilai rendah`);
		expect(text).toMatch(/Terlalu lama U3 4 57,14 %/);
	}, 60_000);

	it('the quick CSV holds the rows of the Cepat sheet, with either separator', async () => {
		const cepat = (await sheets(await download('xlsx'))).rows('Cepat').map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
		for (const [sep, delimiter] of [['comma', ','], ['semicolon', ';']] as const) {
			const text = (await download('quick', { sep })).toString('utf8');
			const rows = parseCsv(text, delimiter);
			// Every row as wide as the widest, as a CSV should be.
			expect(new Set(rows.map((r) => r.length)).size).toBe(1);
			const trimmed = rows.map((r) => {
				const cells = [...r];
				while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
				return cells;
			});
			expect(trimmed.filter((r) => r.length > 0)).toEqual(cepat);
			expect(trimmed.find((r) => r[0] === 'CSAT (%)')).toEqual(['CSAT (%)', '66.67']);
		}
	});

	it('the mall report pools every agency’s quick ratings; a period without any says so in the same rows', async () => {
		const mall = JSON.parse((await download('json', { scope: `mall-${org.mall.id}` })).toString('utf8'));
		const expected = direct(null);
		expect(mall.quick.csat).toEqual(expected.csat);
		expect(mall.quick.reasons.find((r: { code: string }) => r.code === 'persyaratan').count).toBe(1);

		// Agency b's January has no quick rating: the sheet has its rows with zeros, and says why.
		const empty = { scope: `agency-${org.b.agency.id}`, period: 'month', value: '2026-01' };
		const rows = (await sheets(await download('xlsx', empty))).rows('Cepat');
		const full = (await sheets(await download('xlsx'))).rows('Cepat');
		// The same rows as a period with ratings, down to the reasons (which list every defined one) and the method.
		const labelsUpToReasons = (sheet: unknown[][]) => sheet.slice(0, sheet.findIndex((r) => r[0] === 'Alasan nilai rendah') + 1).map((r) => r[0]);
		expect(labelsUpToReasons(rows)).toEqual(labelsUpToReasons(full));
		expect(rows.at(-1)).toEqual(full.at(-1));
		expect(byLabel(rows, 'Jumlah penilaian (n)')).toEqual(['Jumlah penilaian (n)', 0]);
		expect(byLabel(rows, 'CSAT (%)')).toEqual(['CSAT (%)']);
		expect(byLabel(rows, 'Keterangan')).toEqual(['Keterangan', 'Tidak ada penilaian cepat pada periode ini.']);
		const valuesAt = rows.findIndex((r) => r[0] === 'Nilai');
		expect(rows.slice(valuesAt + 1, valuesAt + 5).map((r) => r[2])).toEqual([0, 0, 0, 0]);
		const reasonsAt = rows.findIndex((r) => r[0] === 'Alasan nilai rendah');
		// Every defined reason listed with 0 and no share (no low score to divide by).
		expect(rows.slice(reasonsAt + 1, reasonsAt + 1 + QUICK_V1.reasons!.length)).toEqual(QUICK_V1.reasons!.map((r) => [r.label.id, expect.stringMatching(new RegExp(`^${r.unsur} `)), 0]));
		const csv = parseCsv((await download('quick', empty)).toString('utf8'), ',');
		expect(csv.find((r) => r[0] === 'Keterangan')![1]).toBe('Tidak ada penilaian cepat pada periode ini.');
	});

	it('the codebook describes Q1 and the reasons, and says the matrix leaves them out (as it does)', async () => {
		expect((await download('csv')).equals(before.matrix)).toBe(true);
		const rows = parseCsv((await download('codebook')).toString('utf8'), ',');
		const q1 = rows.find((r) => r[0] === 'Q1')!;
		expect(q1[1]).toContain(QUICK_V1.items[0]!.question.id);
		expect(q1[1]).toContain('bukan kolom matriks');
		expect(q1[2]).toBe('1 = Tidak puas; 2 = Kurang puas; 3 = Puas; 4 = Sangat puas');
		const reasons = rows.find((r) => r[0] === 'Alasan')!;
		expect(reasons[1]).toContain('bukan kolom matriks');
		for (const r of QUICK_V1.reasons!) expect(reasons[2]).toContain(`${r.code} = ${r.label.id} (${r.unsur} `);
		// The matrix's own columns are still listed first, in file order.
		expect(rows.slice(1, 1 + 7 + SKM_CODES.length).map((r) => r[0])).toEqual(['No', 'Waktu', 'Instansi', 'Layanan', 'Loket', 'Kanal', 'Status', ...SKM_CODES]);
		const json = JSON.parse((await download('json')).toString('utf8'));
		expect(json.codebook.find((c: { column: string }) => c.column === 'Q1').values).toBe(q1[2]);
		const method = (await sheets(await download('xlsx'))).rows('Metode');
		expect(byLabel(method, 'Q1')!.slice(1)).toEqual([q1[1], q1[2]]);
	});

	it('a final report freezes its quick figures; one finalized before they were reported says so', async () => {
		const scope = { type: 'agency' as const, id: org.a.agency.id };
		const hash = (await finalizeReport(handle.db, admin(), null, scope, Q1)).hash!;
		const snapshot = (await findSnapshotByHash(handle.db, hash))!;
		expect(snapshot.report.quick!.csat).toEqual(direct(org.a.agency.id).csat);
		// A late quick rating inside Q1 moves the live figures, not the final ones.
		quickRows.push(responseRow(org, 'a', [1], { instrumentId: quickRows[0]!.instrumentId, channel: 'kiosk', reasons: ['lama'], submittedAt: new Date('2026-03-03T02:00:00Z') }));
		await handle.db.insert(responses).values(quickRows.at(-1)!);
		await rebuildRollups(handle.db);
		const live = JSON.parse((await download('json')).toString('utf8'));
		expect(live.quick.csat).toEqual(direct(org.a.agency.id).csat);
		expect(live.quick.csat.n).toBe(snapshot.report.quick!.csat.n + 1);
		const frozen = (await sheets(await download('xlsx', { snapshot: hash }))).rows('Cepat');
		expect(byLabel(frozen, 'CSAT (%)')).toEqual(['CSAT (%)', snapshot.report.quick!.csat.csat]);
		expect(parseCsv((await download('quick', { snapshot: hash })).toString('utf8'), ',').find((r) => r[0] === 'Jumlah penilaian (n)')![1]).toBe(String(snapshot.report.quick!.csat.n));

		// A report frozen before the quick figures were part of it (its JSON has no `quick`): the sheet and CSV say so.
		const { quick: _q, ...old } = snapshot.report;
		const canonical = canonicalJson({ ...old, period: { ...old.period, kind: 'month', value: '2026-01', from: '2026-01-01', to: '2026-01-31' } });
		const oldHash = sha256Hex(canonical);
		await handle.db.insert(reportSnapshots).values({
			hash: oldHash,
			mallId: org.mall.id,
			scopeType: 'agency',
			scopeId: org.a.agency.id,
			agencyId: org.a.agency.id,
			periodKind: 'month',
			periodValue: '2026-01',
			periodFrom: '2026-01-01',
			periodTo: '2026-01-31',
			receivedBy: snapshot.receivedBy,
			canonical,
			finalizedBy: null,
			finalizedAt: snapshot.finalizedAt
		});
		const xlsx = await sheets(await download('xlsx', { snapshot: oldHash }));
		expect(xlsx.names).toContain('Cepat');
		expect(byLabel(xlsx.rows('Cepat'), 'Keterangan')![1]).toMatch(/^Laporan final ini dibuat sebelum penilaian cepat dicatat/);
		expect(byLabel(xlsx.rows('Ringkasan'), 'CSAT penilaian cepat (%)')).toEqual(['CSAT penilaian cepat (%)']);
		expect(byLabel(xlsx.rows('Metode'), 'Penilaian cepat')![1]).toMatch(/^Laporan final ini dibuat sebelum/);
		expect(parseCsv((await download('quick', { snapshot: oldHash, sep: 'semicolon' })).toString('utf8'), ';').find((r) => r[0] === 'Keterangan')![1]).toMatch(/^Laporan final ini/);
	}, 60_000);
});
