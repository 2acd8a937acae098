import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculationTrail, computeIkm, ikmChange, ikmOfTallies, intervalRowOf, meanOfPublishedIkms, kinerjaOf, mutuOf, poolTallies, tallyAnswers, weakestUnsur, type UnsurTally } from './skm';
import { SKM_CODES } from './instruments';

/** Nine unsur, each answered by n respondents with the given sums. */
const tallies = (n: number, sums: readonly number[]): UnsurTally[] =>
	SKM_CODES.map((code, i) => ({ code, sum: sums[i]!, n }));
/** Nine unsur with the same Σ and n. */
const uniform = (n: number, sum: number) => tallies(n, Array(9).fill(sum));

describe('computeIkm at the interval-table boundaries (classified on the IKM rounded to 2 decimals)', () => {
	it.each([
		// [n, Σ per unsur, IKM, mutu, kinerja]: NRR = Σ/n, IKM = NRR × 25 when all nine are equal
		[2500, 8831, 88.31, 'A', 'Sangat baik'],
		[250, 883, 88.3, 'B', 'Baik'],
		[2500, 7661, 76.61, 'B', 'Baik'],
		[250, 766, 76.6, 'C', 'Kurang baik'],
		[5, 13, 65.0, 'C', 'Kurang baik'],
		[2500, 6499, 64.99, 'D', 'Tidak baik'],
		[1, 4, 100, 'A', 'Sangat baik'],
		[1, 1, 25, 'D', 'Tidak baik']
	] as const)('n=%i Σ=%i → IKM %d, mutu %s (%s)', (n, sum, ikm, mutu, kinerja) => {
		const result = computeIkm(uniform(n, sum));
		expect(result.ikm).toBe(ikm);
		expect(result.mutu).toBe(mutu);
		expect(result.kinerja).toBe(kinerja);
	});

	it('rounds the exact value half up: 88.305 is 88.31 (A), 88.30375 is 88.30 (B)', () => {
		expect(computeIkm(uniform(5000, 17661)).ikmExact).toBeCloseTo(88.305, 10);
		expect(computeIkm(uniform(5000, 17661)).ikm).toBe(88.31);
		expect(computeIkm(uniform(5000, 17661)).mutu).toBe('A');
		// 88.30375: below the half
		expect(computeIkm(uniform(20000, 70643)).ikmExact).toBeCloseTo(88.30375, 10);
		expect(computeIkm(uniform(20000, 70643)).ikm).toBe(88.3);
		expect(computeIkm(uniform(20000, 70643)).mutu).toBe('B');
	});
});

describe('what the engine does NOT compute (errors common in SKM software)', () => {
	it('does not use the printed weight 0.11: a true 88.31 stays 88.31, not 87.43', () => {
		const result = computeIkm(uniform(2500, 8831));
		const nrrSum = result.unsur.reduce((sum, u) => sum + u.nrr!, 0);
		const withPrintedWeight = Math.round(nrrSum * 0.11 * 25 * 100) / 100;
		expect(withPrintedWeight).toBe(87.43);
		expect(result.ikm).toBe(88.31);
		expect(result.mutu).toBe('A');
	});

	it('does not accept a 1–5 scale or score ×20', () => {
		expect(() => computeIkm(uniform(10, 50))).toThrow(/impossible .* 1–4 scale/);
		const result = computeIkm(uniform(2500, 8831));
		expect(result.ikm).not.toBe(Math.round(3.5324 * 20 * 100) / 100);
	});

	it('does not use the 2014 table (81.26 A, 62.51 B, 43.76 C)', () => {
		// Under PermenPANRB 16/2014 these would be A, B and C.
		expect(mutuOf(82)).toBe('B');
		expect(mutuOf(70)).toBe('C');
		expect(mutuOf(50)).toBe('D');
		expect(computeIkm(uniform(100, 328)).ikm).toBe(82);
		expect(computeIkm(uniform(100, 328)).mutu).toBe('B');
	});

	it('does not cut B at 76.00/76.01: 76.30 is still C', () => {
		expect(mutuOf(76.3)).toBe('C');
		expect(mutuOf(76.01)).toBe('C');
	});

	it('does not truncate: an exact 88.305 is 88.31, where truncation gives 88.30 (B)', () => {
		const result = computeIkm(uniform(5000, 17661));
		expect(Math.trunc(result.ikmExact! * 100) / 100).toBe(88.3);
		expect(result.ikm).toBe(88.31);
	});

	it('does not round the mean NRR before ×25: 3.5322 × 25 = 88.31 (A), not 3.53 × 25 = 88.25 (B)', () => {
		const result = computeIkm(uniform(5000, 17661));
		expect(result.skmExact).toBeCloseTo(3.5322, 12);
		expect(Math.round(result.skmExact! * 100) / 100 * 25).toBe(88.25);
		expect(result.ikm).toBe(88.31);
	});

	it.each([
		// Σ per unsur for n = 5000 whose exact IKM is x.xx5 while naive floating point lands just below it.
		[[9990, 15695, 16155, 17516, 19674, 19963, 19996, 19972, 19988], 88.31, 'A'],
		[[18513, 6825, 16218, 14107, 16718, 12423, 18065, 16733, 18287], 76.61, 'B'],
		[[14801, 6413, 5678, 11222, 18026, 5035, 16053, 19790, 19973], 65.0, 'C']
	] as const)('does not round a floating-point sum: %j → %d', (sums, ikm, mutu) => {
		const naive = (sums.reduce((acc, s) => acc + s / 5000, 0) / 9) * 25;
		expect(Math.round(naive * 100) / 100).toBeLessThan(ikm);
		const result = computeIkm(tallies(5000, sums));
		expect(result.ikm).toBe(ikm);
		expect(result.mutu).toBe(mutu);
	});

	it('divides each unsur by those who answered it, not by all respondents', () => {
		const rows = [
			[4, 4, 4, 4, 4, 4, 4, 4, 4],
			[4, 4, 4, 4, 4, 4, 4, null, 4]
		];
		const result = computeIkm(tallyAnswers(rows, SKM_CODES));
		expect(result.unsur[7]).toMatchObject({ code: 'U8', n: 1, sum: 4, nrr: 4, index: 100 });
		expect(result.ikm).toBe(100);
	});
});

