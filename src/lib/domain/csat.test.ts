import { describe, expect, it } from 'vitest';
import { computeCsat, lowScores, rankReasons } from './csat';
import { QUICK_V1 } from './instruments';

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

describe('rankReasons', () => {
	const defined = QUICK_V1.reasons!;

	it('ranks by count, ties in the instrument’s order, every reason listed, shares of the low scores', () => {
		// 7 low scores; a response may choose several reasons, so the shares add up to more than 100 %.
		const ranked = rankReasons(7, new Map([['persyaratan', 3], ['lama', 5], ['fasilitas', 3]]), defined);
		expect(ranked.map((r) => [r.code, r.unsur, r.count, r.share])).toEqual([
			['lama', 'U3', 5, 71.43],
			['persyaratan', 'U1', 3, 42.86],
			['fasilitas', 'U9', 3, 42.86],
			['tidak-ramah', 'U7', 0, 0],
			['prosedur', 'U2', 0, 0],
			['kurang-paham', 'U6', 0, 0]
		]);
	});

	it('ranks a chosen code no longer defined too, after defined ones of its count, and has no share without low scores', () => {
		expect(rankReasons(0, new Map([['antre', 2]]), defined.slice(0, 1))).toEqual([
			{ code: 'antre', unsur: '', count: 2, share: null },
			{ code: 'lama', unsur: 'U3', count: 0, share: null }
		]);
		expect(rankReasons(4, new Map([['antre', 1], ['lama', 1]]), defined.slice(0, 1)).map((r) => r.code)).toEqual(['lama', 'antre']);
		expect(() => rankReasons(-1, new Map(), defined)).toThrow(RangeError);
	});

	it('counts the answers 1 and 2 as low scores', () => {
		expect(lowScores({ 1: 4, 2: 3 })).toBe(7);
	});
});
