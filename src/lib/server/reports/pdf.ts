/**
 * The Laporan SKM as an A4 PDF in Bahasa Indonesia, drawn on the server by PDFKit (no browser): chapters I–V and
 * the appendix of skm.md "Report", charts as vector paths, page numbers, and for a finalized report its SHA-256
 * and verification address on every page.
 */
import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';
import { SKM_CODES } from '../../domain/instruments';
import type { Db } from '../db/client';
import type { ScopeFilter } from '../../domain/scope';
import { findMallLogo, findMallSettings } from '../organization/mall-settings';
import { latestComments, matrixRows, PROFILE_FIELDS, type ReportRange } from './queries';
import type { SkmReport } from './report';
import { INTEGRITY_RULES } from '../../domain/integrity';
import { integrityForReport, REPORT_RULE_LABELS } from '../integrity/checks';
import { CHANNEL_LABELS, idDateTime, idLongDate, idNumber, mallBesideUnit, PROFILE_LABELS, profileValueLabel, STATUS_LABELS, unitTitle } from './labels';

/** Rows of the raw matrix printed in the appendix; the whole matrix is in the CSV and XLSX. */
const PDF_MATRIX_ROWS = 1000;

const MARGIN = 56;
const INK = '#1f2937';
const MUTED = '#6b7280';
const ACCENT = '#0f766e';

export interface PdfSnapshot {
	hash: string;
	verifyUrl: string;
}

/** The standard PDF fonts speak WinAnsi: anything else (an emoji in a comment) prints as "?" rather than garbage. */
export function winAnsi(text: string): string {
	return text.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\n]/g, '?');
}

type Row = (string | null)[];