describe('computeIkm figures', () => {
	it('gives per-unsur NRR, NRR tertimbang (× 1/9), index (× 25) and mutu', () => {
		const result = computeIkm(tallies(4, [16, 15, 10, 16, 12, 13, 14, 9, 11]));
		expect(result.unsur.map((u) => u.nrr)).toEqual([4, 3.75, 2.5, 4, 3, 3.25, 3.5, 2.25, 2.75]);
		expect(result.unsur[2]!.nrrWeighted).toBeCloseTo(2.5 / 9, 15);
		expect(result.unsur.map((u) => u.index)).toEqual([100, 93.75, 62.5, 100, 75, 81.25, 87.5, 56.25, 68.75]);
		expect(result.unsur.map((u) => u.mutu)).toEqual(['A', 'A', 'D', 'A', 'C', 'B', 'B', 'D', 'C']);
		// Σ NRR = 29 → SKM = 29/9 → IKM = 80.555… → 80.56
		expect(result.skmExact).toBeCloseTo(29 / 9, 15);
		expect(result.ikm).toBe(80.56);
		expect(result.mutu).toBe('B');
	});

	it('leaves the IKM undefined while an unsur has no answer', () => {
		const result = computeIkm([...uniform(3, 9).slice(0, 8), { code: 'U9', sum: 0, n: 0 }]);
		expect(result.ikm).toBeNull();
		expect(result.mutu).toBeNull();
		expect(result.unsur[8]!.nrr).toBeNull();
		expect(result.unsur[0]!.index).toBe(75);
	});

	it('rejects tallies that cannot come from 1–4 answers', () => {
		expect(() => computeIkm([{ code: 'U1', sum: 3, n: 4 }])).toThrow(RangeError);
		expect(() => computeIkm([{ code: 'U1', sum: 2.5, n: 1 }])).toThrow(RangeError);
		expect(() => computeIkm([])).toThrow(RangeError);
	});

	it('pools answers across groups instead of averaging their indices', () => {
		const big = uniform(90, 360); // NRR 4
		const small = uniform(10, 10); // NRR 1
		const pooled = computeIkm(poolTallies([big, small], SKM_CODES));
		expect(pooled.ikm).toBe(92.5); // (360 + 10) / 100 × 25
		const meanOfMeans = (computeIkm(big).ikm! + computeIkm(small).ikm!) / 2;
		expect(meanOfMeans).toBe(62.5);
	});

	it('refuses to pool an unknown unsur code', () => {
		expect(() => poolTallies([[{ code: 'U10', sum: 4, n: 1 }]], SKM_CODES)).toThrow(/unknown unsur U10/);
	});
});

