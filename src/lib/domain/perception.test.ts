import { describe, expect, it } from 'vitest';
import { perceptionIndex } from './perception';
import { computeIkm } from './skm';

const tallies = (pairs: [number, number][]) => pairs.map(([sum, n], i) => ({ code: `I${i + 1}`, sum, n }));

describe('perceptionIndex', () => {
	it.each([
		{ name: 'all fours', pairs: [[40, 10], [40, 10], [40, 10], [40, 10], [40, 10]], exact: 4, value: 4 },
		{ name: 'all ones', pairs: [[10, 10], [10, 10]], exact: 1, value: 1 },
		// (3.5 + 3 + 3.25) / 3 = 3.25
		{ name: 'items with different n', pairs: [[7, 2], [9, 3], [13, 4]], exact: 3.25, value: 3.25 },
		// (3.335 + 3.335) / 2 = 3.335 → 3.34 half up (exact, not binary floating point)
		{ name: 'a half-way value rounds up', pairs: [[667, 200], [667, 200]], exact: 3.335, value: 3.34 },
		// (3.3349... + ...) stays 3.33
		{ name: 'just below half-way', pairs: [[3334, 1000], [3335, 1000]], exact: 3.3345, value: 3.33 }
	])('$name', ({ pairs, exact, value }) => {
		const result = perceptionIndex(tallies(pairs as [number, number][]));
		expect(result.exact).toBeCloseTo(exact, 12);
		expect(result.value).toBe(value);
	});

	it('is null when an item has no answers (a missing item cannot be weighted in)', () => {
		expect(perceptionIndex(tallies([[12, 4], [0, 0]]))).toEqual({ exact: null, value: null, n: 4 });
	});

	it('IPKP over the nine unsur equals the IKM ÷ 25', () => {
		const nine = Array.from({ length: 9 }, (_, i) => ({ code: `U${i + 1}`, sum: 300 + i * 7, n: 100 + (i % 3) }));
		expect(perceptionIndex(nine).exact! * 25).toBeCloseTo(computeIkm(nine).ikmExact!, 10);
	});

	it('refuses impossible tallies', () => {
		expect(() => perceptionIndex([])).toThrow(/at least one/);
		expect(() => perceptionIndex(tallies([[50, 10]]))).toThrow(/impossible/);
		expect(() => perceptionIndex(tallies([[5, 10]]))).toThrow(/impossible/);
	});
});
