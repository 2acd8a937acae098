import { describe, expect, it } from 'vitest';
import { addDays } from './periods';

describe('addDays', () => {
	it.each([
		['2025-01-31', 1, '2025-02-01'],
		['2024-02-28', 1, '2024-02-29'],
		['2025-03-01', -1, '2025-02-28'],
		['2025-12-31', 1, '2026-01-01'],
		['2025-06-15', -90, '2025-03-17'],
		['2025-06-15', 0, '2025-06-15']
	])('%s + %i days → %s', (date, days, expected) => expect(addDays(date, days)).toBe(expected));
});
