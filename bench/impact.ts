/**
 * The before/after bootstrap on synthetic windows of growing size: milliseconds per analysis (9 unsur), with the
 * resamples the server would draw for that size (resamplesFor), against a single exact tally of the same data in
 * the same process (the baseline). Run: npm run bench:impact
 */
import { bootstrapImpact, packAnswers } from '../src/lib/domain/impact';
import { resamplesFor } from '../src/lib/server/innovation/impact';

const CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
let state = 12345;
const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const rows = (n: number) => Array.from({ length: n }, () => CODES.map(() => (next() < 0.02 ? null : 1 + Math.floor(next() * 4))));

console.log('respondents per window | resamples | bootstrap ms | baseline tally ms | ratio');
for (const n of [500, 2_000, 10_000, 50_000, 200_000]) {
	const before = packAnswers(rows(n), 9);
	const after = packAnswers(rows(n), 9);
	const resamples = resamplesFor(2 * n);
	const t0 = performance.now();
	bootstrapImpact(CODES, before, after, { seed: 1, resamples });
	const t1 = performance.now();
	// Baseline: the point estimate alone (one pass over the data), 100 times for a measurable figure.
	for (let i = 0; i < 100; i++) bootstrapImpact(CODES, before, after, { seed: 1, resamples: 100 });
	const t2 = performance.now();
	const baseline = (t2 - t1) / 100 / 101; // 100 resamples + the point estimate = 101 passes each
	console.log(`${n} | ${resamples} | ${(t1 - t0).toFixed(0)} | ${baseline.toFixed(2)} | ${((t1 - t0) / baseline).toFixed(0)}×`);
}
