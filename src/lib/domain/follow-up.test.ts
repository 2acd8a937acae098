import { describe, expect, it } from 'vitest';
import { dueDateAllowed, latestDueDate } from './follow-up';

describe('a follow-up plan’s due date', () => {
	it('is today or later, and at most two years ahead', () => {
		expect(dueDateAllowed('2026-12-05', '2026-12-05')).toBe(true);
		expect(dueDateAllowed('2026-12-04', '2026-12-05')).toBe(false);
		expect(dueDateAllowed('2028-12-05', '2026-12-05')).toBe(true);
		expect(dueDateAllowed('2028-12-06', '2026-12-05')).toBe(false);
	});

	it('keeps the day two years on, the 28th for 29 February', () => {
		expect(latestDueDate('2026-01-31')).toBe('2028-01-31');
		expect(latestDueDate('2028-02-29')).toBe('2030-02-28');
	});
});
