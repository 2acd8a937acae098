import { describe, expect, it } from 'vitest';
import { parsePeriodParams, readChannel, readScopePeriod } from './query-params';

const home = { type: 'mall' as const, id: 1 };
const read = (query: string) => readScopePeriod(new URLSearchParams(query), { scope: home, today: '2026-12-02' });

describe('readScopePeriod', () => {
	it.each([
		['', home, { kind: 'year', value: '2026' }, []],
		['scope=agency-3&period=quarter&value=2026-Q1', { type: 'agency', id: 3 }, { kind: 'quarter', value: '2026-Q1', from: '2026-01-01', to: '2026-03-31' }, []],
		['scope=&period=', home, { kind: 'year', value: '2026' }, []],
		['scope=region-1&period=month&value=2026-13', home, { kind: 'year', value: '2026' }, [{ field: 'scope', value: 'region-1' }, { field: 'period', value: 'month 2026-13' }]],
		['period=custom&from=2026-02-30&to=2026-03-01', home, { kind: 'year', value: '2026' }, [{ field: 'period', value: 'custom 2026-02-30..2026-03-01' }]]
	])('%s', (query, scope, period, errors) => {
		const read_ = read(query);
		expect(read_.scope).toEqual(scope);
		expect(read_.period).toMatchObject(period);
		expect(read_.errors).toEqual(errors);
	});

	it('reads a custom period the same way the downloads do', () => {
		const params = new URLSearchParams('period=custom&from=2026-02-01&to=2026-02-10');
		expect(read(params.toString()).period).toEqual(parsePeriodParams(params));
	});
});

describe('readChannel', () => {
	it.each([
		['', { channel: undefined, error: null }],
		['channel=', { channel: undefined, error: null }],
		['channel=kiosk', { channel: 'kiosk', error: null }],
		['channel=qr', { channel: 'qr', error: null }],
		['channel=ticket', { channel: 'ticket', error: null }],
		['channel=import', { channel: 'import', error: null }],
		['channel=phone', { channel: undefined, error: 'phone' }],
		['channel=KIOSK', { channel: undefined, error: 'KIOSK' }]
	])('%s', (query, expected) => {
		expect(readChannel(new URLSearchParams(query))).toEqual(expected);
	});
});
