/**
 * The before/after analysis on synthetic windows of growing size: milliseconds per analysis (9 unsur) with the
 * resamples the server would draw for that size (resamplesFor), as the app runs it (the normal approximation from
 * NORMAL_APPROXIMATION_FROM respondents per window, the bootstrap below), against — in the same process, same data —
 * the resampling bootstrap forced at every size (the method before the approximation) and one exact tally (a single
 * pass over the data). The IKM intervals of both are printed so their agreement is visible. Run: npm run bench:impact
 */
import { bootstrapImpact, NORMAL_APPROXIMATION_FROM, packAnswers } from '../src/lib/domain/impact';
import { resamplesFor } from '../src/lib/server/innovation/impact';

const CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
let state = 12345;
const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const rows = (n: number) => Array.from({ length: n }, () => CODES.map(() => (next() < 0.02 ? null : 1 + Math.floor(next() * 4))));
const interval = (low: number | null, high: number | null) => `[${low?.toFixed(3)}, ${high?.toFixed(3)}]`;

console.log(`normal approximation from ${NORMAL_APPROXIMATION_FROM} respondents per window`);
console.log('respondents per window | resamples | method | app ms | resampling ms | one tally ms | resampling ÷ app | app ÷ tally | IKM interval app | IKM interval resampling');
for (const n of [500, 2_000, 10_000, 50_000, 200_000]) {
	const before = packAnswers(rows(n), 9);
	const after = packAnswers(rows(n), 9);
	const resamples = resamplesFor(2 * n);
	const t0 = performance.now();
	const app = bootstrapImpact(CODES, before, after, { seed: 1, resamples });
	const t1 = performance.now();
	const resampled = bootstrapImpact(CODES, before, after, { seed: 1, resamples, normalFrom: Infinity });
	const t2 = performance.now();
	// Baseline: the point estimate alone (one pass over the data), from 100 runs of 100 resamples + the point (101 passes each).
	for (let i = 0; i < 100; i++) bootstrapImpact(CODES, before, after, { seed: 1, resamples: 100, normalFrom: Infinity });
	const tally = (performance.now() - t2) / 100 / 101;
	const [a, r] = [app.metrics[0]!, resampled.metrics[0]!];
	console.log(
		`${n} | ${resamples} | ${app.method} | ${(t1 - t0).toFixed(0)} | ${(t2 - t1).toFixed(0)} | ${tally.toFixed(2)} | ${((t2 - t1) / (t1 - t0)).toFixed(1)}× | ` +
			`${((t1 - t0) / tally).toFixed(0)}× | ${interval(a.low, a.high)} | ${interval(r.low, r.high)}`
	);
}
