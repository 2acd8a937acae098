import { describe, expect, it } from 'vitest';
import { SKM_CODES } from './instruments';
import { computeIkm, tallyAnswers } from './skm';
import { median, waitingBand, waitingSummary } from './waiting-time';

describe('waitingBand', () => {
	it.each([
		[0, 'under15'],
		[14.99, 'under15'],
		[15, '15to30'],
		[29.99, '15to30'],
		[30, '30to60'],
		[60, '30to60'],
		[60.01, 'over60'],
		[600, 'over60']
	])('%d min → %s', (minutes, band) => {
		expect(waitingBand(minutes)).toBe(band);
	});

	it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (minutes) => {
		expect(() => waitingBand(minutes)).toThrow(RangeError);
	});
});

describe('median', () => {
	it.each([
		[[], null],
		[[7], 7],
		[[3, 1, 2], 2],
		[[4, 1, 3, 2], 2.5],
		[[10, 10, 0, 90], 10]
	])('%j → %s', (values, expected) => {
		expect(median(values)).toBe(expected);
	});
});

describe('waitingSummary', () => {
	const all = (v: number) => Array.from({ length: 9 }, () => v);
	const rows = [
		{ waitMinutes: 5, serviceMinutes: 4, answers: all(4) },
		{ waitMinutes: 10, serviceMinutes: 6, answers: [4, 4, null, 4, 4, 4, 4, 4, 4] },
		{ waitMinutes: 20, serviceMinutes: null, answers: all(3) },
		{ waitMinutes: 45, serviceMinutes: 10, answers: all(2) },
		{ waitMinutes: 90, serviceMinutes: 8, answers: [1, 2, 1, 2, 1, 2, 1, 2, 1] },
		{ waitMinutes: null, serviceMinutes: 12, answers: all(3) },
		{ waitMinutes: null, serviceMinutes: null, answers: all(1) }
	];

	it('gives each band the engine’s IKM on its own answers, with n', () => {
		const s = waitingSummary(rows, SKM_CODES);
		const ikm = (answers: (number | null)[][]) => computeIkm(tallyAnswers(answers, SKM_CODES)).ikm;
		expect(s.bands.map((b) => [b.band, b.respondents, b.result.ikm])).toEqual([
			['under15', 2, ikm([rows[0]!.answers, rows[1]!.answers])],
			['15to30', 1, 75],
			['30to60', 1, 50],
			['over60', 1, ikm([rows[4]!.answers])]
		]);
	});

	it('counts only responses with a time; medians of the known times; U3 over those who answered it', () => {
		const s = waitingSummary(rows, SKM_CODES);
		expect(s.respondents).toBe(6);
		expect(s.medianWaitMinutes).toBe(20);
		expect(s.medianServiceMinutes).toBe(8);
		// U3 answers of the six timed responses: 4, skipped, 3, 2, 1, 3.
		expect(s.u3).toEqual({ n: 5, nrr: 13 / 5 });
	});

	it('leaves a band with no responses undefined', () => {
		const s = waitingSummary([{ waitMinutes: 3, serviceMinutes: 2, answers: all(4) }], SKM_CODES);
		expect(s.bands[0]!.result.ikm).toBe(100);
		expect(s.bands[3]!.respondents).toBe(0);
		expect(s.bands[3]!.result.ikm).toBeNull();
	});
});