/** Write the report's PDF to `stream`. */
/** `readsComments`: whether the reader may read citizens' comments (an operator may not: the latest ones are left out). */
export async function writeReportPdf(db: Db, report: SkmReport, scope: ScopeFilter, range: ReportRange, stream: Writable, snapshot: PdfSnapshot | null, readsComments: boolean): Promise<void> {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
		bufferPages: true,
		lang: 'id-ID',
		info: {
			Title: `Laporan SKM ${report.identity.scope.name} ${report.period.value}`,
			Author: report.identity.mall,
			Creator: 'Puas',
			Subject: 'Survei Kepuasan Masyarakat (PermenPANRB 14/2017)'
		}
	});
	const done = new Promise<void>((resolve, reject) => {
		stream.on('finish', resolve);
		stream.on('error', reject);
		doc.on('error', reject);
	});
	doc.pipe(stream);
	const width = doc.page.width - 2 * MARGIN;
	const f = report.figures;

	const heading = (text: string) => {
		if (doc.y > doc.page.height - 160) doc.addPage();
		doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor(ACCENT).text(winAnsi(text), MARGIN, doc.y, { width });
		doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(INK);
	};
	const sub = (text: string) => doc.moveDown(0.5).font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(winAnsi(text), MARGIN, doc.y, { width }).font('Helvetica').fontSize(10);
	const para = (text: string) => doc.font('Helvetica').fontSize(10).fillColor(INK).text(winAnsi(text), MARGIN, doc.y, { width, align: 'left' }).moveDown(0.3);
	const table = (header: string[], rows: Row[], widths: (number | string)[], fontSize = 9) => {
		doc.font('Helvetica').fontSize(fontSize).fillColor(INK);
		doc.table({
			position: { x: MARGIN, y: doc.y },
			maxWidth: width,
			columnStyles: widths.map((w) => ({ width: w })),
			defaultStyle: { border: 0.5, borderColor: '#9ca3af', padding: [2, 4, 2, 4] },
			data: [
				header.map((text) => ({ text: winAnsi(text), font: { src: 'Helvetica-Bold' }, backgroundColor: '#e5e7eb', type: 'TH' as const })),
				...rows.map((row) => row.map((text) => winAnsi(text ?? '–')))
			]
		});
		doc.moveDown(0.5);
	};

	// The hall's logo heads the cover. PDFKit draws a PNG as it is; an SVG logo would need a renderer of its own (and
	// its fonts), so the PDF leaves it out — /publik and the kiosk still show it.
	const [logo, hall] = await Promise.all([findMallLogo(db, { mallId: range.mallId }), findMallSettings(db, range.mallId)]);
	if (logo?.type === 'image/png') {
		const top = doc.y;
		doc.image(Buffer.from(logo.bytes), MARGIN, top, { fit: [width, 64], align: 'center', valign: 'center' });
		doc.x = MARGIN;
		doc.y = top + 76;
	}

	// Title block
	doc.font('Helvetica-Bold').fontSize(18).fillColor(ACCENT).text('LAPORAN SURVEI KEPUASAN MASYARAKAT', { width, align: 'center' });
	doc.moveDown(0.3).fontSize(13).fillColor(INK).text(winAnsi(unitTitle(report.identity.scope)), { width, align: 'center' });
	doc.font('Helvetica').fontSize(11);
	const mall = mallBesideUnit(report.identity);
	if (mall) doc.text(winAnsi(mall), { width, align: 'center' });
	// The letterhead: the hall's address under its name (hall settings).
	if (hall?.address) doc.fontSize(9.5).fillColor(MUTED).text(winAnsi(hall.address), { width, align: 'center' }).fontSize(11).fillColor(INK);
	doc.text(`Periode ${report.period.value} (${report.period.from} s.d. ${report.period.to})`, { width, align: 'center' });
	doc.moveDown(0.8);
	const boxY = doc.y;
	doc.roundedRect(MARGIN, boxY, width, 58, 6).fillAndStroke('#f0fdfa', ACCENT);
	doc.fillColor(INK).font('Helvetica').fontSize(10).text('Indeks Kepuasan Masyarakat (IKM)', MARGIN + 14, boxY + 10);
	doc.font('Helvetica-Bold').fontSize(22).text(`IKM ${idNumber(f.ikm)}`, MARGIN + 14, boxY + 24);
	doc.fontSize(11).text(`Mutu ${f.mutu ?? '–'} · Kinerja ${f.kinerja ?? '–'}`, MARGIN + width / 2, boxY + 16, { width: width / 2 - 14, align: 'right' });
	doc.font('Helvetica').fontSize(10).text(`${f.respondents} responden`, MARGIN + width / 2, boxY + 34, { width: width / 2 - 14, align: 'right' });
	doc.y = boxY + 70;

	heading('I. Pendahuluan');
	para('Survei Kepuasan Masyarakat (SKM) mengukur kepuasan masyarakat atas pelayanan yang diterimanya, sebagai bahan perbaikan pelayanan publik. Dasar hukum:');
	report.identity.legalBasis.forEach((basis, i) => para(`${i + 1}. ${basis}`));
	para(`Survei mengukur ${report.questionnaire.length} unsur pelayanan: ${report.questionnaire.map((q) => `${q.code} ${q.name}`).join('; ')}.`);

	heading('II. Pengumpulan Data');
	const sample = report.method.sample;
	table(
		['Butir', 'Keterangan'],
		[
			['Instrumen', `${report.method.instrument.title} (${report.method.instrument.code} versi ${report.method.instrument.version})`],
			['Tempat', `${report.identity.mall}: tablet di loket dan kode QR`],
			['Periode', `${report.period.from} s.d. ${report.period.to}`],
			['Responden', `${report.method.respondents} (lengkap ${report.method.complete}, sebagian ${report.method.partial})`],
			[
				'Populasi (jumlah dilayani)',
				sample.population === null
					? 'belum tercatat'
					: `${sample.population}${sample.partial ? ` (bulan yang sudah berakhir, ${sample.partial.from} s.d. ${sample.partial.through})` : ''}`
			],
			[
				'Target sampel Krejcie–Morgan',
				sample.target === null
					? sample.adequate
						? 'terpenuhi untuk populasi berapa pun (n >= 384)'
						: 'tidak dapat dihitung tanpa populasi; n >= 384 cukup untuk populasi berapa pun'
					: `${sample.target} (${sample.adequate ? 'terpenuhi' : 'belum terpenuhi'}${sample.partial ? ` oleh ${sample.partial.respondents} responden bulan itu` : ''})`
			],
			['Data diterima sampai', report.method.receivedBy ? idDateTime(report.method.receivedBy, report.identity.timeZone) : 'saat laporan dibuat (belum final)'],
			['Rumus', 'NRR tiap unsur = jumlah nilai / jumlah yang menjawab unsur itu; IKM = (jumlah NRR x 1/9) x 25 dengan bobot tepat 1/9; dibulatkan setengah ke atas ke 2 desimal hanya pada angka akhir; mutu A >= 88,31, B >= 76,61, C >= 65,00, selain itu D']
		],
		[150, '*']
	);
	// A report finalized before channels were reported has none: the table is left out rather than shown empty.
	const channels = report.method.channels ?? [];
	if (channels.length > 0) {
		sub('Kanal pengisian');
		table(
			['Kanal', 'Responden', 'IKM', 'Mutu'],
			channels.map((c) => [CHANNEL_LABELS[c.channel], String(c.respondents), idNumber(c.ikm), c.mutu ?? '–']),
			['*', 70, 60, 50]
		);
	}

	heading('III. Hasil');
	sub('Profil responden');
	for (const field of PROFILE_FIELDS) {
		const counts = report.profile[field];
		const total = counts.reduce((a, c) => a + c.count, 0);
		table(
			[PROFILE_LABELS[field], 'Jumlah', 'Persen'],
			counts.map((c) => [profileValueLabel(field, c.value), String(c.count), total > 0 ? `${idNumber((100 * c.count) / total, 2)} %` : '–']),
			['*', 80, 80]
		);
	}
	sub('Nilai per unsur');
	table(
		['Kode', 'Unsur', 'Jumlah nilai', 'n', 'NRR', 'NRR tertimbang', 'NRR x 25', 'Mutu'],
		[
			...report.unsur.map((u) => [u.code, u.name, String(u.sum), String(u.n), idNumber(u.nrr, 4), idNumber(u.nrrWeighted, 4), idNumber(u.index), u.mutu]),
			['', 'IKM', '', String(f.respondents), '', idNumber(f.skmExact, 4), idNumber(f.ikm), f.mutu]
		],
		[32, '*', 52, 40, 44, 56, 48, 34],
		8.5
	);
	barChart(doc, report, width);
	if (report.units.length > 0) {
		sub('IKM per instansi dan layanan');
		table(
			['Unit', 'Jenis', 'Responden', 'IKM', 'Mutu'],
			report.units.map((u) => [
				`${u.type === 'agency' ? u.name : `${u.name} (${u.agency})`}${u.archived ? ' — diarsipkan' : ''}`,
				u.type === 'agency' ? 'Instansi' : 'Layanan',
				String(u.respondents),
				idNumber(u.ikm),
				u.mutu
			]),
			['*', 60, 60, 50, 40]
		);
	}

	// Quick mode beside the IKM, never part of it (reports/quick.ts).
	const quick = report.quick;
	if (quick && quick.csat.n > 0) {
		sub('Penilaian cepat (CSAT, bukan bagian dari IKM)');
		para(
			`${quick.question.code}: "${quick.question.text}" — CSAT ${idNumber(quick.csat.csat)} % (${quick.csat.satisfied} dari ${quick.csat.n} jawaban Puas atau Sangat puas; ` +
				`CSAT = (n3 + n4) ÷ n × 100, dibulatkan setengah ke atas). ${quick.low} nilai rendah (1–2).`
		);
		if (quick.low > 0) {
			table(
				['Alasan nilai rendah', 'Unsur', 'Jumlah', '% nilai rendah'],
				quick.reasons.filter((r) => r.count > 0).map((r) => [r.label, r.unsur || '–', String(r.count), r.share === null ? '–' : `${idNumber(r.share)} %`]),
				['*', 50, 50, 70]
			);
		}
	}

	heading('IV. Analisis');
	sub('Unsur terlemah');
	table(
		['Kode', 'Unsur', 'NRR', 'NRR x 25'],
		report.weakest.map((w) => [w.code, w.name, idNumber(w.nrr, 4), idNumber(w.index)]),
		[40, '*', 60, 60]
	);
	sub('Rencana tindak lanjut');
	if (report.plan.length === 0) para('Belum ada rencana tindak lanjut yang dicatat sejak awal periode.');
	else table(['Kegiatan', 'Unsur', 'Penanggung jawab', 'Tenggat', 'Status'], report.plan.map(planRow), ['*', 40, 100, 60, 66]);
	sub('Tren terhadap periode sebelumnya');
	table(
		['Periode', 'Dari', 'Sampai', 'Responden', 'IKM', 'Mutu'],
		report.trend.map((t) => [t.value, t.from, t.to, String(t.respondents), idNumber(t.ikm), t.mutu]),
		['*', 66, 66, 60, 50, 40]
	);
	trendChart(doc, report, width);
	sub('Status rencana tindak lanjut periode sebelumnya');
	if (report.previousPlan.length === 0) para('Tidak ada rencana tindak lanjut yang dicatat pada periode sebelumnya.');
	else table(['Kegiatan', 'Unsur', 'Penanggung jawab', 'Tenggat', 'Status'], report.previousPlan.map(planRow), ['*', 40, 100, 60, 66]);
	sub('Ringkasan saran dan pengaduan');
	const c = report.comments;
	para(`${c.withComment} responden menulis saran; ${c.complaints} di antaranya ditandai sebagai pengaduan.`);
	if (c.byLowestAnswer.length > 0) para(`Menurut nilai terendah yang diberikan: ${c.byLowestAnswer.map((g) => `nilai ${g.lowest}: ${g.count}`).join('; ')}.`);
	const latest = readsComments ? await latestComments(db, scope, range) : [];
	if (latest.length > 0) {
		para('Saran terbaru:');
		table(['Waktu', 'Layanan', 'Saran'], latest.map((l) => [l.at, l.unit, l.text]), [80, 110, '*'], 8.5);
	}

	// Computed now from the raw responses of the report's scope and days (not part of the snapshot): src/lib/server/integrity.
	const integrity = await integrityForReport(db, range.mallId, scope, range);
	sub('Pemeriksaan integritas data');
	para(
		`Respons tersimpan diperiksa per tablet atau loket dan hari dengan aturan berambang tetap; tidak ada yang dihapus. ${integrity.flaggedResponses} dari ${integrity.responses} respons ditandai.` +
			(integrity.hoursSet ? '' : ' Jam layanan belum diatur, jadi aturan di luar jam layanan tidak diterapkan.')
	);
	table(['Aturan', 'Tanda'], INTEGRITY_RULES.map((rule) => [REPORT_RULE_LABELS[rule], String(integrity.flagsByRule[rule])]), ['*', 60]);
	table(
		['', 'Responden', 'IKM', 'Mutu'],
		[
			['Semua respons tersimpan', String(integrity.withFlagged.n), idNumber(integrity.withFlagged.result.ikm), integrity.withFlagged.result.mutu],
			['Tanpa respons yang ditandai', String(integrity.withoutFlagged.n), idNumber(integrity.withoutFlagged.result.ikm), integrity.withoutFlagged.result.mutu]
		],
		['*', 70, 60, 50]
	);
	heading('V. Kesimpulan');
	para(
		f.ikm === null
			? 'IKM belum dapat dihitung: tidak semua unsur memperoleh jawaban pada periode ini.'
			: `IKM ${report.identity.scope.name} periode ${report.period.value} adalah ${idNumber(f.ikm)} (mutu ${f.mutu}, kinerja ${f.kinerja}) dari ${f.respondents} responden.` +
					(report.weakest.length > 0 ? ` Unsur terlemah: ${report.weakest.map((w) => `${w.code} ${w.name} (${idNumber(w.index)})`).join(', ')}.` : '')
	);

	signatureBlock(doc, {
		place: hall?.city ?? '',
		// A final report is dated by its data's closing moment; a draft by the day it is printed.
		date: idLongDate(report.method.receivedBy ? new Date(report.method.receivedBy) : new Date(), report.identity.timeZone),
		office: `Kepala ${report.identity.mall}`,
		name: hall?.headName ?? null,
		nip: hall?.headNip ?? null
	});

	doc.addPage();
	heading('Lampiran 1. Kuesioner');
	for (const q of report.questionnaire) {
		sub(`${q.code}. ${q.name}`);
		para(q.question);
		para(q.options.map((o, i) => `${i + 1} = ${o}`).join('   '));
	}
	doc.addPage();
	heading('Lampiran 2. Matriks jawaban responden');
	para(
		report.matrixRows > PDF_MATRIX_ROWS
			? `${PDF_MATRIX_ROWS} dari ${report.matrixRows} baris pertama; matriks lengkap ada pada berkas CSV dan XLSX laporan ini.`
			: `${report.matrixRows} baris. Kosong = tidak dijawab.`
	);
	const matrixTable = doc.table({
		position: { x: MARGIN, y: doc.y },
		maxWidth: width,
		columnStyles: [30, 72, '*', ...SKM_CODES.map(() => 22)],
		defaultStyle: { border: 0.3, borderColor: '#9ca3af', padding: [1, 2, 1, 2], textOptions: { lineBreak: false, ellipsis: true } }
	});
	doc.font('Helvetica').fontSize(7);
	matrixTable.row(['No', 'Waktu', 'Layanan', ...SKM_CODES].map((text) => ({ text, font: { src: 'Helvetica-Bold' }, backgroundColor: '#e5e7eb' })));
	let printed = 0;
	outer: for await (const page of matrixRows(db, scope, range, SKM_CODES)) {
		for (const row of page) {
			if (printed >= PDF_MATRIX_ROWS) break outer;
			printed++;
			matrixTable.row([String(printed), row.at, winAnsi(row.service), ...row.answers.map((a) => (a === null ? '' : String(a)))]);
		}
	}
	matrixTable.end();

	// Footer on every page: page numbers, and the snapshot's hash and verification address.
	const pages = doc.bufferedPageRange();
	for (let i = pages.start; i < pages.start + pages.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - MARGIN + 8;
		doc.font('Helvetica').fontSize(7).fillColor(MUTED);
		doc.text(snapshot ? `Laporan final · SHA-256 ${snapshot.hash}` : 'Belum final: angka dapat berubah bila data bertambah.', MARGIN, y, { width: width - 80, lineBreak: false });
		doc.text(`Halaman ${i - pages.start + 1} dari ${pages.count}`, MARGIN + width - 80, y, { width: 80, align: 'right', lineBreak: false });
		if (snapshot) doc.text(winAnsi(`Verifikasi: ${snapshot.verifyUrl}`), MARGIN, y + 10, { width, lineBreak: false });
		doc.page.margins.bottom = bottom;
	}
	doc.end();
	await done;
}

