import { describe, expect, it } from 'vitest';
import { findRegency, findRegion, hallInRegion, isHallTimeZone, listProvinces, listRegencies, regionChoices } from './regions';

describe('regions', () => {
	it('holds the 38 provinces and 514 kabupaten/kota of Kepmendagri 300.2.2-2138/2025', () => {
		expect(listProvinces()).toHaveLength(38);
		expect(listRegencies()).toHaveLength(514);
		expect(new Set(listRegencies().map((r) => r.code)).size).toBe(514);
		for (const regency of listRegencies()) expect(regency.code.startsWith(`${regency.province.code}.`), regency.code).toBe(true);
	});

	it.each([
		['53.71', 'Kota Kupang', 'Nusa Tenggara Timur', 'Asia/Makassar'],
		['53.01', 'Kabupaten Kupang', 'Nusa Tenggara Timur', 'Asia/Makassar'],
		['31.71', 'Kota Administrasi Jakarta Pusat', 'Daerah Khusus Ibukota Jakarta', 'Asia/Jakarta'],
		['91.71', 'Kota Jayapura', 'Papua', 'Asia/Jayapura'],
		[' 51.71 ', 'Kota Denpasar', 'Bali', 'Asia/Makassar']
	])('finds %s', (code, name, province, zone) => {
		expect(findRegency(code)).toMatchObject({ name, province: { name: province, timeZone: zone } });
	});

	it.each(['53', '53.99', '5371', '', '99.01'])('knows no regency %j', (code) => {
		expect(findRegency(code)).toBeNull();
	});

	it('offers every kabupaten/kota once, grouped under its province', () => {
		const choices = regionChoices();
		expect(choices.map((p) => p.code)).toEqual(listProvinces().map((p) => p.code));
		expect(choices.flatMap((p) => p.regencies.map((r) => r.code)).sort()).toEqual(listRegencies().map((r) => r.code).sort());
		expect(choices.find((p) => p.code === '53')!.regencies).toContainEqual({ code: '53.71', name: 'Kota Kupang' });
	});

	it('keeps a hall in WIB, WITA or WIT only', () => {
		expect(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'].every(isHallTimeZone)).toBe(true);
		expect(isHallTimeZone('Asia/Tokyo')).toBe(false);
		expect(isHallTimeZone('UTC')).toBe(false);
	});
});

describe('regions of halls', () => {
	it('finds a province or a kabupaten/kota by its code, and nothing else', () => {
		expect(findRegion('53')).toMatchObject({ kind: 'province', province: { code: '53', name: 'Nusa Tenggara Timur' } });
		expect(findRegion('53.71')).toMatchObject({ kind: 'regency', regency: { code: '53.71', name: 'Kota Kupang' } });
		expect(findRegion('99')).toBeNull();
		expect(findRegion('53.99')).toBeNull();
		expect(findRegion('5')).toBeNull();
	});

	it('places a hall in its kabupaten/kota and province by whole code segments', () => {
		expect(hallInRegion('53.71', '53')).toBe(true);
		expect(hallInRegion('53.71', '53.71')).toBe(true);
		expect(hallInRegion('53.71', '53.7')).toBe(false);
		expect(hallInRegion('53.71', '5')).toBe(false);
		expect(hallInRegion(null, '53')).toBe(false);
	});
});
