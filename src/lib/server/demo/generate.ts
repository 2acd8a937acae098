/**
 * Deterministic demo responses for a demo hall (DemoHall: Kupang's by default, or Sikka's): the same hall, seed and
 * `until` always give the same data, and a later `until` only adds responses (each period draws from its own
 * stream and is cut at `until`).
 *
 * Patterns built in: busy mornings, a lunch dip, quiet Friday prayer time, closed on weekends and holidays;
 * agencies of different quality; counters weak on U3 (Waktu Penyelesaian); free services always U4 = 4
 * ("Gratis"); some skipped answers (mostly U8), some partial responses; comments in Indonesian; counters that
 * run SKM + IPAK; the effects of the hall's innovations (Kupang's DEMO_INNOVATIONS) from their launch on; and, in a
 * hall with a `stagedCounter` (Kupang's), one staged episode a year for the integrity checks to find (stagedEpisode:
 * that counter's tablet tapped all-4 in bursts before opening time on three January mornings, drawn from a stream of
 * its own so every citizen stays the same). The effects
 * only shift answers and draw no random numbers, so `answerEffects: false` gives the same respondents without
 * them: the counterfactual the impact tests compare with.
 */
import { TZDate } from '@date-fns/tz';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { AGE_BANDS, EDUCATIONS, OCCUPATIONS, type AgeBand, type Education, type Occupation, type Sex } from '../../domain/profile';
import { IPAK_CODES, SKM_CODES } from '../../domain/instruments';
import { localDate } from '../../domain/periods';
import { DEMO_HOLIDAYS, DEMO_KUPANG, DEMO_RESPONSE_RATE, type DemoAgency, type DemoHall, type DemoService } from './kupang';
import { commentFor } from './comments';

export interface DemoResponse {
	id: string;
	agencyCode: string;
	serviceCode: string;
	counterCode: string;
	channel: 'kiosk' | 'qr';
	submittedAt: Date;
	status: 'complete' | 'partial';
	/** 'skm-ipak' at counters that run SKM + IPAK: then answers hold U1..U9 and IPAK1..IPAK5. */
	instrument: 'skm-2017' | 'skm-ipak';
	answers: (number | null)[];
	sex: Sex | null;
	ageBand: AgeBand | null;
	education: Education | null;
	occupation: Occupation | null;
	comment: string | null;
}

/** Relative traffic per half hour from 08:00 to 15:30 local time. */
const SLOT_WEIGHTS = [1.0, 1.6, 2.2, 2.4, 2.4, 2.2, 1.9, 1.5, 0.8, 0.8, 1.2, 1.3, 1.1, 0.8, 0.4];
/** Friday from 11:00: prayer time, then a slow afternoon. */
const FRIDAY_FACTOR = [1, 1, 1, 1, 1, 1, 0.45, 0.1, 0.1, 0.1, 0.4, 0.4, 0.35, 0.3, 0.2];
/** Monday … Friday traffic. */
const WEEKDAY_WEIGHTS: Record<number, number> = { 1: 1.15, 2: 1.05, 3: 1, 4: 1, 5: 0.75 };
/** Per-unsur shift of the latent score: citizens judge waiting time and complaint handling harder. */
const UNSUR_SHIFT: Record<string, number> = { U1: 0.05, U2: 0, U3: -0.15, U4: 0, U5: 0.05, U6: 0.1, U7: 0.15, U8: -0.2, U9: 0.05 };

const weighted = <T>(rng: RandomGenerator, items: readonly T[], weight: (item: T) => number): T => {
	const total = items.reduce((sum, item) => sum + weight(item), 0);
	let pick = uniformFloat64(rng) * total;
	for (const item of items) {
		pick -= weight(item);
		if (pick < 0) return item;
	}
	return items[items.length - 1]!;
};

const chance = (rng: RandomGenerator, p: number) => uniformFloat64(rng) < p;

function normal(rng: RandomGenerator, sd: number): number {
	const u = 1 - uniformFloat64(rng);
	const v = uniformFloat64(rng);
	return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function uuidV4(rng: RandomGenerator): string {
	const hex = Array.from({ length: 4 }, () => uniformInt(rng, 0, 0xffffffff).toString(16).padStart(8, '0')).join('');
	const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface Day {
	y: number;
	m: number;
	d: number;
	weekday: number;
	weight: number;
}

/** Working days in [from, to) (ISO dates), with their traffic weights. */
export function workingDays(from: string, to: string): Day[] {
	const days: Day[] = [];
	for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
		const date = new Date(t);
		const iso = date.toISOString().slice(0, 10);
		const weekday = date.getUTCDay();
		if (weekday === 0 || weekday === 6 || DEMO_HOLIDAYS.has(iso)) continue;
		days.push({ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), weekday, weight: WEEKDAY_WEIGHTS[weekday]! });
	}
	return days;
}

/** The hall's innovations whose scope holds this service and which have launched by `date` (local). */
function launchedFor(hall: DemoHall, agency: DemoAgency, service: DemoService, date: string) {
	return hall.innovations.filter(
		(i) => i.launchDate <= date && (i.agency === null || i.agency === agency.code) && (i.service === null || i.service === service.code)
	);
}