/**
 * The signature block closing the report, on the right as Indonesian letters place it: place and date, the head of the
 * unit's office, room to sign, their name and NIP (hall settings). Unset, the name and NIP are dotted lines to fill
 * in by hand.
 */
function signatureBlock(doc: PDFKit.PDFDocument, signer: { place: string; date: string; office: string; name: string | null; nip: string | null }) {
	const blockWidth = 230;
	if (doc.y > doc.page.height - 200) doc.addPage();
	const x = doc.page.width - MARGIN - blockWidth;
	doc.moveDown(1.5).font('Helvetica').fontSize(10).fillColor(INK);
	doc.text(winAnsi(signer.place ? `${signer.place}, ${signer.date}` : signer.date), x, doc.y, { width: blockWidth });
	doc.text(winAnsi(signer.office), x, doc.y, { width: blockWidth });
	doc.moveDown(4);
	doc.font('Helvetica-Bold').text(winAnsi(signer.name ?? '..............................................'), x, doc.y, { width: blockWidth, underline: signer.name !== null });
	doc.font('Helvetica').text(winAnsi(`NIP ${signer.nip ?? '..............................'}`), x, doc.y, { width: blockWidth });
	doc.x = MARGIN;
}

function planRow(item: SkmReport['plan'][number]): Row {
	return [item.action, item.unsurCode ?? (item.fromComplaint ? 'Aduan' : '–'), item.owner, item.dueDate, STATUS_LABELS[item.status] ?? item.status];
}

