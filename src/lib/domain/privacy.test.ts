import { describe, expect, it } from 'vitest';
import { REDACTED, redactPersonalData, suppressSmallCells } from './privacy';

describe('redactPersonalData', () => {
	it.each([
		['Hubungi saya di 081234567890 ya', `Hubungi saya di ${REDACTED} ya`],
		['WA +62 812-3456-7890 terima kasih', `WA ${REDACTED} terima kasih`],
		['NIK 5371041203900001 belum jadi', `NIK ${REDACTED} belum jadi`],
		['email budi.santoso@gmail.com', `email ${REDACTED}`],
		['no rek 1234.5678.90', `no rek ${REDACTED}`]
	])('%j → %j', (input, output) => {
		expect(redactPersonalData(input)).toBe(output);
	});

	it.each([
		'Antre 2 jam, loket 3 tutup jam 12.00',
		'Tanggal 17-08-2025 pelayanan tutup',
		'Biaya Rp 150.000 terlalu mahal',
		'Pelayanan cepat dan ramah'
	])('keeps %j', (input) => {
		expect(redactPersonalData(input)).toBe(input);
	});
});

describe('suppressSmallCells', () => {
	it.each([
		[0, 0],
		[1, null],
		[4, null],
		[5, 5],
		[120, 120]
	])('a count of %i is published as %j', (count, published) => {
		expect(suppressSmallCells([{ value: 'L', count }])).toEqual([{ value: 'L', count: published }]);
	});
});
