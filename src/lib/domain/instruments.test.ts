import { describe, expect, it } from 'vitest';
import { IPAK_ITEMS, ikmLayoutProblem, QUICK_V1, SKM_2017, SKM_IPAK_V1, STANDARD_INSTRUMENTS } from './instruments';

describe('ikmLayoutProblem', () => {
	it('accepts the standard instruments (the IKM ones ask the nine unsur first)', () => {
		for (const definition of STANDARD_INSTRUMENTS) expect(ikmLayoutProblem(definition), definition.code).toBeNull();
		expect(SKM_IPAK_V1.items.map((i) => i.code).slice(0, 9)).toEqual(SKM_2017.items.map((i) => i.code));
	});
	it('accepts the nine unsur in another order (U8 and U9 swapped, as some systems ask them)', () => {
		const items = [...SKM_2017.items];
		[items[7], items[8]] = [items[8]!, items[7]!];
		expect(ikmLayoutProblem({ feedsIkm: true, items })).toBeNull();
	});
	it('refuses an IKM instrument that asks something else among the first nine', () => {
		expect(ikmLayoutProblem({ feedsIkm: true, items: [...IPAK_ITEMS, ...SKM_2017.items] })).toMatch(/positions 1–9 lack U5, U6, U7, U8, U9/);
		expect(ikmLayoutProblem({ feedsIkm: true, items: SKM_2017.items.slice(0, 8) })).toMatch(/lack U9/);
	});
	it('leaves instruments that do not feed the IKM alone', () => {
		expect(ikmLayoutProblem(QUICK_V1)).toBeNull();
	});
});
