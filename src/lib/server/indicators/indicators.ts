/**
 * GET /api/v1/indicators: the IKM, NRR per unsur, n, mutu and kinerja of a scope and period, with a series by
 * day … year — computed by the SKM engine from rollup counts, never from raw answers.
 */
import { computeCsat, type CsatResult } from '../../domain/csat';
import { bucketEnd, bucketLabel, bucketStarts, type Granularity } from '../../domain/granularity';
import { IPAK_CODES, SKM_CODES } from '../../domain/instruments';
import { perceptionIndex } from '../../domain/perception';
import { localDate, type DateRange } from '../../domain/periods';
import type { Channel } from '../../domain/profile';
import type { Access } from '../../domain/roles';
import type { ScopeType } from '../../domain/scope';
import { calculationTrail, ikmOfTallies, type CalculationTrail, type IkmResult, type Kinerja, type Mutu } from '../../domain/skm';
import type { Db } from '../db/client';
import { channelBreakdown } from './channels';
import { findScope, type FoundScope } from './queries';
import { groupFigures, type CountRow, type GroupFigures } from './rollup-tallies';

export interface IndicatorQuery extends Partial<DateRange> {
	scope: ScopeType;
	id: number;
	granularity: Granularity;
	/** Only this channel's responses (the rollups keep every grain per channel); every channel when absent. */
	channel?: Channel;
	/** With the per-channel breakdown (one more grouped read of the rollups; off unless asked for). */
	breakdown?: boolean;
}

interface UnsurFigure {
	code: string;
	n: number;
	sum: number;
	nrr: number | null;
	index: number | null;
	mutu: Mutu | null;
}

export interface Figures {
	respondents: number;
	ikm: number | null;
	ikmExact: number | null;
	mutu: Mutu | null;
	kinerja: Kinerja | null;
}

export interface Indicators extends Figures {
	scope: { type: ScopeType; id: number; name: string; mallId: number };
	/** Every step from Σ and n to the published IKM and its table row. */
	trail: CalculationTrail;
	from: string;
	to: string;
	granularity: Granularity;
	unsur: UnsurFigure[];
	counts: { complete: number; partial: number; quick: number; suppressed: number };
	/** Quick mode's CSAT, with its answers per value 1–4 (in order: the calculation trail). */
	quick: CsatResult & { values: [number, number, number, number] };
	/** Zona Integritas indices on 1–4 (PermenPANRB 90/2021): IPKP from the nine unsur, IPAK from counters running SKM + IPAK. */
	perception: { ipkp: number | null; ipkpExact: number | null; ipak: number | null; ipakExact: number | null; ipakRespondents: number };
	/** Per bucket: its figures and its quick-mode CSAT (the quick trend). */
	series: (Figures & { period: string; from: string; to: string; quick: CsatResult })[];
	/** The channel the figures are restricted to, or null for all. */
	channel: Channel | null;
	/** n and IKM per channel (kiosk, qr = phone-open, ticket = phone-ticket, import); empty when not asked for. */
	channels: (Figures & { channel: Channel })[];
}

export function figures(result: IkmResult, respondents: number): Figures {
	return { respondents, ikm: result.ikm, ikmExact: result.ikmExact, mutu: result.mutu, kinerja: result.kinerja };
}

const emptyCounts: Omit<CountRow, 'key'> = { respondents: 0, complete: 0, partial: 0, quick: 0, suppressed: 0, quick1: 0, quick2: 0, quick3: 0, quick4: 0 };

/** The CSAT of a count row's quick answers (CSAT = (n3 + n4) ÷ n × 100: domain/csat.ts). */
const csatOf = (counts: Omit<CountRow, 'key'>): CsatResult => computeCsat({ 1: counts.quick1, 2: counts.quick2, 3: counts.quick3, 4: counts.quick4 });

/** What every scope's indicators share: the figures of a period pooled from its buckets, and the series by bucket. */
export type PeriodFigures = Omit<Indicators, 'scope' | 'channel' | 'channels'>;

