import { describe, expect, it } from 'vitest';
import { isCalendarDate, isId, isUuid, MAX_ID, parseId, parseInstant, storableJson, storableName, unstorableText } from './values';

describe('parseId', () => {
	it.each([
		['1', 1],
		['42', 42],
		['2147483647', MAX_ID],
		['2147483648', null],
		['9999999999', null],
		['99999999999', null],
		['0', null],
		['007', null],
		['-1', null],
		['1e3', null],
		['1.0', null],
		[' 1', null],
		['', null],
		[null, null],
		[undefined, null]
	])('%j → %j', (text, id) => {
		expect(parseId(text)).toBe(id);
	});

	it.each([
		[1, true],
		[MAX_ID, true],
		[MAX_ID + 1, false],
		[0, false],
		[1.5, false],
		[Number.NaN, false],
		['1', false]
	])('isId(%j) is %j', (value, expected) => {
		expect(isId(value)).toBe(expected);
	});
});

describe('isCalendarDate', () => {
	it.each(['2025-02-28', '2024-02-29', '2000-01-01', '2100-12-31', '2026-04-30'])('accepts %s', (text) => {
		expect(isCalendarDate(text)).toBe(true);
	});
	it.each(['2025-02-29', '2025-02-30', '2026-04-31', '2100-02-29', '2025-13-01', '2025-00-10', '2025-01-00', '1999-12-31', '2101-01-01', '2025-1-5', '2025-01-05T00:00', ''])(
		'refuses %s',
		(text) => {
			expect(isCalendarDate(text)).toBe(false);
		}
	);
});

describe('parseInstant', () => {
	it.each([
		['2026-03-02T09:15:00.000+08:00', '2026-03-02T01:15:00.000Z'],
		['2026-03-02T09:15:00Z', '2026-03-02T09:15:00.000Z'],
		['2026-03-02 09:15:00 +08', '2026-03-02T01:15:00.000Z'],
		['2026-03-02T09:15:00+0800', '2026-03-02T01:15:00.000Z'],
		['2024-02-29T23:59:59.123456Z', '2024-02-29T23:59:59.123Z']
	])('%s is %s', (text, iso) => {
		expect(parseInstant(text)?.toISOString()).toBe(iso);
	});
	it.each(['2025-02-30T10:00:00Z', '2026-03-02T24:00:00Z', '2026-13-02T09:15:00Z', '2026-03-02T09:60:00Z', '2026-03-02T09:15:00', '2026-03-02', 'tomorrow'])('refuses %s', (text) => {
		expect(parseInstant(text)).toBeNull();
	});
});

describe('isUuid', () => {
	it.each([
		['0190b5f4-6c2e-7c9a-8b3e-1f2d3c4b5a69', true],
		['0190B5F4-6C2E-7C9A-8B3E-1F2D3C4B5A69', true],
		['------------------------------------', false],
		['0190b5f46c2e7c9a8b3e1f2d3c4b5a69', false],
		['0190b5f4-6c2e-7c9a-8b3e-1f2d3c4b5a6g', false]
	])('%s → %j', (text, expected) => {
		expect(isUuid(text)).toBe(expected);
	});
});

describe('unstorableText', () => {
	it.each([
		['ok', null],
		['emoji 😀 and “quotes” and \t tabs', null],
		['a\u0000b', 'nul'],
		['\ud800', 'lone_surrogate'],
		['x\udc00y', 'lone_surrogate'],
		['\ud83d\ude00', null]
	])('%j → %j', (text, problem) => {
		expect(unstorableText(text)).toBe(problem);
	});
});

describe('storableName and storableJson', () => {
	it('turn what PostgreSQL cannot store into U+FFFD, and keep the rest', () => {
		expect(storableName('lama\u0000.csv', 200)).toBe('lama\ufffd.csv');
		expect(storableName('😀'.repeat(3), 5)).toBe('😀😀\ufffd');
		expect(storableJson({ problems: [{ message: '"4\u0000" is not a number', params: { value: '4\u0000' } }], rows: 3, ok: true, none: null })).toEqual({
			problems: [{ message: '"4\ufffd" is not a number', params: { value: '4\ufffd' } }],
			rows: 3,
			ok: true,
			none: null
		});
	});
});
