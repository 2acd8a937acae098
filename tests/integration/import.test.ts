/**
 * Historical import: a matrix file → preview with row-level problems → commit as responses with channel `import`.
 * The report of the service and period then gives the IKM that `npm run ikm` gives for the same file; a broken file,
 * or a commit that fails halfway, leaves no row behind. The file is read once, at upload: the preview and the commit
 * use what the upload's row holds, and a file past a reader's limit (a ZIP bomb) is kept as its limit problem.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/lib/domain/report-period';
import type { Access } from '../../src/lib/domain/roles';
import { importUploads, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { commitUpload, previewUpload, storeUpload } from '../../src/lib/server/import/historical';
import { buildReport } from '../../src/lib/server/reports/report';
import { buildXlsxBomb } from '../support/xlsx';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let dir: string;
const S1_2025 = parsePeriod('semester', '2025-S1')!;
const EXAMPLE = 'docs/examples/matriks-contoh.csv';

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'import-mall');
	dir = mkdtempSync(join(tmpdir(), 'puas-import-'));
});
afterAll(async () => {
	await handle?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const admin = (): Access & { mallId: number } => ({ userId: null, role: 'admin', mallId: org.mall.id, agencyIds: null });
const managerOfB = (): Access & { mallId: number } => ({ userId: null, role: 'manager', mallId: org.mall.id, agencyIds: [org.b.agency.id] });
const evaluator = (): Access & { mallId: number } => ({ userId: null, role: 'evaluator', mallId: org.mall.id, agencyIds: null });

const cli = (path: string) => JSON.parse(execFileSync('npx', ['tsx', 'scripts/ikm.ts', path], { encoding: 'utf8' }));

async function importedCount(serviceId: number): Promise<number> {
	const rows = await handle.db
		.select({ n: sql<number>`count(*)::int` })
		.from(responses)
		.where(and(eq(responses.serviceId, serviceId), eq(responses.channel, 'import')));
	return Number(rows[0]!.n);
}

async function upload(access: Access & { mallId: number }, serviceId: number, bytes: Uint8Array, period = S1_2025) {
	const stored = await storeUpload(handle.db, access, null, { serviceId, period, fileName: 'matriks.csv', bytes });
	if ('error' in stored) throw new Error(stored.error);
	return stored.id;
}

async function storedUpload(id: number) {
	const [row] = await handle.db.select().from(importUploads).where(eq(importUploads.id, id));
	return row!;
}

describe('historical import', () => {
	it('imports the example matrix: the report then gives the IKM `npm run ikm` gives for the file', async () => {
		const expected = cli(EXAMPLE);
		const id = await upload(admin(), org.a.service.id, readFileSync(EXAMPLE));
		const preview = (await previewUpload(handle.db, admin(), id))!;
		expect(preview.problems).toEqual([]);
		expect(preview.figures).toEqual(expected);
		expect(await importedCount(org.a.service.id)).toBe(0); // nothing stored before the commit

		const committed = await commitUpload(handle.db, admin(), id);
		expect(committed).toMatchObject({ rows: expected.respondents, serviceId: org.a.service.id });
		expect(await importedCount(org.a.service.id)).toBe(expected.respondents);
		const report = (await buildReport(handle.db, admin(), { type: 'service', id: org.a.service.id }, S1_2025))!;
		expect(report.figures).toMatchObject({ respondents: expected.respondents, ikm: expected.ikm, ikmExact: expected.ikmExact, mutu: expected.mutu });
		for (const u of report.unsur) expect([u.sum, u.n]).toEqual([expected.unsur[u.code].sum, expected.unsur[u.code].n]);
		// Without a date column every row lands at noon of the period's first day, in the mall's zone (UTC+8).
		const [first] = await handle.db.select().from(responses).where(eq(responses.serviceId, org.a.service.id)).limit(1);
		expect(first!.submittedAt.toISOString()).toBe('2025-01-01T04:00:00.000Z');
		expect(first!.counterId).toBeNull();

		// Committing twice stores nothing more.
		expect(await commitUpload(handle.db, admin(), id)).toEqual({ error: 'already_committed' });
		expect(await importedCount(org.a.service.id)).toBe(expected.respondents);
	}, 60_000);

	it('imports an XLSX with dates and a profile, read by the same parser as the CLI', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Data SKM');
		sheet.addRow(['No', 'Tanggal', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'Jenis Kelamin', 'Pendidikan']);
		sheet.addRow([1, new Date(Date.UTC(2025, 1, 3, 9, 30)), 4, 4, 3, 4, 4, 4, 4, 3, 4, 'P', 'SMA']);
		sheet.addRow([2, '14/03/2025', 3, 3, 2, 4, 3, 3, 4, null, 3, 'l', '']);
		sheet.addRow([3, '2025-06-30 16:45', 4, 3, 3, 4, 3, 4, 4, 4, 4, null, 'D4-S1']);
		const path = join(dir, 'data.xlsx');
		await workbook.xlsx.writeFile(path);
		const expected = cli(path);
		const id = await upload(admin(), org.b.service.id, readFileSync(path));
		const preview = (await previewUpload(handle.db, admin(), id))!;
		expect(preview.problems).toEqual([]);
		expect(preview.figures).toEqual(expected);
		expect(preview.sample.map((r) => [r.localTime, r.sex, r.education])).toEqual([
			['2025-02-03 09:30', 'P', 'SMA'],
			['2025-03-14 12:00', 'L', null],
			['2025-06-30 16:45', null, 'D4-S1']
		]);
		expect(await commitUpload(handle.db, admin(), id)).toMatchObject({ rows: 3 });
		const stored = await handle.db.select().from(responses).where(eq(responses.serviceId, org.b.service.id)).orderBy(responses.submittedAt);
		expect(stored.map((r) => r.submittedAt.toISOString())).toEqual(['2025-02-03T01:30:00.000Z', '2025-03-14T04:00:00.000Z', '2025-06-30T08:45:00.000Z']);
		expect(stored.every((r) => r.channel === 'import')).toBe(true);
		const report = (await buildReport(handle.db, admin(), { type: 'service', id: org.b.service.id }, S1_2025))!;
		expect(report.figures.ikm).toBe(expected.ikm);
	});

	it('rejects a broken file with the row and column named, and stores nothing', async () => {
		const text = 'No;Tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9;Usia\n1;2025-02-01;4;4;4;4;4;4;4;4;4;26-35\n2;2025-02-02;4;4;5;4;4;4;4;4;4;\n3;2025-08-01;4;4;4;4;4;4;4;4;4;\n4;2025-02-03;4;4;4;4;4;4;4;4;4;tua\n';
		const before = await importedCount(org.a.service.id);
		const id = await upload(admin(), org.a.service.id, new TextEncoder().encode(text));
		const preview = (await previewUpload(handle.db, admin(), id))!;
		expect(preview.figures).toBeNull();
		expect(preview.problems).toEqual([{ row: 3, column: 'U3', message: '5 is outside 1–4', kind: 'out_of_range', params: { value: '5' } }]);
		expect(await commitUpload(handle.db, admin(), id)).toEqual({ error: 'invalid' });
		// Fixed answers, still a date outside the period and an unknown age band: both named.
		const second = await upload(admin(), org.a.service.id, new TextEncoder().encode(text.replace(';5;', ';4;')));
		expect((await previewUpload(handle.db, admin(), second))!.problems).toEqual([
			{
				row: 4,
				column: 'Tanggal',
				message: '2025-08-01 lies outside the period 2025-01-01 – 2025-06-30',
				kind: 'date_outside',
				params: { value: '2025-08-01', from: '2025-01-01', to: '2025-06-30' }
			},
			{
				row: 5,
				column: 'Usia',
				message: '"tua" is not one of <17, 17-25, 26-35, 36-45, 46-55, 56+',
				kind: 'bad_value',
				params: { value: 'tua', allowed: '<17, 17-25, 26-35, 36-45, 46-55, 56+' }
			}
		]);
		expect(await commitUpload(handle.db, admin(), second)).toEqual({ error: 'invalid' });
		expect(await importedCount(org.a.service.id)).toBe(before);
	});

	it('a commit that fails halfway leaves no response, no rollup and an uncommitted upload', async () => {
		// 2 500 rows (three insert chunks); the database refuses row 2 001, inside the third chunk.
		const lines = ['No;U1;U2;U3;U4;U5;U6;U7;U8;U9;Pekerjaan'];
		for (let i = 1; i <= 2500; i++) lines.push(`${i};4;3;3;4;3;3;4;3;4;${i === 2001 ? 'TNI' : 'Swasta'}`);
		await handle.db.execute(sql`create function refuse_tni_import() returns trigger language plpgsql as $$
			begin if new.channel = 'import' and new.occupation = 'TNI' then raise exception 'refused for the test'; end if; return new; end $$`);
		await handle.db.execute(sql`create trigger refuse_tni_import before insert on responses for each row execute function refuse_tni_import()`);
		const rollupsBefore = await handle.db.execute(sql`select count(*)::int as n from rollup_items`);
		let id = 0;
		try {
			id = await upload(admin(), org.a.service.id, new TextEncoder().encode(lines.join('\n')), parsePeriod('year', '2024')!);
			expect((await previewUpload(handle.db, admin(), id))!.problems).toEqual([]);
			await expect(commitUpload(handle.db, admin(), id)).rejects.toThrow();
			const [row] = await handle.db.select().from(importUploads).where(eq(importUploads.id, id));
			expect(row!.committedAt).toBeNull();
			const report = (await buildReport(handle.db, admin(), { type: 'service', id: org.a.service.id }, parsePeriod('year', '2024')!))!;
			expect(report.figures.respondents).toBe(0);
			expect(await handle.db.execute(sql`select count(*)::int as n from rollup_items`)).toEqual(rollupsBefore);
		} finally {
			await handle.db.execute(sql`drop trigger refuse_tni_import on responses`);
			await handle.db.execute(sql`drop function refuse_tni_import()`);
		}
		// Without the refusal the same upload commits whole: the failure above was the refused row.
		expect(await commitUpload(handle.db, admin(), id)).toMatchObject({ rows: 2500 });
		expect((await buildReport(handle.db, admin(), { type: 'service', id: org.a.service.id }, parsePeriod('year', '2024')!))!.figures.respondents).toBe(2500);
	}, 60_000);

	it('only managers of the service’s agency and admins import; an upload of another agency is not found', async () => {
		const bytes = new TextEncoder().encode('U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n');
		expect(await storeUpload(handle.db, managerOfB(), null, { serviceId: org.a.service.id, period: S1_2025, fileName: 'x.csv', bytes })).toEqual({ error: 'service' });
		expect(await storeUpload(handle.db, evaluator(), null, { serviceId: org.a.service.id, period: S1_2025, fileName: 'x.csv', bytes })).toEqual({ error: 'service' });
		const id = await upload(admin(), org.a.service.id, bytes);
		expect(await previewUpload(handle.db, managerOfB(), id)).toBeNull();
		expect(await commitUpload(handle.db, managerOfB(), id)).toEqual({ error: 'not_found' });
		expect(await commitUpload(handle.db, evaluator(), id)).toEqual({ error: 'forbidden' });
		const own = await upload(managerOfB(), org.b.service.id, bytes);
		expect(await commitUpload(handle.db, managerOfB(), own)).toMatchObject({ rows: 1 });
	});

	it('reads the file once: the preview and the commit use what the upload row holds, not a file', async () => {
		const text = 'No;Tanggal;U1;U2;U3;U4;U5;U6;U7;U8;U9\n1;2025-03-01 10:15;4;4;4;4;4;4;4;4;4\n2;2025-03-02;3;3;3;3;3;3;3;3;3\n';
		const id = await upload(admin(), org.b.service.id, new TextEncoder().encode(text));
		const row = await storedUpload(id);
		expect(Object.keys(row)).not.toContain('content');
		// [row, answers, localTime, status, sex, ageBand, education, occupation]
		expect(row.rows).toEqual([
			[2, [4, 4, 4, 4, 4, 4, 4, 4, 4], '2025-03-01 10:15', 'complete', null, null, null, null],
			[3, [3, 3, 3, 3, 3, 3, 3, 3, 3], '2025-03-02 12:00', 'complete', null, null, null, null]
		]);
		expect(row.preview).toMatchObject({ problems: [], rows: 2, figures: { respondents: 2, ikm: 87.5 } });
		// Stored as JSON objects, not as JSON strings (on both drivers).
		const types = await handle.db
			.select({ preview: sql<string>`jsonb_typeof(${importUploads.preview})`, rows: sql<string>`jsonb_typeof(${importUploads.rows})` })
			.from(importUploads)
			.where(eq(importUploads.id, id));
		expect(types).toEqual([{ preview: 'object', rows: 'array' }]);

		// Change what the row holds: the preview and the commit follow it, so neither reads a file.
		await handle.db.execute(sql`update import_uploads set preview = jsonb_set(preview, '{figures,respondents}', '7'),
			rows = jsonb_set(rows, '{0,1}', '[1, 1, 1, 1, 1, 1, 1, 1, 1]') where id = ${id}`);
		expect((await previewUpload(handle.db, admin(), id))!.figures!.respondents).toBe(7);
		expect(await commitUpload(handle.db, admin(), id)).toMatchObject({ rows: 2 });
		const stored = await handle.db.select().from(responses).where(and(eq(responses.serviceId, org.b.service.id), eq(responses.submittedAt, new Date('2025-03-01T02:15:00Z'))));
		expect(stored.map((r) => r.answers)).toEqual([[1, 1, 1, 1, 1, 1, 1, 1, 1]]);
		// Once they are responses, the rows are not kept twice; the preview stays, showing the upload committed.
		expect(await storedUpload(id)).toMatchObject({ rows: null, committedRows: 2 });
		expect(await previewUpload(handle.db, admin(), id)).toMatchObject({ committedRows: 2, rows: 2 });
	});

	it('asks to upload again an upload stored before previews were, and does not commit it', async () => {
		const [legacy] = await handle.db
			.insert(importUploads)
			.values({ mallId: org.mall.id, serviceId: org.a.service.id, periodKind: 'semester', periodValue: '2025-S1', fileName: 'lama.csv' })
			.returning({ id: importUploads.id });
		const preview = (await previewUpload(handle.db, admin(), legacy!.id))!;
		expect(preview).toMatchObject({ fileName: 'lama.csv', figures: null, rows: 0, sample: [] });
		expect(preview.problems).toEqual([{ row: 1, column: null, kind: 'upload_again', message: 'this upload was made before previews were stored; upload the file again' }]);
		// Even with rows somehow present, an upload without a stored preview is not committed.
		await handle.db.update(importUploads).set({ rows: [[2, [4, 4, 4, 4, 4, 4, 4, 4, 4], null, 'complete', null, null, null, null]] }).where(eq(importUploads.id, legacy!.id));
		expect(await commitUpload(handle.db, admin(), legacy!.id)).toEqual({ error: 'invalid' });
	});

	it('keeps a ZIP bomb as an upload whose preview names the unpacked-bytes limit, without rows, never committed', async () => {
		const bomb = await buildXlsxBomb(500 * 1024 * 1024);
		const before = await importedCount(org.a.service.id);
		const id = await upload(admin(), org.a.service.id, bomb);
		const preview = (await previewUpload(handle.db, admin(), id))!;
		expect(preview).toMatchObject({ figures: null, rows: 0, sample: [] });
		expect(preview.problems).toEqual([{ row: 1, column: null, kind: 'too_large_unpacked', message: 'the XLSX unpacks to more than the limit of 64 MiB', params: { limit: '64' } }]);
		expect((await storedUpload(id)).rows).toBeNull();
		expect(await commitUpload(handle.db, admin(), id)).toEqual({ error: 'invalid' });
		expect(await importedCount(org.a.service.id)).toBe(before);
	}, 120_000);
});