/**
 * The period's figures from its buckets' tallies and counts: the IKM pooled over every respondent of the period (each
 * response lies in exactly one bucket), the unsur, counts, quick CSAT, IPKP/IPAK and the series.
 */
export function periodFigures(figuresOfBuckets: GroupFigures, range: DateRange, granularity: Granularity): PeriodFigures {
	const { tallies: bucketTallies, counts: bucketCounts } = figuresOfBuckets;
	const total = ikmOfTallies(bucketTallies, SKM_CODES);
	const counts = bucketCounts.reduce(
		(a, c) => {
			for (const k of Object.keys(emptyCounts) as (keyof typeof emptyCounts)[]) a[k] += c[k];
			return a;
		},
		{ key: '', ...emptyCounts }
	);
	const pooled = (codes: readonly string[]) =>
		codes.map((code) => {
			const rows = bucketTallies.filter((t) => t.code === code);
			return { code, sum: rows.reduce((a, r) => a + r.sum, 0), n: rows.reduce((a, r) => a + r.n, 0) };
		});
	const ipkp = perceptionIndex(pooled(SKM_CODES)); // IPKP: in practice the nine SKM unsur (skm.md §2)
	const ipak = perceptionIndex(pooled(IPAK_CODES)); // IPAK: its five items, 4 = never happens (skm.md §2)
	return {
		from: range.from,
		to: range.to,
		granularity,
		...figures(total, counts.respondents),
		trail: calculationTrail(total),
		unsur: total.unsur.map((u) => ({ code: u.code, n: u.n, sum: u.sum, nrr: u.nrr, index: u.index, mutu: u.mutu })),
		counts: { complete: counts.complete, partial: counts.partial, quick: counts.quick, suppressed: counts.suppressed },
		quick: { ...csatOf(counts), values: [counts.quick1, counts.quick2, counts.quick3, counts.quick4] },
		perception: { ipkp: ipkp.value, ipkpExact: ipkp.exact, ipak: ipak.value, ipakExact: ipak.exact, ipakRespondents: ipak.n },
		series: bucketStarts(range.from, range.to, granularity).map((start) => {
			const end = bucketEnd(start, granularity);
			const bucket = bucketCounts.find((c) => c.key === start);
			return {
				period: bucketLabel(start, granularity),
				from: start < range.from ? range.from : start,
				to: end > range.to ? range.to : end,
				...figures(
					ikmOfTallies(bucketTallies.filter((t) => t.key === start), SKM_CODES),
					bucket?.respondents ?? 0
				),
				quick: csatOf(bucket ?? emptyCounts)
			};
		})
	};
}

/** Indicators of a scope over [from, to] (local dates, inclusive), or null when the scope is unknown. */
export async function computeIndicators(db: Db, query: IndicatorQuery, access: Access): Promise<Indicators | null> {
	const scope = { type: query.scope, id: query.id };
	const bucket = { by: 'bucket', granularity: query.granularity } as const;
	let found: FoundScope | null;
	let range: DateRange;
	let figuresOfBuckets: Awaited<ReturnType<typeof groupFigures>>;
	if (query.from && query.to) {
		// With the period given, look the scope up and read its figures at the same time (discarded if not allowed).
		range = { from: query.from, to: query.to };
		[found, figuresOfBuckets] = await Promise.all([findScope(db, scope, access), groupFigures(db, scope, range, bucket, query.channel)]);
		if (!found) return null;
	} else {
		found = await findScope(db, scope, access);
		if (!found) return null;
		// By default the current calendar year so far, in the mall's time zone.
		const today = localDate(new Date(), found.timeZone);
		range = { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today };
		figuresOfBuckets = await groupFigures(db, scope, range, bucket, query.channel);
	}
	const channels = !query.breakdown ? [] : await channelBreakdown(db, scope, range, query.channel);
	return {
		scope: { type: query.scope, id: query.id, name: found.name, mallId: found.mallId },
		...periodFigures(figuresOfBuckets, range, query.granularity),
		channel: query.channel ?? null,
		channels: channels.map((c) => ({ channel: c.channel, ...figures(c.result, c.respondents) }))
	};
}