describe('the 2017 interval table', () => {
	it.each([
		[100, 'A', 'Sangat baik'],
		[88.31, 'A', 'Sangat baik'],
		[88.3, 'B', 'Baik'],
		[76.61, 'B', 'Baik'],
		[76.6, 'C', 'Kurang baik'],
		[65, 'C', 'Kurang baik'],
		[64.99, 'D', 'Tidak baik'],
		[25, 'D', 'Tidak baik']
	] as const)('%d → %s, %s', (ikm, mutu, kinerja) => {
		expect(mutuOf(ikm)).toBe(mutu);
		expect(kinerjaOf(ikm)).toBe(kinerja);
	});

	it('names the row used, for the calculation trail', () => {
		expect(intervalRowOf(88.31)).toEqual({ min: 88.31, max: 100, mutu: 'A', kinerja: 'Sangat baik' });
		expect(intervalRowOf(80)).toEqual({ min: 76.61, max: 88.3, mutu: 'B', kinerja: 'Baik' });
		expect(intervalRowOf(70)).toEqual({ min: 65, max: 76.6, mutu: 'C', kinerja: 'Kurang baik' });
		expect(intervalRowOf(30)).toEqual({ min: 25, max: 64.99, mutu: 'D', kinerja: 'Tidak baik' });
	});
});

describe('calculationTrail', () => {
	it('shows every step from Σ and n to the table row', () => {
		const trail = calculationTrail(computeIkm(uniform(5000, 17661)));
		expect(trail.k).toBe(9);
		expect(trail.unsur[0]).toEqual({ code: 'U1', n: 5000, sum: 17661, nrr: 3.5322, weighted: 3.5322 / 9 });
		expect(trail.skm).toBeCloseTo(3.5322, 12);
		expect(trail.ikmExact).toBeCloseTo(88.305, 10);
		expect(trail.ikm).toBe(88.31);
		expect(trail.row).toEqual({ min: 88.31, max: 100, mutu: 'A', kinerja: 'Sangat baik' });
	});

	it('has no table row while the IKM is undefined', () => {
		expect(calculationTrail(computeIkm([{ code: 'U1', sum: 0, n: 0 }])).row).toBeNull();
	});
});

describe('ikmOfTallies', () => {
	it.each([
		['one row per unsur', uniform(10, 30), 75],
		['two versions of each unsur pooled', [...uniform(10, 30), ...uniform(10, 40)], 87.5],
		['buckets of different sizes pooled by their answers, not averaged', [...uniform(1, 4), ...uniform(3, 6)], 62.5],
		['IPAK items left out', [...uniform(10, 30), { code: 'IPAK1', sum: 4, n: 1 }], 75],
		['an unsur nobody answered', uniform(10, 30).slice(1), null]
	])('%s', (_, rows, ikm) => {
		expect(ikmOfTallies(rows, SKM_CODES).ikm).toBe(ikm);
	});

	it('is computeIkm of the pooled tallies', () => {
		const rows = [...tallies(7, [20, 21, 22, 23, 24, 25, 26, 27, 28]), ...tallies(5, [11, 12, 13, 14, 15, 16, 17, 18, 19])];
		expect(ikmOfTallies(rows, SKM_CODES)).toEqual(computeIkm(poolTallies([rows.slice(0, 9), rows.slice(9)], SKM_CODES)));
	});
});

describe('weakestUnsur', () => {
	it.each([
		[[{ code: 'U1', nrr: 3.2 }, { code: 'U2', nrr: 3.1 }, { code: 'U3', nrr: 3.1 }], 'U2'],
		[[{ code: 'U1', nrr: null }, { code: 'U2', nrr: 3.9 }], 'U2'],
		[[{ code: 'U1', nrr: 1 }], 'U1'],
		[[{ code: 'U1', nrr: null }], null],
		[[], null]
	])('%j → %s', (unsur, weakest) => {
		expect(weakestUnsur(unsur)).toBe(weakest);
	});
});

describe('ikmChange', () => {
	it.each([
		[80.1, 79.9, 0.2],
		[79.9, 80.1, -0.2],
		[88.31, 88.3, 0.01],
		[75, 75, 0],
		[null, 75, null],
		[75, null, null]
	])('%s against %s → %s', (current, previous, change) => {
		expect(ikmChange(current, previous)).toBe(change);
	});
});

