/**
 * The evaluator-sheet scores a platform can compute (skm.md §2 and §3): SKM frequency, publication and follow-up
 * scores of the Zona Integritas sheet (PermenPANRB 90/2021), and the complaint response-time, follow-up completion
 * and innovation-age bands of the public-service unit evaluation (PermenPANRB 29/2022). Pure functions, no I/O.
 */

/** SKM held 4/3/2/1 times in a year → 1 / 0.75 / 0.5 / 0.25 (PermenPANRB 90/2021); more than 4 still 1, none 0. */
export function skmFrequencyScore(surveysInYear: number): number {
	if (!Number.isInteger(surveysInYear) || surveysInYear < 0) throw new RangeError(`surveys in a year must be a whole number ≥ 0 (got ${surveysInYear})`);
	return Math.min(surveysInYear, 4) * 0.25;
}

/** A finalized report's period as the SKM-frequency count reads it: its kind and local dates (both inclusive). */
export interface FinalizedPeriod {
	kind: string;
	from: string;
	to: string;
}

/**
 * SKM surveys held in a year = the largest set of non-overlapping finalized quarters, semesters or the whole year
 * (months and custom ranges are not a survey round; PermenPANRB 90/2021 counts rounds of the SKM), so finalizing
 * short or overlapping periods cannot raise it. Greedy by earliest end is optimal for equal-weight intervals.
 */
export function skmSurveysInYear(periods: readonly FinalizedPeriod[]): number {
	const rounds = periods.filter((p) => p.kind === 'quarter' || p.kind === 'semester' || p.kind === 'year').sort((a, b) => a.to.localeCompare(b.to) || b.from.localeCompare(a.from));
	let count = 0;
	let lastEnd = '';
	for (const p of rounds) {
		if (p.from <= lastEnd) continue;
		count++;
		lastEnd = p.to;
	}
	return count;
}

/** Results published online and offline = 1, offline only = 0.5, not published = 0 (PermenPANRB 90/2021). */
export function publicationScore(online: boolean, offline: boolean): number {
	if (online && offline) return 1;
	if (offline) return 0.5;
	// Online only is not a row of the sheet; it is scored as offline-only (half), the sheet's only partial value.
	return online ? 0.5 : 0;
}

/**
 * Follow-up of the survey's results: all / most / some / none → 1 / 0.67 / 0.33 / 0 (PermenPANRB 90/2021), on the
 * share of planned actions done: all = 100 %, most = more than half, some = more than none. Null without any plan.
 */
export function followUpScore(done: number, planned: number): number | null {
	if (planned === 0) return null;
	if (done < 0 || done > planned) throw new RangeError(`done (${done}) must lie between 0 and planned (${planned})`);
	if (done === planned) return 1;
	if (done * 2 > planned) return 0.67;
	if (done > 0) return 0.33;
	return 0;
}

/** Complaint response time in hours → 0–5: ≤ 1×24 h = 5, ≤ 3×24 = 4, ≤ 5×24 = 3, ≤ 7×24 = 2, ≤ 14×24 = 1, else 0 (skm.md §3). */
export function complaintResponseBand(hours: number): number {
	if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`a response time must be ≥ 0 hours (got ${hours})`);
	const limits = [24, 3 * 24, 5 * 24, 7 * 24, 14 * 24];
	const within = limits.findIndex((limit) => hours <= limit);
	return within === -1 ? 0 : 5 - within;
}

export type CompletionBand = '<30%' | '30-80%' | '>80%' | '100%';

/** Share of follow-up actions (RTL) completed → band < 30 %, 30–80 % (both ends in), > 80 %, 100 % (skm.md §3). */
export function followUpCompletionBand(done: number, planned: number): CompletionBand | null {
	if (planned === 0) return null;
	if (done < 0 || done > planned) throw new RangeError(`done (${done}) must lie between 0 and planned (${planned})`);
	if (done === planned) return '100%';
	// Compared in integers (done / planned against 3/10 and 8/10), so 30 % and 80 % fall where the sheet puts them.
	if (done * 10 < planned * 3) return '<30%';
	if (done * 10 <= planned * 8) return '30-80%';
	return '>80%';
}

/**
 * Innovation age band (skm.md §3): awarded = 5, entered in a competition = 4, running a year or more = 3, less than
 * a year = 2 (the sheet says "> 1 year"; a launch exactly one year ago counts as a year), not launched yet = 0.
 */
export function innovationAgeBand(launchDate: string, asOf: string, entered: boolean, awarded: boolean): number {
	if (awarded) return 5;
	if (entered) return 4;
	if (launchDate > asOf) return 0;
	const [y, m, d] = launchDate.split('-').map(Number) as [number, number, number];
	const anniversary = `${String(y + 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	return asOf >= anniversary ? 3 : 2;
}

export interface ComplaintTiming {
	/** Hours from the citizen's response to the agency's first follow-up; null = none yet. */
	hoursToFirstResponse: number | null;
	/** Hours from the citizen's response to the moment of the evaluation. */
	ageHours: number;
	/** Whether a follow-up of it is done and none is still open. */
	closed: boolean;
}

/** The limit beyond which an unanswered complaint scores 0 (more than 14×24 h, skm.md §3). */
const LAST_LIMIT_HOURS = 14 * 24;

export interface ComplaintSummary {
	total: number;
	answered: number;
	/** Unanswered but younger than 14×24 h: not yet late, left out of the median. */
	pending: number;
	/** Complaints per band score 5 … 0 (unanswered and older than 14×24 h in 0). */
	byBand: [number, number, number, number, number, number];
	/** Median time to first response over the answered and the overdue (an overdue one counts as infinitely late). */
	medianHours: number | null;
	/** The band score of the median: the unit's complaint-response score. Null without any timed complaint. */
	band: number | null;
	/** Share closed (follow-up done, none open) of all complaints; null without complaints. */
	closedShare: number | null;
}

/**
 * Complaint response indicators of a unit (skm.md §3 bands): the median time to first response and its band, the
 * distribution over the bands, and the share closed. The median keeps one slow outlier from deciding the score.
 */
export function summarizeComplaints(complaints: readonly ComplaintTiming[]): ComplaintSummary {
	const byBand: ComplaintSummary['byBand'] = [0, 0, 0, 0, 0, 0];
	const timed: number[] = [];
	let pending = 0;
	for (const c of complaints) {
		if (c.hoursToFirstResponse !== null) {
			const band = complaintResponseBand(c.hoursToFirstResponse);
			byBand[5 - band] = byBand[5 - band]! + 1;
			timed.push(c.hoursToFirstResponse);
		} else if (c.ageHours > LAST_LIMIT_HOURS) {
			byBand[5] += 1;
			timed.push(Number.POSITIVE_INFINITY);
		} else pending += 1;
	}
	timed.sort((a, b) => a - b);
	const middle = timed.length / 2;
	const median =
		timed.length === 0 ? null : timed.length % 2 === 1 ? timed[Math.floor(middle)]! : (timed[middle - 1]! + timed[middle]!) / 2;
	return {
		total: complaints.length,
		answered: complaints.filter((c) => c.hoursToFirstResponse !== null).length,
		pending,
		byBand,
		medianHours: median,
		band: median === null ? null : Number.isFinite(median) ? complaintResponseBand(median) : 0,
		closedShare: complaints.length === 0 ? null : complaints.filter((c) => c.closed).length / complaints.length
	};
}
