import { describe, expect, it } from 'vitest';
import { checkVolumeRows, normalizeMonth, parseCount, volumeReadProblem, volumeRecords, type RawVolume, type VolumeRules } from './volume-rows';

describe('normalizeMonth', () => {
	it.each([
		['2025-01', '2025-01-01'],
		[' 2025-12 ', '2025-12-01'],
		['2025-06-01', '2025-06-01'],
		['2025-13', null],
		['2025-00', null],
		['2025-06-15', null],
		['1999-12', null],
		['25-06', null],
		['Juni 2025', null]
	])('%s → %s', (text, expected) => expect(normalizeMonth(text)).toBe(expected));
});

describe('parseCount', () => {
	it.each([
		['0', 0],
		['2000', 2000],
		['2.000', 2000],
		['2,000', 2000],
		['1.234.567', 1234567],
		['10000000', 10000000],
		['10000001', null],
		['-5', null],
		['2.5', null],
		['12,5', null],
		['', null],
		['abc', null]
	])('%s → %s', (text, expected) => expect(parseCount(text)).toBe(expected));
});

const raw = (row: number, service: string, month: string, served: string, servedOnline = ''): RawVolume => ({ row, service, month, served, servedOnline });
/** December 2026 has begun in the hall; its services are sim-baru and pbb. */
const rules: VolumeRules = { latestMonth: '2026-12-01', services: new Set(['sim-baru', 'pbb']) };

describe('checkVolumeRows', () => {
	it('accepts good rows and normalizes them', () => {
		expect(checkVolumeRows([raw(2, 'sim-baru', '2025-01', '1.200', '300'), raw(3, 'sim-baru', '2025-02', '1100')], rules)).toEqual({
			rows: [
				{ row: 2, service: 'sim-baru', month: '2025-01-01', served: 1200, servedOnline: 300 },
				{ row: 3, service: 'sim-baru', month: '2025-02-01', served: 1100, servedOnline: null }
			],
			problems: []
		});
	});
	it('names the row and column of each problem', () => {
		const { problems } = checkVolumeRows([
			raw(2, '', '2025-01', '10'),
			raw(3, 'pbb', '2025-1', '10'),
			raw(4, 'pbb', '2025-02', 'sepuluh'),
			raw(5, 'pbb', '2025-03', '10', 'x'),
			raw(6, 'pbb', '2025-04', '10', '11'),
			raw(7, 'pbb', '2025-05', '10'),
			raw(8, 'pbb', '2025-05-01', '12')
		], rules);
		expect(problems).toEqual([
			{ row: 2, column: 'service', kind: 'service' },
			{ row: 3, column: 'month', kind: 'month' },
			{ row: 4, column: 'served', kind: 'served' },
			{ row: 5, column: 'servedOnline', kind: 'online' },
			{ row: 6, column: 'servedOnline', kind: 'online_above_served' },
			{ row: 8, column: 'month', kind: 'duplicate' }
		]);
	});
	it('refuses an empty table and too many rows', () => {
		expect(checkVolumeRows([], rules).problems).toEqual([{ row: 1, column: null, kind: 'empty' }]);
		const many = Array.from({ length: 5001 }, (_, i) => raw(i + 2, `s${i}`, '2025-01', '1'));
		expect(checkVolumeRows(many, { ...rules, services: new Set(many.map((r) => r.service)) }).problems).toEqual([{ row: 5002, column: null, kind: 'too_many' }]);
	});
	it('refuses a month that has not begun in the hall, and takes the current one (a running total)', () => {
		const { rows, problems } = checkVolumeRows([
			raw(2, 'pbb', '2026-12', '10'),
			raw(3, 'pbb', '2027-01', '10'),
			raw(4, 'pbb', '2027-06-01', '10'),
			raw(5, 'pbb', '2100-12', '10')
		], rules);
		expect(rows.map((r) => r.month)).toEqual(['2026-12-01']);
		expect(problems).toEqual([
			{ row: 3, column: 'month', kind: 'future_month' },
			{ row: 4, column: 'month', kind: 'future_month' },
			{ row: 5, column: 'month', kind: 'future_month' }
		]);
		expect(checkVolumeRows([raw(2, 'pbb', '2027-01', '10')], { ...rules, latestMonth: '2027-01-01' }).problems).toEqual([]);
	});
	it('names every problem of every row in one pass: format, unknown services, future months and repeats together', () => {
		const { rows, problems } = checkVolumeRows([
			raw(2, 'pbb', '2025-1', '10'),
			raw(3, 'sim-baru', '2025-01', 'x'),
			raw(4, 'pbb', '2025-02', '10', '11'),
			raw(5, 'paspor', '2025-03', '10'),
			raw(6, 'paspor', '2027-06', 'sepuluh', 'x'),
			raw(7, 'sim-baru', '2025-01', '12'),
			raw(8, 'pbb', '2025-04', '10')
		], rules);
		expect(problems).toEqual([
			{ row: 2, column: 'month', kind: 'month' },
			{ row: 3, column: 'served', kind: 'served' },
			{ row: 4, column: 'servedOnline', kind: 'online_above_served' },
			{ row: 5, column: 'service', kind: 'service' },
			{ row: 6, column: 'service', kind: 'service' },
			{ row: 6, column: 'month', kind: 'future_month' },
			{ row: 6, column: 'served', kind: 'served' },
			{ row: 6, column: 'servedOnline', kind: 'online' },
			// Row 3 is wrong too, but the same service and month twice stays a problem when it is fixed.
			{ row: 7, column: 'month', kind: 'duplicate' }
		]);
		expect(rows.map((r) => r.row)).toEqual([8]);
	});
});

describe('volumeRecords', () => {
	it('finds the columns by Indonesian or English header, in any order', () => {
		const result = volumeRecords([
			{ row: 1, cells: ['Bulan', 'Dilayani', 'Layanan'] },
			{ row: 2, cells: ['2025-01', '40', 'pbb'] },
			{ row: 3, cells: ['', '', ''] }
		]);
		expect(result).toEqual({ raw: [{ row: 2, service: 'pbb', month: '2025-01', served: '40', servedOnline: '' }] });
		expect(volumeRecords([{ row: 1, cells: ['service', 'month', 'served', 'online'] }, { row: 2, cells: ['a', '2025-01', '4', '1'] }])).toEqual({
			raw: [{ row: 2, service: 'a', month: '2025-01', served: '4', servedOnline: '1' }]
		});
	});
	it('names a missing column', () => {
		expect(volumeRecords([{ row: 1, cells: ['layanan', 'bulan'] }])).toEqual({ problem: { row: 1, column: 'dilayani', kind: 'missing_column' } });
	});
});

describe('volumeReadProblem', () => {
	it.each([
		[{ row: 5001, column: null, kind: 'too_many_rows', message: '', params: { limit: '100000' } }, { row: 5001, column: null, kind: 'too_many' }],
		[{ row: 3, column: 'BM', kind: 'too_many_columns', message: '', params: { limit: '64' } }, { row: 3, column: 'BM', kind: 'too_many_columns', limit: 64 }],
		[{ row: 4, column: 'C', kind: 'cell_too_long', message: '', params: { limit: '2000' } }, { row: 4, column: 'C', kind: 'cell_too_long', limit: 2000 }],
		[{ row: 1, column: null, kind: 'not_utf8', message: '' }, null],
		[{ row: 2, column: null, kind: 'csv_unreadable', message: '' }, null]
	] as const)('%j → %j', (problem, expected) => {
		expect(volumeReadProblem(problem)).toEqual(expected);
	});
});