/** The engine as first written: every figure from BigInt ratios reduced at each step (the reference it must equal). */
function referenceIkm(tallies: readonly UnsurTally[]) {
	const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
	const ratio = (num: bigint, den: bigint) => {
		const g = gcd(num, den) || 1n;
		return { num: num / g, den: den / g };
	};
	const value = (r: { num: bigint; den: bigint }) => Number(r.num) / Number(r.den);
	const halfUp = (r: { num: bigint; den: bigint }) => Number((2n * r.num * 100n + r.den) / (2n * r.den)) / 100;
	const k = BigInt(tallies.length);
	const unsur = tallies.map((t) =>
		t.n === 0
			? { nrr: null, nrrWeighted: null, indexExact: null, index: null }
			: {
					nrr: value(ratio(BigInt(t.sum), BigInt(t.n))),
					nrrWeighted: value(ratio(BigInt(t.sum), BigInt(t.n) * k)),
					indexExact: value(ratio(25n * BigInt(t.sum), BigInt(t.n))),
					index: halfUp(ratio(25n * BigInt(t.sum), BigInt(t.n)))
				}
	);
	if (tallies.some((t) => t.n === 0)) return { unsur, skmExact: null, ikmExact: null, ikm: null };
	const sum = tallies.reduce((acc, t) => ratio(acc.num * BigInt(t.n) + BigInt(t.sum) * acc.den, acc.den * BigInt(t.n)), { num: 0n, den: 1n });
	const skm = ratio(sum.num, sum.den * k);
	const ikm = ratio(skm.num * 25n, skm.den);
	return { unsur, skmExact: value(skm), ikmExact: value(ikm), ikm: halfUp(ikm) };
}

describe('computeIkm equals the all-BigInt reference bit for bit', () => {
	const tally = (code: string) =>
		fc
			.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5_000_000 }), fc.constant(0))
			.chain((n) => fc.integer({ min: n, max: 4 * n }).map((sum) => ({ code, sum, n })));
	const tallies = fc.integer({ min: 1, max: 12 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => tally(`U${i + 1}`))));

	it('for random tallies of 1–12 unsur, small and large n, some unanswered', () => {
		fc.assert(
			fc.property(tallies, (ts) => {
				const got = computeIkm(ts);
				const want = referenceIkm(ts);
				expect(got.unsur.map((u) => ({ nrr: u.nrr, nrrWeighted: u.nrrWeighted, indexExact: u.indexExact, index: u.index }))).toEqual(want.unsur);
				expect({ skmExact: got.skmExact, ikmExact: got.ikmExact, ikm: got.ikm }).toEqual({ skmExact: want.skmExact, ikmExact: want.ikmExact, ikm: want.ikm });
			}),
			{ numRuns: 3000 }
		);
	});

	it('at half-way points of the rounding, where a double division lands next to the integer', () => {
		// 25 × Σ / n exactly half a hundredth: rounded up. The last case is past a double's exact integers (BigInt path).
		const cases = [
			[9, 8, 28.13],
			[13, 8, 40.63],
			[201, 200, 25.13],
			[5_001_000, 5_000_000, 25.01],
			[1_000_200_000_000, 1_000_000_000_000, 25.01]
		] as const;
		for (const [sum, n, index] of cases) {
			const one = [{ code: 'U1', sum, n }];
			expect(computeIkm(one).unsur[0]!.index).toBe(index);
			expect(computeIkm(one)).toMatchObject(referenceIkm(one));
		}
	});
});

describe('meanOfPublishedIkms (not the regulation: the mean of halls, shown beside the pooled IKM)', () => {
	it.each([
		// [published IKMs, mean rounded, units]
		[[88.3, 88.31], 88.31, 2], // 88.305 exactly: half up to 88.31 (A), where a double mean may fall to 88.30 (B)
		[[76.6, 76.61], 76.61, 2],
		[[80, 90, null], 85, 2], // a hall without an IKM is left out, not counted as 0
		[[70.01, 70.02, 70.02], 70.02, 3] // 70.0166… rounds to 70.02
	])('%j → %d over %d halls', (ikms, expected, units) => {
		const mean = meanOfPublishedIkms(ikms);
		expect(mean.ikm).toBe(expected);
		expect(mean.units).toBe(units);
		expect(mean.mutu).toBe(mutuOf(expected));
	});

	it('gives nothing when no hall has an IKM', () => {
		expect(meanOfPublishedIkms([null, null])).toEqual({ units: 0, ikmExact: null, ikm: null, mutu: null, kinerja: null });
	});

	it('differs from the pooled IKM when halls differ in size', () => {
		// A large hall of 4s and a small hall of 1s and 2s: pooled, the large hall weighs more.
		const big = SKM_CODES.map((code) => ({ code, sum: 4 * 90, n: 90 }));
		const small = SKM_CODES.map((code) => ({ code, sum: 15, n: 10 }));
		const pooled = ikmOfTallies([...big, ...small], SKM_CODES);
		const mean = meanOfPublishedIkms([computeIkm(big).ikm, computeIkm(small).ikm]);
		expect(pooled.ikm).toBe(93.75); // (360 + 15) / 100 × 25
		expect(mean.ikm).toBe(68.75); // (100 + 37.5) / 2
	});
});
