import { describe, expect, it } from 'vitest';
import { MIN_PUBLISHED_CELL, mayPublishFigures, normalizeText, publishedCount, REDACTED, redactPersonalData, suppressSmallCells } from './privacy';

const R = REDACTED;

describe('redactPersonalData', () => {
	it.each([
		// Phone numbers as Indonesians write them: 08…, 62…, +62…, grouped any way.
		['Hubungi saya di 081234567890 ya', `Hubungi saya di ${R} ya`],
		['WA +62 812-3456-7890 terima kasih', `WA ${R} terima kasih`],
		['WA +62-812-3456-7890', `WA ${R}`],
		['telp 62 812 3456 7890', `telp ${R}`],
		['telp 6281234567890', `telp ${R}`],
		['HP 0812-3456-7890.', `HP ${R}.`],
		['HP 0812 3456 7890', `HP ${R}`],
		['HP 0812.3456.7890', `HP ${R}`],
		['HP 0812/3456/7890', `HP ${R}`],
		['HP 0812 - 3456 - 7890', `HP ${R}`],
		['HP (+62) 812 3456 7890', `HP ${R}`],
		['kantor (0380) 821234', `kantor ${R}`],
		['(hubungi 081234567890)', `(hubungi ${R})`],
		// The forms of issue 13: commas, underscores, brackets, zero-width spaces, full-width digits.
		['no 0812,3456,7890 ya', `no ${R} ya`],
		['no 0812_3456_7890 ya', `no ${R} ya`],
		['no (0812)3456(7890) ya', `no (${R}) ya`],
		['no 0812\u200B3456\u200B7890 ya', `no ${R} ya`],
		['no 0\u200C8\u200D1\u20602\uFEFF3456\u00AD7890', `no ${R}`],
		['no ０８１２３４５６７８９０ ya', `no ${R} ya`],
		['no ０８１２－３４５６－７８９０', `no ${R}`],
		['no 0 8 1 2 3 4 5 6 7 8 9 0', `no ${R}`],
		// Found in review: a phone in pairs of digits reads like times; separators of more than three characters.
		['hp 08.12.23.45.12.34', `hp ${R}`],
		['hp 0812 - - 3456 - - 7890', `hp ${R}`],
		// NIK (16 digits), KK, NPWP, bank accounts.
		['NIK 5371041203900001 belum jadi', `NIK ${R} belum jadi`],
		['NIK 5371 0412 0390 0001', `NIK ${R}`],
		['NIK 53.7104.120390.0001', `NIK ${R}`],
		['NIK5371041203900001', `NIK${R}`],
		['NPWP 12.345.678.9-012.345', `NPWP ${R}`],
		['no rek 1234.5678.90', `no rek ${R}`],
		['rek BRI 0123-01-012345-50-1', `rek BRI ${R}`],
		// An amount after Rp counts only written in thousands: ungrouped or oddly grouped, it is masked like any number.
		['transfer Rp 12345678', `transfer Rp ${R}`],
		['transfer Rp 1234.5678.90', `transfer Rp ${R}`],
		// E-mail addresses: dots, plus, sub-domains, capitals, full-width, spaces, spelled out.
		['email budi.santoso@gmail.com', `email ${R}`],
		['email budi.santoso+skm@mail.kupangkota.go.id ya', `email ${R} ya`],
		['Email: BUDI@GMAIL.COM', `Email: ${R}`],
		['email nama＠ｍａｉｌ．ｃｏｍ', `email ${R}`],
		['email nama@ gmail.com', `email ${R}`],
		['email nama @ gmail . com', `email ${R}`],
		['email nama[at]mail.com', `email ${R}`],
		['email nama(at)mail.com', `email ${R}`],
		['email nama [at] mail [dot] com', `email ${R}`],
		['email nama(at)mail(dot)co(dot)id', `email ${R}`],
		['email nama{at}mail.com', `email ${R}`],
		['email nama <at> mail.com', `email ${R}`],
		['email nama (et) mail.com', `email ${R}`],
		['email nama[keong]gmail[titik]com', `email ${R}`],
		['email budi[dot]santoso[at]gmail[dot]com', `email ${R}`],
		['email nama at mail dot com ya', `email ${R} ya`],
		['email nama AT gmail.com', `email ${R}`],
		['email bu\u00ADdi@gm\u200Bail.com', `email ${R}`],
		['WA 081234567890 atau budi@gmail.com', `WA ${R} atau ${R}`]
	])('%j → %j', (input, output) => {
		expect(redactPersonalData(input)).toBe(output);
		expect(redactPersonalData(output)).toBe(output);
	});

	it.each([
		'Antre 2 jam, loket 3 tutup jam 12.00',
		'Tanggal 17-08-2025 pelayanan tutup',
		'Datang 17/08/2025 jam 08.30, dilayani 17/8/25 jam 11.45',
		'Tanggal 2025-08-17 12:45 dan 17.08.2025',
		'Buka 08.00-12.00 dan 13.00-17.00',
		'Jam layanan 08.00 - 12.00, 13.00 - 16.30',
		'Tahun ajaran 2024/2025, periode 2023-2024',
		'Biaya Rp 150.000 terlalu mahal',
		'BPHTB Rp 15.000.000 terlalu mahal',
		'Rp 1.500.000,00 atau Rp. 2.000.000,- atau Rp150.000.000.000',
		'Tarif Rp 150.000/200.000 per berkas, IDR 150,000.00',
		'loket 3',
		'Antrean nomor 125, dipanggil setelah 45 menit',
		'IKM 87,65 naik dari 80,12',
		'Nilai 4, 4, 3, 2',
		'Terima kasih @dukcapil, follow @dukcapil.kupang',
		'Saya datang at 9 pagi, bertemu di MPP',
		'Keluarga 👨‍👩‍👧 senang 👍🏽',
		'e-KTP dan KK selesai 3 hari',
		'Pelayanan cepat dan ramah'
	])('keeps %j', (input) => {
		expect(redactPersonalData(input)).toBe(input);
	});

	it('folds look-alikes to ASCII and drops invisible characters, keeping other text as typed', () => {
		expect(normalizeText('Ｌｏｋｅｔ\u00A0３\u200B…')).toBe('Loket 3…');
		expect(normalizeText('antre — 😊 é')).toBe('antre — 😊 é');
	});

	it('stays fast on long text that almost matches', () => {
		const started = performance.now();
		redactPersonalData('a.'.repeat(500) + '@' + 'b-'.repeat(250));
		redactPersonalData('1 '.repeat(500) + 'x');
		redactPersonalData('nama [at] '.repeat(100));
		expect(performance.now() - started).toBeLessThan(500);
	});
});

describe('publication minimum', () => {
	it.each([
		[0, false, 0],
		[1, false, null],
		[MIN_PUBLISHED_CELL - 1, false, null],
		[MIN_PUBLISHED_CELL, true, MIN_PUBLISHED_CELL],
		[120, true, 120]
	])('%i respondents: figures published %j, count published as %j', (n, figures, count) => {
		expect(mayPublishFigures(n)).toBe(figures);
		expect(publishedCount(n)).toBe(count);
		expect(suppressSmallCells([{ value: 'L', count: n }])).toEqual([{ value: 'L', count }]);
	});
});