/** Traffic of each agency and service on a local date: the base weights, times the volume factor of launched innovations. */
export function trafficOn(
	hall: DemoHall,
	date: string
): { agency: DemoAgency; weight: number; services: { service: DemoService; weight: number }[] }[] {
	return hall.agencies.map((agency) => {
		const total = agency.services.reduce((sum, s) => sum + s.weight, 0);
		const services = agency.services.map((service) => ({
			service,
			weight: launchedFor(hall, agency, service, date).reduce((w, i) => w * i.volumeFactor, service.weight)
		}));
		const scaled = services.reduce((sum, s) => sum + s.weight, 0);
		return { agency, weight: (agency.weight * scaled) / total, services };
	});
}

/** Share of a service's citizens served online on a local date (the largest of its launched innovations'). */
export function onlineShareOn(hall: DemoHall, agency: DemoAgency, service: DemoService, date: string): number {
	return Math.max(0, ...launchedFor(hall, agency, service, date).map((i) => i.onlineShare));
}

function answersFor(
	rng: RandomGenerator,
	hall: DemoHall,
	agency: DemoAgency,
	service: DemoService,
	slow: boolean,
	date: string,
	answerEffects: boolean
) {
	// Latent satisfaction of this respondent; improvements come from the innovations' effects, not from the calendar.
	const mood = 3.3 + agency.quality + normal(rng, 0.35);
	const effects = answerEffects ? launchedFor(hall, agency, service, date) : [];
	return SKM_CODES.map((code) => {
		if (code === 'U4') {
			if (service.isFree) return 4; // free service: "Gratis"
			return Math.min(3, Math.max(1, Math.round(2.9 + normal(rng, 0.5))));
		}
		const effect = effects.reduce((sum, i) => sum + (i.effect[code] ?? 0), 0);
		const shift = UNSUR_SHIFT[code]! + (slow && code === 'U3' ? -0.9 : 0) + effect;
		return Math.min(4, Math.max(1, Math.round(mood + shift + normal(rng, 0.45))));
	});
}

/** The five IPAK answers (4 = never happens): most citizens see no corruption; some agencies less so. */
function ipakAnswers(rng: RandomGenerator, agency: DemoAgency): number[] {
	const trust = 3.55 + (agency.integrity ?? 0) + normal(rng, 0.3);
	return IPAK_CODES.map(() => Math.min(4, Math.max(1, Math.round(trust + normal(rng, 0.45)))));
}

function profile(rng: RandomGenerator) {
	return {
		sex: chance(rng, 0.9) ? (chance(rng, 0.52) ? 'P' : 'L') : null,
		ageBand: chance(rng, 0.88) ? weighted(rng, AGE_BANDS, (b) => ({ '<17': 2, '17-25': 22, '26-35': 30, '36-45': 22, '46-55': 15, '56+': 9 })[b]) : null,
		education: chance(rng, 0.85)
			? weighted(rng, EDUCATIONS, (e) => ({ SD: 6, SMP: 10, SMA: 42, 'D1-D3': 12, 'D4-S1': 26, S2: 3.5, S3: 0.5 })[e])
			: null,
		occupation: chance(rng, 0.85)
			? weighted(rng, OCCUPATIONS, (o) => ({ PNS: 12, TNI: 2, POLRI: 2, Swasta: 30, Wirausaha: 22, Lainnya: 32 })[o])
			: null
	} as const;
}

/** The Kupang counter whose tablet the staged episode taps (Loket 2 Dukcapil). */
export const DEMO_STAGED_COUNTER = DEMO_KUPANG.stagedCounter;
/** Each staged morning: three bursts of eight taps, 45–75 s apart, starting at these local times (before 08:00). */
const STAGED_BURSTS = [
	[7, 5],
	[7, 25],
	[7, 45]
] as const;
const STAGED_TAPS = 8;

/** The mornings of the staged episode in [from, to): the first three working days from 13 January of each year. */
export function stagedMornings(from: string, to: string): Day[] {
	const mornings: Day[] = [];
	for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
		mornings.push(...workingDays(`${y}-01-13`, `${y}-01-27`).slice(0, 3).filter((d) => {
			const iso = `${y}-01-${String(d.d).padStart(2, '0')}`;
			return iso >= from && iso < to;
		}));
	}
	return mornings;
}