/** Per-unsur index (NRR × 25) as horizontal bars on 25–100, with the A/B/C cut-offs marked. */
function barChart(doc: PDFKit.PDFDocument, report: SkmReport, width: number) {
	const rowHeight = 14;
	const height = report.unsur.length * rowHeight + 24;
	if (doc.y + height > doc.page.height - 90) doc.addPage();
	const top = doc.y + 4;
	const labelWidth = 36;
	const plotX = MARGIN + labelWidth;
	const plotWidth = width - labelWidth - 40;
	const x = (value: number) => plotX + ((value - 25) / 75) * plotWidth;
	report.unsur.forEach((u, i) => {
		const y = top + i * rowHeight;
		doc.font('Helvetica').fontSize(8).fillColor(INK).text(u.code, MARGIN, y + 2, { width: labelWidth - 4 });
		if (u.index !== null) {
			doc.rect(plotX, y + 1, x(u.index) - plotX, rowHeight - 4).fill(u.mutu === 'A' ? ACCENT : u.mutu === 'B' ? '#14b8a6' : u.mutu === 'C' ? '#f59e0b' : '#dc2626');
			doc.fillColor(INK).text(idNumber(u.index), x(u.index) + 3, y + 2, { width: 40, lineBreak: false });
		}
	});
	const bottom = top + report.unsur.length * rowHeight;
	for (const [value, label] of [[65, 'C 65,00'], [76.61, 'B 76,61'], [88.31, 'A 88,31']] as const) {
		doc.moveTo(x(value), top - 2).lineTo(x(value), bottom).dash(2, { space: 2 }).lineWidth(0.5).stroke(MUTED).undash();
		doc.fontSize(7).fillColor(MUTED).text(label, x(value) - 16, bottom + 2, { width: 40, lineBreak: false });
	}
	doc.y = bottom + 16;
	doc.x = MARGIN;
}

