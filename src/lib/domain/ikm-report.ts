/**
 * The figures of a raw matrix as the evaluator CLI prints them (and the import preview will show them).
 */
import type { Matrix } from './matrix';
import { computeIkm, tallyAnswers, type Kinerja, type Mutu } from './skm';
import { isSampleAdequate, krejcieMorganTarget } from './sampling';

interface UnsurFigures {
	n: number;
	sum: number;
	/** NRR = Σ / n, unrounded. */
	nrr: number | null;
	/** NRR × 25 rounded half up to 2 decimals. */
	index: number | null;
	mutu: Mutu | null;
}

export interface IkmReport {
	respondents: number;
	unsur: Record<string, UnsurFigures>;
	ikm: number | null;
	ikmExact: number | null;
	mutu: Mutu | null;
	kinerja: Kinerja | null;
	sampleTarget?: number;
	sampleAdequate?: boolean;
}

/** IKM, per-unsur figures and (given the population) the Krejcie–Morgan target of a matrix. */
export function ikmReport(matrix: Matrix, population?: number): IkmReport {
	const result = computeIkm(tallyAnswers(matrix.answers, matrix.codes));
	const report: IkmReport = {
		respondents: matrix.answers.length,
		unsur: Object.fromEntries(
			result.unsur.map((u) => [u.code, { n: u.n, sum: u.sum, nrr: u.nrr, index: u.index, mutu: u.mutu }])
		),
		ikm: result.ikm,
		ikmExact: result.ikmExact,
		mutu: result.mutu,
		kinerja: result.kinerja
	};
	if (population !== undefined) {
		report.sampleTarget = krejcieMorganTarget(population);
		report.sampleAdequate = isSampleAdequate(report.respondents, population);
	}
	return report;
}

/** Codes with no answer at all: with any of them the IKM is undefined. */
export function unansweredCodes(matrix: Matrix): string[] {
	return matrix.codes.filter((_, i) => matrix.answers.every((row) => row[i] === null));
}
