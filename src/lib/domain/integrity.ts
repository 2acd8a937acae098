/**
 * Integrity checks: rules with stated thresholds that flag a device's or counter's day (or a service's month) whose
 * stored responses look like staff rating their own counter. Pure: the server area (src/lib/server/integrity) reads
 * the raw responses and hands them here; nothing is deleted or hidden, the page shows the IKM with and without them.
 */

export const INTEGRITY_RULES = ['burst', 'straight_line', 'outside_hours', 'above_served', 'sequence_gap', 'multi_counter'] as const;
export type IntegrityRule = (typeof INTEGRITY_RULES)[number];

/** burst: this many stored responses … */
const BURST_MIN_RESPONSES = 6;
/** … within this window on one device (or one counter, for phone channels): a counter cannot serve a citizen every 100 s. */
const BURST_WINDOW_MS = 10 * 60_000;
/** straight_line: flagged when the one-sided binomial test's p-value is below this … */
const STRAIGHT_LINE_ALPHA = 0.001;
/** … testing against the hall's own rate over the period, but never below this floor (a hall with almost none). */
const STRAIGHT_LINE_FLOOR = 0.05;
/** … and only with at least this many straight-lined responses that day (two alike are a coincidence, not a pattern). */
const STRAIGHT_LINE_MIN_COUNT = 3;
/** The number of unsur whose answers must all be equal (U1..U9). */
const SKM_ITEMS = 9;

/** What a flag shows for its rule: counts, times (ISO instants), the test's p-value, the counters … */
export type Evidence =
	| { rule: 'burst'; responses: number; bursts: { from: string; to: string; count: number; ticketsThatHour: number | null }[] }
	| { rule: 'straight_line'; n: number; straight: number; baseline: number; pValue: number }
	| { rule: 'outside_hours'; n: number; outside: number; earliest: string; latest: string }
	| { rule: 'above_served'; responses: number; served: number; source: 'volumes' | 'tickets' }
	| { rule: 'sequence_gap'; missing: number; ranges: { from: number; to: number }[] }
	| { rule: 'multi_counter'; counters: string[] };

/** The stable key of a flag: "<rule>:<subject type>:<id>:<day or month>", one review per key. */
export function flagKey(rule: IntegrityRule, subjectType: 'device' | 'counter' | 'service', subjectId: number, day: string): string {
	return `${rule}:${subjectType}:${subjectId}:${day}`;
}

/** Whether a response answered all nine unsur and gave every one the same value ("straight-lining"). */
export function isStraightLine(answers: readonly (number | null)[]): boolean {
	const nine = answers.slice(0, SKM_ITEMS);
	return nine.length === SKM_ITEMS && nine.every((value) => value !== null && value === nine[0]);
}

/** ln C(n, k) by summing logs (exact enough for n ≤ a few thousand). */
function logChoose(n: number, k: number): number {
	let sum = 0;
	for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
	return sum;
}

/** One-sided binomial tail P(X ≥ k) for X ~ Bin(n, p): Σ_{i=k..n} C(n,i) pⁱ (1−p)ⁿ⁻ⁱ, summed exactly term by term. */
export function binomialUpperTail(n: number, k: number, p: number): number {
	if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0) throw new RangeError(`n and k must be integers, n ≥ 0 (got ${n}, ${k})`);
	if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1] (got ${p})`);
	if (k <= 0) return 1;
	if (k > n) return 0;
	if (p === 0) return 0;
	if (p === 1) return 1;
	const lp = Math.log(p);
	const lq = Math.log(1 - p);
	let tail = 0;
	for (let i = k; i <= n; i++) tail += Math.exp(logChoose(n, i) + i * lp + (n - i) * lq);
	return Math.min(1, tail);
}

/** The rate a day is tested against: the hall's share of straight-lined responses over the period, floored. */
export function straightLineBaseline(straight: number, total: number): number {
	return Math.max(STRAIGHT_LINE_FLOOR, total > 0 ? straight / total : 0);
}

/** straight_line on one subject's day: p = P(X ≥ k) for X ~ Bin(n, p0); flagged when k ≥ 3 and p < 0.001. */
export function straightLineTest(n: number, k: number, p0: number): { pValue: number; flagged: boolean } {
	const pValue = binomialUpperTail(n, k, p0);
	return { pValue, flagged: k >= STRAIGHT_LINE_MIN_COUNT && pValue < STRAIGHT_LINE_ALPHA };
}

/** A run of responses ≥ 6 of which fall within any 10 minutes: first and last instant (ms), how many. */
export interface Burst {
	from: number;
	to: number;
	count: number;
	/** Indexes (into the times given) of the responses in the burst. */
	members: number[];
}

/**
 * burst: the responses (instants in ms, ascending) of one subject's day that lie in a window of 10 minutes holding
 * at least 6 of them; overlapping windows merge into one burst.
 */
export function findBursts(times: readonly number[]): Burst[] {
	const inBurst = new Array<boolean>(times.length).fill(false);
	for (let i = 0; i + BURST_MIN_RESPONSES - 1 < times.length; i++) {
		const last = i + BURST_MIN_RESPONSES - 1;
		if (times[last]! < times[i]!) throw new RangeError('times must be ascending');
		if (times[last]! - times[i]! < BURST_WINDOW_MS) for (let j = i; j <= last; j++) inBurst[j] = true;
	}
	const bursts: Burst[] = [];
	let current: Burst | null = null;
	for (let i = 0; i < times.length; i++) {
		if (!inBurst[i]) {
			current = null;
			continue;
		}
		if (!current || times[i]! - current.to >= BURST_WINDOW_MS) {
			current = { from: times[i]!, to: times[i]!, count: 0, members: [] };
			bursts.push(current);
		}
		current.to = times[i]!;
		current.count += 1;
		current.members.push(i);
	}
	return bursts;
}

/** above_served: a service's month with more responses than citizens served (volumes, or tickets when issued). */
export function aboveServed(responses: number, served: number): boolean {
	return responses > served;
}

/**
 * Who sees the integrity checks and marks flags reviewed: the hall's admins, evaluators and the installation's
 * operators (managers' own counters are what they check).
 */
export function canCheckIntegrity(role: 'operator' | 'admin' | 'manager' | 'evaluator'): boolean {
	return role === 'admin' || role === 'evaluator' || role === 'operator';
}
