/**
 * A printed sheet of one-time tickets for a counter without a queue system: A4 pages of 3 × 4 tickets with dashed cut
 * lines, each with its QR code (the survey URL with the code), the counter, a call to scan and the expiry date.
 * The words come from the caller in the reader's language, already WinAnsi (reports/pdf's winAnsi): the standard
 * PDF fonts print nothing else.
 */
import PDFDocument from 'pdfkit';
import { encode } from 'uqr';

const COLUMNS = 3;
const ROWS = 4;
const MARGIN = 24;
const INK = '#1f2937';
const MUTED = '#4b5563';
const ACCENT = '#0f766e';

export interface TicketSheet {
	/** The counter as printed: its name, its code, and its agency. */
	counter: { name: string; code: string; agency: string };
	/** "Pindai untuk menilai layanan kami" */
	callToScan: string;
	/** "Berlaku sampai 28 November 2026 10.00 WITA" */
	validUntil: string;
	/** "Satu tiket, satu penilaian" */
	oncePerTicket: string;
	urls: readonly string[];
}

/** The sheet's PDF bytes: one ticket per URL, 12 to a page. */
export function renderTicketSheet(sheet: TicketSheet): Promise<Buffer> {
	const doc = new PDFDocument({ size: 'A4', margin: MARGIN, autoFirstPage: false, lang: 'id-ID', info: { Title: `${sheet.counter.code} · ${sheet.callToScan}`, Creator: 'Puas' } });
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	const perPage = COLUMNS * ROWS;
	sheet.urls.forEach((url, index) => {
		if (index % perPage === 0) {
			doc.addPage();
			cutLines(doc);
		}
		const slot = index % perPage;
		ticket(doc, sheet, url, slot % COLUMNS, Math.floor(slot / COLUMNS));
	});
	doc.end();
	return done;
}

function cellSize(doc: PDFKit.PDFDocument) {
	return { width: (doc.page.width - 2 * MARGIN) / COLUMNS, height: (doc.page.height - 2 * MARGIN) / ROWS };
}

/** Dashed lines around every ticket, to cut along. */
function cutLines(doc: PDFKit.PDFDocument) {
	const { width, height } = cellSize(doc);
	doc.save().lineWidth(0.6).dash(4, { space: 3 }).strokeColor('#9ca3af');
	for (let c = 0; c <= COLUMNS; c++) doc.moveTo(MARGIN + c * width, MARGIN).lineTo(MARGIN + c * width, doc.page.height - MARGIN).stroke();
	for (let r = 0; r <= ROWS; r++) doc.moveTo(MARGIN, MARGIN + r * height).lineTo(doc.page.width - MARGIN, MARGIN + r * height).stroke();
	doc.undash().restore();
}

function ticket(doc: PDFKit.PDFDocument, sheet: TicketSheet, url: string, column: number, row: number) {
	const { width, height } = cellSize(doc);
	const x = MARGIN + column * width + 10;
	const y = MARGIN + row * height;
	const inner = width - 20;
	// One line each, cut with an ellipsis: a long agency name must not run into the next line.
	const line = (text: string, at: number, size: number, bold = false, color = MUTED) =>
		doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(color).text(text, x, at, { width: inner, height: size * 1.25, align: 'center', ellipsis: true });
	line(sheet.callToScan, y + 10, 10, true, ACCENT);
	const qrSize = Math.min(112, height - 86);
	qr(doc, url, MARGIN + column * width + (width - qrSize) / 2, y + 26, qrSize);
	const below = y + 30 + qrSize;
	line(sheet.counter.name, below, 9.5, true, INK);
	line(`${sheet.counter.code} · ${sheet.counter.agency}`, below + 13, 8);
	line(sheet.validUntil, below + 24, 8);
	line(sheet.oncePerTicket, below + 35, 8);
}

/** The URL as a QR code of black squares, `size` points wide (a quiet zone of one module around it). */
function qr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number) {
	const code = encode(url, { border: 1, ecc: 'M' });
	const module = size / code.size;
	doc.save().fillColor('#000000');
	code.data.forEach((line, r) => line.forEach((dark, c) => dark && doc.rect(x + c * module, y + r * module, module + 0.05, module + 0.05)));
	doc.fill().restore();
}
