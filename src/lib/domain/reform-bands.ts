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