/** IKM of the current and earlier periods as a line on 25–100, oldest first. */
function trendChart(doc: PDFKit.PDFDocument, report: SkmReport, width: number) {
	const height = 110;
	if (doc.y + height + 20 > doc.page.height - 90) doc.addPage();
	const top = doc.y + 4;
	const points = [...report.trend].reverse();
	const plotX = MARGIN + 30;
	const plotWidth = width - 60;
	const step = points.length > 1 ? plotWidth / (points.length - 1) : 0;
	const min = 50;
	const y = (value: number) => top + height - ((Math.max(value, min) - min) / (100 - min)) * height;
	doc.lineWidth(0.5).strokeColor('#d1d5db');
	for (const value of [50, 65, 76.61, 88.31, 100]) {
		doc.moveTo(plotX, y(value)).lineTo(plotX + plotWidth, y(value)).stroke();
		doc.font('Helvetica').fontSize(7).fillColor(MUTED).text(idNumber(value), MARGIN - 4, y(value) - 3, { width: 32, align: 'right', lineBreak: false });
	}
	const defined = points.map((p, i) => ({ p, i })).filter(({ p }) => p.ikm !== null);
	doc.lineWidth(1.5).strokeColor(ACCENT);
	defined.forEach(({ p, i }, k) => {
		const px = plotX + i * step;
		if (k === 0) doc.moveTo(px, y(p.ikm!));
		else doc.lineTo(px, y(p.ikm!));
	});
	if (defined.length > 1) doc.stroke();
	for (const { p, i } of defined) doc.circle(plotX + i * step, y(p.ikm!), 2.5).fill(ACCENT);
	points.forEach((p, i) =>
		doc.font('Helvetica').fontSize(7.5).fillColor(INK).text(p.value, plotX + i * step - 40, top + height + 4, { width: 80, align: 'center', lineBreak: false })
	);
	doc.y = top + height + 20;
	doc.x = MARGIN;
}
