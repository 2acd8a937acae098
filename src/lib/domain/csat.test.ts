import { describe, expect, it } from 'vitest';
import { computeCsat } from './csat';

describe('computeCsat', () => {
	it.each([
		[{ 1: 1, 2: 1, 3: 1, 4: 1 }, 50],
		[{ 1: 0, 2: 0, 3: 0, 4: 7 }, 100],
		[{ 1: 2, 2: 1, 3: 0, 4: 0 }, 0],
		[{ 1: 1, 2: 1, 3: 1, 4: 0 }, 33.33],
		[{ 1: 1, 2: 0, 3: 1, 4: 1 }, 66.67],
		[{ 1: 0, 2: 1, 3: 0, 4: 7 }, 87.5]
	])('%j → %d %%', (counts, csat) => {
		expect(computeCsat(counts).csat).toBe(csat);
	});

	it('has no figure without answers', () => {
		expect(computeCsat({ 1: 0, 2: 0, 3: 0, 4: 0 })).toEqual({ n: 0, satisfied: 0, csat: null });
	});
});
