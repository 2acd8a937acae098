/**
 * Quick mode in a Laporan SKM: the CSAT of the one overall question Q1 (four faces), its answers per value and the
 * reasons chosen after a low score — reported beside the IKM, never mixed into it (the IKM needs the nine unsur). The
 * XLSX's Cepat sheet and the quick CSV print the same rows (`quickRows`); the Metode sheet its calculation trail.
 */
import type { CsatResult } from '../../domain/csat';
import { QUICK_V1, SKM_2017 } from '../../domain/instruments';
import { quickSummary, type QuickReason } from '../indicators/quick';
import { mallBesideUnit, unitTitle } from './labels';
import { csvLine, type CsvDelimiter } from './matrix-export';
import type { SheetReport } from './report';
import type { XlsxCell } from './xlsx-writer';

const QUESTION = QUICK_V1.items[0]!;

/** A report's quick ratings over its scope and period (answers counted from the rollups, reasons from the responses). */
export interface ReportQuick {
	/** The question asked, as the questionnaire words it. */
	question: { code: string; text: string };
	/** n, satisfied (answers 3 and 4) and CSAT = satisfied ÷ n × 100 rounded half up to 2 decimals (null when n = 0). */
	csat: CsatResult;
	/** Answers per value 1–4 with the face's label. */
	values: { value: number; label: string; count: number }[];
	/** Answers 1 and 2, after which the reasons are asked. */
	low: number;
	/** Every reason, most chosen first: the unsur it points at, how many chose it, its share of the low scores in %. */
	reasons: { code: string; label: string; unsur: string; count: number; share: number | null }[];
}

/** The quick figures of a report from the period's answers per value 1–4 and the reasons chosen (domain/csat.ts). */
export function reportQuick(values: readonly [number, number, number, number], chosen: ReadonlyMap<string, number>, defined: readonly QuickReason[]): ReportQuick {
	const summary = quickSummary(values, chosen, defined);
	return {
		question: { code: QUESTION.code, text: QUESTION.question.id },
		csat: summary.csat,
		values: values.map((count, i) => ({ value: i + 1, label: QUESTION.options.id[i]!, count })),
		low: summary.low,
		reasons: summary.reasons.map((r) => ({ code: r.code, label: r.label.id, unsur: r.unsur, count: r.count, share: r.share }))
	};
}

const UNSUR_NAMES = new Map(SKM_2017.items.map((item) => [item.code, item.name.id]));

/** "U3 Waktu Penyelesaian"; none for a reason no longer defined (it points at no unsur). */
const unsurTitle = (code: string) => (code ? `${code} ${UNSUR_NAMES.get(code) ?? ''}`.trim() : null);

const NO_RATINGS = 'Tidak ada penilaian cepat pada periode ini.';
const NOT_FROZEN = 'Laporan final ini dibuat sebelum penilaian cepat dicatat dalam laporan: angkanya tidak tersedia di sini.';

/** The method in one line, printed under the figures. */
const QUICK_METHOD =
	'CSAT = (n3 + n4) ÷ n × 100, dibulatkan setengah ke atas ke 2 desimal; dilaporkan di samping IKM, tidak pernah menjadi bagian dari IKM. ' +
	'Persen alasan = jumlah yang memilih alasan ÷ nilai rendah (1–2) × 100; satu penilaian boleh memilih beberapa alasan.';

/**
 * The rows of the Cepat sheet and of the quick CSV: the CSAT with n and satisfied, the low scores, the answers per
 * value, the reasons ranking and the method. Always the same rows, with zeros and "no quick ratings" when n = 0.
 */
export function quickRows(report: Pick<SheetReport, 'identity' | 'period' | 'quick'>): XlsxCell[][] {
	const mall = mallBesideUnit(report.identity);
	const head: XlsxCell[][] = [
		['Penilaian cepat (CSAT)', null],
		['Unit pelayanan', unitTitle(report.identity.scope)],
		...(mall ? [['Tempat', mall]] : []),
		['Periode', `${report.period.value} (${report.period.from} s.d. ${report.period.to})`]
	];
	const quick = report.quick;
	if (!quick) return [...head, ['Keterangan', NOT_FROZEN]];
	return [
		...head,
		['Pertanyaan', `${quick.question.code}: ${quick.question.text}`],
		['Jumlah penilaian (n)', quick.csat.n],
		['Puas dan sangat puas (nilai 3–4)', quick.csat.satisfied],
		['CSAT (%)', quick.csat.csat],
		['Nilai rendah (1–2)', quick.low],
		['Keterangan', quick.csat.n === 0 ? NO_RATINGS : 'Dihitung dari penilaian cepat saja; responden SKM sembilan unsur tidak termasuk.'],
		[],
		['Nilai', 'Keterangan', 'Jumlah'],
		...quick.values.map((v): XlsxCell[] => [v.value, v.label, v.count]),
		[],
		['Alasan nilai rendah', 'Unsur', 'Jumlah', 'Persen dari nilai rendah (%)'],
		...quick.reasons.map((r): XlsxCell[] => [r.label, unsurTitle(r.unsur), r.count, r.share]),
		[],
		['Metode', QUICK_METHOD]
	];
}

/** The Metode sheet's CSAT lines: the formula and each step with this report's numbers. */
export function quickMethodRows(quick: ReportQuick | undefined): XlsxCell[][] {
	const header: XlsxCell[] = ['Penilaian cepat (CSAT)', 'Keterangan', 'Nilai'];
	if (!quick) return [header, ['Penilaian cepat', NOT_FROZEN, null]];
	const count = (value: number) => quick.values.find((v) => v.value === value)?.count ?? 0;
	const { n, satisfied, csat } = quick.csat;
	return [
		header,
		['Rumus', 'CSAT = (n3 + n4) ÷ n × 100; tidak pernah dicampur ke IKM (IKM memerlukan sembilan unsur)', null],
		['n3', 'Jawaban 3 (Puas) pada Q1', count(3)],
		['n4', 'Jawaban 4 (Sangat puas) pada Q1', count(4)],
		['n', 'Semua jawaban Q1 (nilai 1–4)', n],
		['(n3 + n4) ÷ n × 100', n === 0 ? NO_RATINGS : `(${count(3)} + ${count(4)}) ÷ ${n} × 100 (tanpa pembulatan)`, n === 0 ? null : (satisfied * 100) / n],
		['CSAT', 'Dibulatkan setengah ke atas ke 2 desimal', csat]
	];
}

/** The quick rows as CSV (UTF-8 with BOM, CRLF, every row as wide as the widest, as the codebook is written). */
export function quickCsv(report: Pick<SheetReport, 'identity' | 'period' | 'quick'>, delimiter: CsvDelimiter): string {
	const rows = quickRows(report);
	const width = Math.max(...rows.map((row) => row.length));
	return '\ufeff' + rows.map((row) => csvLine([...row, ...Array<XlsxCell>(width - row.length).fill(null)], delimiter)).join('');
}
