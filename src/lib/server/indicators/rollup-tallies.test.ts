import { describe, expect, it } from 'vitest';
import { wholeMonths } from './rollup-tallies';

describe('wholeMonths', () => {
	it.each([
		['2026-01-01', '2026-12-31', { from: '2026-01-01', to: '2026-12-31' }],
		['2026-01-15', '2026-03-31', { from: '2026-02-01', to: '2026-03-31' }],
		['2026-01-01', '2026-03-30', { from: '2026-01-01', to: '2026-02-28' }],
		['2024-02-01', '2024-02-29', { from: '2024-02-01', to: '2024-02-29' }],
		['2026-01-02', '2026-02-27', null],
		['2025-12-31', '2026-01-30', null]
	])('%s..%s → %j', (from, to, months) => {
		expect(wholeMonths({ from, to })).toEqual(months);
	});
});
