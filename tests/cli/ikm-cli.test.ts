/**
 * The evaluator CLI end to end: `npm run --silent ikm -- <file>` on matrices built for known answers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildXlsxBomb } from '../support/xlsx';

const dir = mkdtempSync(join(tmpdir(), 'puas-ikm-'));
const CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];

function runIkm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile('npm', ['run', '--silent', 'ikm', '--', ...args], { cwd: process.cwd() }, (error, stdout, stderr) => {
			resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
		});
	});
}

function writeMatrix(name: string, text: string | Uint8Array): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

/** A matrix of n respondents where unsur i sums to sums[i] (values as even as possible), plus a name column. */
function matrixWithSums(n: number, sums: readonly number[], separator = ','): string {
	const columns = sums.map((sum) => {
		const base = Math.floor(sum / n);
		const extra = sum - base * n;
		return Array.from({ length: n }, (_, row) => base + (row < extra ? 1 : 0));
	});
	const lines = [['No', 'Jenis Layanan', ...CODES].join(separator)];
	for (let row = 0; row < n; row++) lines.push([row + 1, 'KTP-el', ...columns.map((c) => c[row])].join(separator));
	return lines.join('\n') + '\n';
}

describe('npm run ikm on boundary matrices', { concurrent: true, timeout: 60_000 }, () => {
	it.each([
		[2500, 8831, 88.31, 'A', 'Sangat baik'],
		[250, 883, 88.3, 'B', 'Baik'],
		[2500, 7661, 76.61, 'B', 'Baik'],
		[250, 766, 76.6, 'C', 'Kurang baik'],
		[5, 13, 65, 'C', 'Kurang baik'],
		[2500, 6499, 64.99, 'D', 'Tidak baik'],
		[5000, 17661, 88.31, 'A', 'Sangat baik']
	] as const)('n=%i, Σ=%i per unsur → IKM %d %s', async (n, sum, ikm, mutu, kinerja) => {
		const file = writeMatrix(`boundary-${n}-${sum}.csv`, matrixWithSums(n, Array(9).fill(sum)));
		const { code, stdout, stderr } = await runIkm(file);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const report = JSON.parse(stdout);
		expect(report).toMatchObject({ respondents: n, ikm, mutu, kinerja });
		expect(report.ikmExact).toBeCloseTo((sum / n) * 25, 9);
		expect(report.unsur.U1).toEqual({ n, sum, nrr: sum / n, index: Math.round((sum / n) * 2500) / 100, mutu: expect.any(String) });
		expect(report).not.toHaveProperty('sampleTarget');
	});

	it('rounds the exact value where floating point would fall below the boundary', async () => {
		const sums = [9990, 15695, 16155, 17516, 19674, 19963, 19996, 19972, 19988];
		const file = writeMatrix('float-trap.csv', matrixWithSums(5000, sums, ';'));
		const report = JSON.parse((await runIkm(file)).stdout);
		expect(report).toMatchObject({ ikm: 88.31, mutu: 'A' });
		expect(report.unsur.U1).toMatchObject({ n: 5000, sum: 9990, nrr: 1.998, index: 49.95, mutu: 'D' });
	});

	it('reads a semicolon file with a BOM and skipped cells, and judges the sample with --population', async () => {
		const text =
			'\ufeffNo;Nama;U1;U2;U3;U4;U5;U6;U7;U8;U9;Saran\r\n' +
			'1;A;4;4;3;4;3;3;4;;4;"cepat; ramah"\r\n' +
			'2;B;3;3;3;4;3;3;3;3;3;\r\n';
		const { code, stdout } = await runIkm(writeMatrix('semicolon.csv', text), '--population', '100');
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toEqual({
			respondents: 2,
			unsur: {
				U1: { n: 2, sum: 7, nrr: 3.5, index: 87.5, mutu: 'B' },
				U2: { n: 2, sum: 7, nrr: 3.5, index: 87.5, mutu: 'B' },
				U3: { n: 2, sum: 6, nrr: 3, index: 75, mutu: 'C' },
				U4: { n: 2, sum: 8, nrr: 4, index: 100, mutu: 'A' },
				U5: { n: 2, sum: 6, nrr: 3, index: 75, mutu: 'C' },
				U6: { n: 2, sum: 6, nrr: 3, index: 75, mutu: 'C' },
				U7: { n: 2, sum: 7, nrr: 3.5, index: 87.5, mutu: 'B' },
				U8: { n: 1, sum: 3, nrr: 3, index: 75, mutu: 'C' },
				U9: { n: 2, sum: 7, nrr: 3.5, index: 87.5, mutu: 'B' }
			},
			// Σ NRR = 30 → 30/9 × 25 = 83.333…
			ikm: 83.33,
			ikmExact: 250 / 3,
			mutu: 'B',
			kinerja: 'Baik',
			sampleTarget: 80,
			sampleAdequate: false
		});
	});
});

