/**
 * Waiting and service time from a queue's times (issue 16): waiting = called − issued, service = served − called,
 * per response through its one-time ticket; the IKM per waiting-time band and the U3 (Waktu Penyelesaian) NRR of
 * the responses that have them. Pure: minutes in, figures out.
 */
import { computeIkm, tallyAnswers, type IkmResult } from './skm';

/** The waiting-time bands, in minutes: < 15, 15 to < 30, 30 to 60, > 60. */
const WAITING_BANDS = ['under15', '15to30', '30to60', 'over60'] as const;
export type WaitingBand = (typeof WAITING_BANDS)[number];

/** The band of a waiting time in minutes: w < 15 → under15; 15 ≤ w < 30 → 15to30; 30 ≤ w ≤ 60 → 30to60; w > 60 → over60. */
export function waitingBand(minutes: number): WaitingBand {
	if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`a waiting time must be a non-negative number of minutes (got ${minutes})`);
	if (minutes < 15) return 'under15';
	if (minutes < 30) return '15to30';
	if (minutes <= 60) return '30to60';
	return 'over60';
}

/** The median of a list of numbers (the mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One response with its ticket's times: waiting and service minutes (null when a time is unknown), answers in `codes` order. */
export interface TimedResponse {
	waitMinutes: number | null;
	serviceMinutes: number | null;
	answers: readonly (number | null)[];
}

export interface WaitingSummary {
	/** Responses with a known waiting time or service time. */
	respondents: number;
	/** Median waiting and service time in minutes (null when none is known). */
	medianWaitMinutes: number | null;
	medianServiceMinutes: number | null;
	/** The NRR of U3 over these responses (Σ / n of those who answered it), and its n. */
	u3: { n: number; nrr: number | null };
	/** Per waiting-time band (responses with a known waiting time): n and the IKM of its answers. */
	bands: { band: WaitingBand; respondents: number; result: IkmResult }[];
}

/** Bands, medians and the U3 NRR of timed responses (PermenPANRB 14/2017 engine on each band's own answers). */
export function waitingSummary(rows: readonly TimedResponse[], codes: readonly string[], u3Code = 'U3'): WaitingSummary {
	const u3Index = codes.indexOf(u3Code);
	if (u3Index < 0) throw new RangeError(`${u3Code} is not among the codes`);
	const timed = rows.filter((r) => r.waitMinutes !== null || r.serviceMinutes !== null);
	const u3 = tallyAnswers(timed.map((r) => r.answers), codes)[u3Index]!;
	const waits = timed.flatMap((r) => (r.waitMinutes === null ? [] : [r.waitMinutes]));
	return {
		respondents: timed.length,
		medianWaitMinutes: median(waits),
		medianServiceMinutes: median(timed.flatMap((r) => (r.serviceMinutes === null ? [] : [r.serviceMinutes]))),
		u3: { n: u3.n, nrr: u3.n === 0 ? null : u3.sum / u3.n },
		bands: WAITING_BANDS.map((band) => {
			const mine = timed.filter((r) => r.waitMinutes !== null && waitingBand(r.waitMinutes) === band);
			return { band, respondents: mine.length, result: computeIkm(tallyAnswers(mine.map((r) => r.answers), codes)) };
		})
	};
}
