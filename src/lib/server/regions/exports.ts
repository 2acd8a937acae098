/**
 * The halls page's downloads: the ranking of the region's halls as CSV, JSON or XLSX; the XLSX adds every hall's
 * reform indicator sheet as one row per hall (the sheet of /app/reform, for the year the period ends in).
 */
import ExcelJS from 'exceljs';
import { CHANNELS } from '../../domain/profile';
import type { Access } from '../../domain/roles';
import type { Db } from '../db/client';
import { buildReformSheet, type ReformSheet } from '../reform/sheet';
import { sheetRows } from '../reform/text';
import { csvLine } from '../reports/matrix-export';
import type { RegionRanking } from './ranking';

export const RANKING_FORMATS = ['csv', 'json', 'xlsx'] as const;
export type RankingFormat = (typeof RANKING_FORMATS)[number];

const CHANNEL_HEADERS: Record<(typeof CHANNELS)[number], string> = { kiosk: 'kios', qr: 'QR', ticket: 'tiket', import: 'impor' };

const RANKING_COLUMNS = ['Peringkat', 'Balai', 'Slug', 'Kabupaten/kota', 'Kode wilayah', 'Provinsi', 'Responden', 'IKM', 'IKM (tanpa pembulatan)', 'Mutu', 'Kinerja', 'Perubahan IKM', 'Populasi (warga dilayani)', 'Target sampel (Krejcie–Morgan)', 'Sampel cukup', 'Tingkat respons', ...CHANNELS.map((channel) => `Responden ${CHANNEL_HEADERS[channel]}`), 'Diarsipkan'];

/** One row per hall, in ranking order. */
function rankingValues(ranking: RegionRanking): (string | number | null)[][] {
	return ranking.region.halls.map((hall, i) => [
		i + 1,
		hall.name,
		hall.slug,
		hall.regency?.name ?? null,
		hall.regency?.code ?? null,
		hall.province?.name ?? null,
		hall.respondents,
		hall.ikm,
		hall.ikmExact,
		hall.mutu,
		hall.kinerja,
		hall.change,
		hall.sample?.population ?? null,
		hall.sample?.target ?? null,
		hall.sample?.adequate === undefined || hall.sample.adequate === null ? null : hall.sample.adequate ? 'ya' : 'tidak',
		hall.responseRate ?? null,
		...CHANNELS.map((channel) => hall.channels?.[channel] ?? 0),
		hall.archived ? 'ya' : 'tidak'
	]);
}

/** The region's figures above the halls: the pooled IKM (the regulation's) and the mean of the halls (labelled). */
function summaryValues(ranking: RegionRanking): (string | number | null)[][] {
	const r = ranking.region;
	return [
		['Wilayah', r.scope.code ? `${r.scope.name} (${r.scope.code})` : r.scope.name],
		['Jenis instansi', r.agencyKind ? r.agencyKind.nameId : 'Semua instansi'],
		['Periode', `${r.from} s.d. ${r.to}`],
		['Responden', r.respondents],
		['IKM wilayah (PermenPANRB 14/2017 atas jawaban seluruh responden)', r.ikm],
		['Mutu', r.mutu],
		['Rata-rata IKM balai (bukan rumus peraturan: rata-rata sederhana IKM tiap balai)', r.meanOfHalls.ikm],
		['Balai dengan IKM', r.meanOfHalls.units]
	];
}

export function rankingCsv(ranking: RegionRanking, delimiter: ',' | ';'): string {
	return [RANKING_COLUMNS, ...rankingValues(ranking)].map((row) => csvLine(row, delimiter)).join('');
}

export function rankingJson(ranking: RegionRanking): string {
	const { region, period } = ranking;
	return JSON.stringify({ period: { kind: period.kind, value: period.value, from: period.from, to: period.to }, ...region }, null, 2);
}

/** Every hall's reform sheet for `year`, read as that hall's evaluator (four at a time). */
async function reformSheets(db: Db, reach: Access, ranking: RegionRanking, year: number): Promise<(ReformSheet | null)[]> {
	const halls = ranking.region.halls;
	const sheets: (ReformSheet | null)[] = new Array(halls.length).fill(null);
	let next = 0;
	const worker = async () => {
		while (next < halls.length) {
			const i = next++;
			sheets[i] = await buildReformSheet(db, { ...reach, mallId: halls[i]!.id }, { type: 'mall', id: halls[i]!.id }, year);
		}
	};
	await Promise.all(Array.from({ length: Math.min(4, halls.length) }, worker));
	return sheets;
}

export async function rankingXlsx(db: Db, reach: Access, ranking: RegionRanking): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Puas';
	const summary = workbook.addWorksheet('Ringkasan');
	summary.columns = [{ width: 70 }, { width: 30 }];
	for (const row of summaryValues(ranking)) summary.addRow(row);
	const table = workbook.addWorksheet('Peringkat');
	table.columns = RANKING_COLUMNS.map((header) => ({ width: Math.max(10, header.length + 2) }));
	table.addRow(RANKING_COLUMNS).font = { bold: true };
	for (const row of rankingValues(ranking)) table.addRow(row);

	const year = Number(ranking.period.to.slice(0, 4));
	const sheets = await reformSheets(db, reach, ranking, year);
	const first = sheets.find((sheet) => sheet !== null);
	const reform = workbook.addWorksheet(`Indikator RB ${year}`);
	if (first) {
		const indicators = sheetRows(first, 'id').map((row) => ({ key: row.key, label: row.label }));
		reform.addRow(['Balai', ...indicators.flatMap(({ label }) => [label, `${label} (skor)`])]).font = { bold: true };
		ranking.region.halls.forEach((hall, i) => {
			const sheet = sheets[i];
			const rows = sheet ? sheetRows(sheet, 'id') : [];
			const cells = indicators.flatMap(({ key }) => {
				const row = rows.find((r) => r.key === key);
				return [row?.value ?? null, row?.scoreValue ?? null];
			});
			reform.addRow([hall.name, ...cells]);
		});
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
