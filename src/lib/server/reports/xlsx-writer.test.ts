import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsxRecords } from '../import/xlsx-reader';
import { xmlText, XlsxWriter, type SheetSpec, type XlsxCell } from './xlsx-writer';

/** Write `fill` through an XlsxWriter into bytes, reading the stream as a slow client would (backpressure). */
async function workbookBytes(sheets: SheetSpec[], fill: (writer: XlsxWriter) => Promise<void>): Promise<Buffer> {
	const out = new PassThrough({ highWaterMark: 1024 });
	const chunks: Buffer[] = [];
	const read = (async () => {
		for await (const chunk of out) {
			chunks.push(chunk as Buffer);
			await new Promise((resolve) => setImmediate(resolve));
		}
	})();
	const writer = new XlsxWriter(out, sheets, 'Puas');
	await fill(writer);
	await writer.finish();
	await read;
	return Buffer.concat(chunks);
}

describe('xmlText', () => {
	it.each([
		['a & b', 'a &amp; b'],
		['<b>"x"</b>', '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'],
		['bell\u0007 tab\t nl\n', 'bell tab\t nl\n'],
		['Kependudukan — Sipil', 'Kependudukan — Sipil']
	])('%j → %j', (text, xml) => expect(xmlText(text)).toBe(xml));
});

describe('XlsxWriter', () => {
	const rows: XlsxCell[][] = [
		['No', 'Teks', 'Persen'],
		[1, '  spasi di tepi  ', 0.125],
		[2, 'a & b < c "d"', null],
		[3, null, 1 / 3],
		[],
		[5, 'baris\nbaru', Number.NaN]
	];

	it('writes sheets in any order, listed as declared, and ExcelJS reads back the values, bold header, widths and percent format', async () => {
		const bytes = await workbookBytes(
			[
				{ name: 'Pertama', widths: [8, 30] },
				{ name: 'Kedua', columnStyles: { 2: 'percent' } }
			],
			async (writer) => {
				await writer.sheet('Kedua', async (sheet) => {
					await sheet.row(rows[0]!, 'bold');
					await sheet.rows(rows.slice(1));
				});
				// Many rows through a 1 KB stream: the writer waits for the reader instead of buffering.
				await writer.sheet('Pertama', async (sheet) => {
					for (let i = 0; i < 20; i++) await sheet.rows(Array.from({ length: 500 }, (_, j) => [i * 500 + j + 1, `baris ${i * 500 + j + 1}`]));
				});
			}
		);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
		expect(workbook.creator).toBe('Puas');
		expect(workbook.worksheets.map((s) => s.name)).toEqual(['Pertama', 'Kedua']);
		const first = workbook.getWorksheet('Pertama')!;
		expect(first.rowCount).toBe(10_000);
		expect(first.getRow(10_000).values).toEqual([undefined, 10_000, 'baris 10000']);
		expect(first.getColumn(2).width).toBe(30);
		const second = workbook.getWorksheet('Kedua')!;
		expect(second.getRow(1).getCell(1).font?.bold).toBe(true);
		expect(second.getRow(2).values).toEqual([undefined, 1, '  spasi di tepi  ', 0.125]);
		expect(second.getRow(2).getCell(3).numFmt).toBe('0.0%');
		expect(second.getRow(2).getCell(1).numFmt).not.toBe('0.0%');
		expect(second.getRow(3).values).toEqual([undefined, 2, 'a & b < c "d"']);
		expect(second.getRow(4).values).toEqual([undefined, 3, undefined, 1 / 3]);
		expect(second.getRow(5).cellCount).toBe(0);
		expect(second.getRow(6).values).toEqual([undefined, 5, 'baris\nbaru']);
	});

	it("is read by the app's own import reader (the matrix of an exported workbook can be imported again)", async () => {
		const bytes = await workbookBytes([{ name: 'Ringkasan' }, { name: 'Matriks' }], async (writer) => {
			await writer.sheet('Matriks', (sheet) => sheet.rows([['No', 'U1', 'Layanan'], [1, 4, 'KTP & KK'], [2, null, 'Paspor']]));
			await writer.sheet('Ringkasan', (sheet) => sheet.row(['IKM', 87.5]));
		});
		const read = await readXlsxRecords(new Uint8Array(bytes));
		expect('records' in read && read.records.map((r) => r.cells)).toEqual([['No', 'U1', 'Layanan'], ['1', '4', 'KTP & KK'], ['2', '', 'Paspor']]);
	});

	it('refuses a sheet that was not declared', async () => {
		const writer = new XlsxWriter(new PassThrough(), [{ name: 'A' }], 'Puas');
		await expect(writer.sheet('B', async () => {})).rejects.toThrow(/no sheet B/);
	});
});