/** The staged episode's responses in a period: every tap rates all nine unsur 4, with no profile and no comment. */
function stagedEpisode(hall: DemoHall, period: { from: string; to: string }, seed: number): DemoResponse[] {
	if (hall.stagedCounter === null) return [];
	const counter = hall.agencies.flatMap((a) => a.services.flatMap((s) => s.counters.map((c) => ({ agency: a, service: s, counter: c })))).find(
		(c) => c.counter.code === hall.stagedCounter
	)!;
	const rng = xoroshiro128plus(seed + 104_729 + Number(period.from.slice(0, 4)) * 31 + Number(period.from.slice(5, 7)));
	return stagedMornings(period.from, period.to).flatMap((day) =>
		STAGED_BURSTS.flatMap(([hour, minute]) => {
			let at = new TZDate(day.y, day.m - 1, day.d, hour, minute, 0, hall.mall.timeZone).getTime();
			return Array.from({ length: STAGED_TAPS }, (): DemoResponse => {
				at += uniformInt(rng, 45, 75) * 1000;
				return {
					id: uuidV4(rng),
					agencyCode: counter.agency.code,
					serviceCode: counter.service.code,
					counterCode: counter.counter.code,
					channel: 'kiosk',
					submittedAt: new Date(at),
					status: 'complete',
					instrument: 'skm-2017',
					answers: SKM_CODES.map(() => 4),
					sex: null,
					ageBand: null,
					education: null,
					occupation: null,
					comment: null
				};
			});
		})
	);
}

export interface DemoOptions {
	/** The hall whose responses these are (default Kupang's). */
	hall?: DemoHall;
	/** Default the hall's own. */
	seed?: number;
	/** Whether the innovations' effects shift answers (default true); false gives the counterfactual. */
	answerEffects?: boolean;
	/** Whether the staged episode is in (default true); false gives the clean data. */
	staged?: boolean;
}

function* periodResponses(hall: DemoHall, periodIndex: number, seed: number, answerEffects: boolean, staged: boolean): Generator<DemoResponse> {
	const period = hall.volumes[periodIndex]!;
	const rng = xoroshiro128plus(seed + periodIndex * 7919);
	const days = workingDays(period.from, period.to);
	const drawn: DemoResponse[] = [];
	const traffic = new Map<string, ReturnType<typeof trafficOn>>();
	const responses = Math.round(period.served * DEMO_RESPONSE_RATE);
	for (let i = 0; i < responses; i++) {
		const day = weighted(rng, days, (d) => d.weight);
		const slots = SLOT_WEIGHTS.map((w, s) => (day.weekday === 5 ? w * FRIDAY_FACTOR[s]! : w));
		const slot = weighted(rng, [...slots.keys()], (s) => slots[s]!);
		const secondOfSlot = uniformInt(rng, 0, 1799);
		const submittedAt = new Date(
			new TZDate(day.y, day.m - 1, day.d, 8 + Math.floor(slot / 2), (slot % 2) * 30, 0, hall.mall.timeZone).getTime() +
				secondOfSlot * 1000
		);
		const date = localDate(submittedAt, hall.mall.timeZone);
		if (!traffic.has(date)) traffic.set(date, trafficOn(hall, date));
		const pick = weighted(rng, traffic.get(date)!, (a) => a.weight);
		const agency = pick.agency;
		const service = weighted(rng, pick.services, (s) => s.weight).service;
		const counter = service.counters[uniformInt(rng, 0, service.counters.length - 1)]!;
		let answers: (number | null)[] = answersFor(rng, hall, agency, service, counter.slow ?? false, date, answerEffects);
		if (counter.ipak) answers = [...answers, ...ipakAnswers(rng, agency)];
		let status: DemoResponse['status'] = 'complete';
		if (chance(rng, 0.03)) {
			// Walked away midway: the kiosk saved what was answered.
			const answered = uniformInt(rng, 1, 8);
			answers = answers.map((value, u) => (u < answered ? value : null));
			status = 'partial';
		} else {
			answers = answers.map((value, u) => (chance(rng, SKM_CODES[u] === 'U8' ? 0.06 : u >= SKM_CODES.length ? 0.02 : 0.01) ? null : value));
		}
		// The comment's words depend on the answers: drawn from a stream of their own, so the main stream (and every
		// later respondent) is the same whether or not the innovations' effects shifted this respondent's answers.
		const commentSeed = uniformInt(rng, 0, 0x7fffffff);
		drawn.push({
			id: uuidV4(rng),
			agencyCode: agency.code,
			serviceCode: service.code,
			counterCode: counter.code,
			channel: chance(rng, 0.12) ? 'qr' : 'kiosk',
			submittedAt,
			status,
			instrument: counter.ipak ? 'skm-ipak' : 'skm-2017',
			answers,
			...profile(rng),
			comment: chance(rng, 0.12) ? commentFor(xoroshiro128plus(commentSeed), answers.slice(0, SKM_CODES.length)) : null
		});
	}
	if (staged) drawn.push(...stagedEpisode(hall, period, seed));
	drawn.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
	yield* drawn;
}

/** All demo responses of a hall (default Kupang's) submitted before `until`, oldest first. */
export function* generateDemoResponses(until: Date, options: DemoOptions = {}): Generator<DemoResponse> {
	const hall = options.hall ?? DEMO_KUPANG;
	const seed = options.seed ?? hall.seed;
	for (let p = 0; p < hall.volumes.length; p++) {
		if (Date.parse(`${hall.volumes[p]!.from}T00:00:00Z`) > until.getTime() + 86_400_000) break;
		for (const response of periodResponses(hall, p, seed, options.answerEffects ?? true, options.staged ?? true)) {
			if (response.submittedAt >= until) return;
			yield response;
		}
	}
}