describe('npm run ikm on bad input', { concurrent: true, timeout: 60_000 }, () => {
	const good = '1,4,4,4,4,4,4,4,4,4';
	it.each([
		['a missing U column', 'No,U1,U2,U3,U4,U5,U6,U8,U9\n1,4,4,4,4,4,4,4,4\n', 1, /row 1, column U7: the header has no column U7/],
		['a value outside 1–4', `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n${good}\n2,4,5,4,4,4,4,4,4,4\n`, 1, /row 3, column U2: 5 is outside 1–4/],
		['a 1–5 scale answer of 0', `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n2,4,4,4,4,4,4,4,4,0\n`, 1, /row 2, column U9: 0 is outside 1–4/],
		['a non-number', `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n${good}\n2,4,4,4,baik,4,4,4,4,4\n`, 1, /row 3, column U4: "baik" is not a number/],
		['an unclosed quote', `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n${good}\n"2,4\n`, 1, /row 3: the CSV cannot be read/],
		['no respondent rows', 'No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n', 1, /no respondent/],
		['an unsur nobody answered', 'No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n1,4,4,4,4,4,4,4,,4\n', 1, /column U8/],
		['bytes that are not UTF-8 text', new Uint8Array([0x4e, 0x6f, 0x2c, 0x55, 0x31, 0x0a, 0xe9, 0xff, 0xfe, 0x00, 0x81]), 1, /not UTF-8/],
		['a ZIP that is not a workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x81]), 1, /row 1: the XLSX cannot be read/],
		['a cell past the length limit', `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n${good}\n2,4,${'x'.repeat(2001)},4,4,4,4,4,4,4\n`, 1, /row 3, column C: the cell holds more than the limit of 2000 characters/],
		['a row past the column limit', `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n${good}${',4'.repeat(60)}\n`, 1, /row 2, column BM: the row has more than the limit of 64 columns/]
	] as const)('rejects %s, naming where, with nothing on stdout', async (name, content, exitCode, message) => {
		const { code, stdout, stderr } = await runIkm(writeMatrix(`${name.replaceAll(' ', '-')}.csv`, content));
		expect(code).toBe(exitCode);
		expect(stdout).toBe('');
		expect(stderr).toMatch(message);
	});

	it('rejects an unreadable file', async () => {
		const { code, stdout, stderr } = await runIkm(join(dir, 'no-such-file.csv'));
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toMatch(/cannot read .*no-such-file\.csv: ENOENT/);
	});

	it('rejects a directory', async () => {
		const { code, stderr } = await runIkm(dir);
		expect(code).toBe(2);
		expect(stderr).toMatch(/EISDIR/);
	});

	it.each([['0'], ['abc'], ['2.5']])('rejects --population %s', async (population) => {
		const file = writeMatrix('ok.csv', `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n${good}\n`);
		const { code, stdout, stderr } = await runIkm(file, '--population', population);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toMatch(/--population must be a whole number/);
	});

	it('rejects a missing file argument with the usage', async () => {
		const { code, stderr } = await runIkm();
		expect(code).toBe(2);
		expect(stderr).toMatch(/usage: npm run --silent ikm/);
	});
});

describe('npm run ikm on XLSX (the parser of the historical import)', { timeout: 60_000 }, () => {
	it('gives the same figures for the same matrix as CSV and as XLSX, and names the cell of a bad one', async () => {
		const text = matrixWithSums(7, [25, 26, 27, 28, 21, 22, 23, 24, 20]);
		const rows = text.trim().split('\n').map((line) => line.split(','));
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Matriks');
		for (const row of rows) sheet.addRow(row.map((cell, i) => (i === 0 || i > 1) && /^\d+$/.test(cell) ? Number(cell) : cell));
		const xlsx = join(dir, 'matrix.xlsx');
		await workbook.xlsx.writeFile(xlsx);
		const [fromCsv, fromXlsx] = await Promise.all([runIkm(writeMatrix('same.csv', text)), runIkm(xlsx)]);
		expect(fromXlsx.code).toBe(0);
		expect(JSON.parse(fromXlsx.stdout)).toEqual(JSON.parse(fromCsv.stdout));

		sheet.getCell('E4').value = 5;
		await workbook.xlsx.writeFile(xlsx);
		const bad = await runIkm(xlsx);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/row 4, column U3: 5 is outside 1–4/);
	});
});

describe('npm run ikm on a ZIP bomb', { timeout: 60_000 }, () => {
	it('refuses an XLSX that unpacks to 500 MiB with the limit it passes, exit code 1', async () => {
		const { code, stdout, stderr } = await runIkm(writeMatrix('bomb.xlsx', await buildXlsxBomb(500 * 1024 * 1024)));
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toMatch(/row 1: the XLSX unpacks to more than the limit of 64 MiB/);
	});
});

describe('npm run ikm on a large export', { timeout: 120_000 }, () => {
	it('reads back a CSV of 250 000 respondents (more than an upload may hold: the evaluator checks a mall-year)', async () => {
		const rows = 250_000;
		const text = `No,U1,U2,U3,U4,U5,U6,U7,U8,U9\n${Array.from({ length: rows }, (_, i) => `${i + 1},4,3,4,3,4,3,4,3,4`).join('\n')}\n`;
		const { code, stdout, stderr } = await runIkm(writeMatrix('besar.csv', text));
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toMatchObject({ respondents: rows, unsur: { U1: { n: rows, sum: 4 * rows } } });
	});
});
