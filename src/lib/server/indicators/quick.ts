/**
 * Quick mode's figures for a scope and period: the CSAT (share of 3–4, never mixed into the IKM) from the rollups'
 * quick counts, and the ranking of the reasons chosen after a low score, read from the responses that carry reasons
 * (a partial index holds only those) — what the dashboard, the comments and the report exports state the same way.
 */
import { sql } from 'drizzle-orm';
import { computeCsat, lowScores, rankReasons, type CsatResult, type ReasonShare } from '../../domain/csat';
import type { DateRange } from '../../domain/periods';
import type { Channel } from '../../domain/profile';
import type { ScopeFilter } from '../../domain/scope';
import { executePrepared, type Db } from '../db/client';
import { localInstants, rawScopeCondition } from './raw-scope';

/** A reason of quick mode with its labels (the latest version's wording of its code). */
export interface QuickReason {
	code: string;
	unsur: string;
	label: { id: string; en: string };
}

/** Every reason of every quick-mode version, pooled by code, in the latest version's order and wording. */
export async function quickReasons(db: Db): Promise<QuickReason[]> {
	const rows = await executePrepared<{ code: string; unsur: string; label_id: string; label_en: string }>(
		db,
		sql`select r.code, r.unsur_code as unsur, r.label_id, r.label_en
			from instrument_reasons r join instruments i on i.id = r.instrument_id
			where i.code = 'quick'
			order by i.version desc, r.position`
	);
	const byCode = new Map<string, QuickReason>();
	for (const r of rows) if (!byCode.has(r.code)) byCode.set(r.code, { code: r.code, unsur: r.unsur, label: { id: r.label_id, en: r.label_en } });
	return [...byCode.values()];
}

/**
 * How many low-score quick responses (1–2, after which reasons are asked) of a scope over local dates [from, to] chose
 * each reason (of one channel when given): the shares are of the low scores, so no other answer counts.
 */
export async function reasonCounts(db: Db, scope: ScopeFilter, range: DateRange, timeZone: string, channel?: Channel): Promise<Map<string, number>> {
	const { start, end } = localInstants(range, timeZone);
	const rows = await executePrepared<{ code: string; n: number | string }>(
		db,
		sql`select reason as code, count(*) as n
			from responses r cross join unnest(r.reasons) as reason
			where ${rawScopeCondition('r', scope)} and r.reasons is not null and r.answers[1] <= 2
				and r.submitted_at >= ${start}::timestamptz and r.submitted_at < ${end}::timestamptz
				${channel ? sql`and r.channel = ${channel}` : sql``}
			group by reason`
	);
	return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

export interface QuickSummary {
	csat: CsatResult;
	/** Answers 1 and 2: the low scores reasons are asked after. */
	low: number;
	reasons: (ReasonShare & { label: { id: string; en: string } })[];
}

/** The CSAT of the answers per value 1–4 (`values`, in order) and the reasons ranked against its low scores. */
export function quickSummary(values: readonly [number, number, number, number], chosen: ReadonlyMap<string, number>, defined: readonly QuickReason[]): QuickSummary {
	const counts = { 1: values[0], 2: values[1], 3: values[2], 4: values[3] };
	const low = lowScores(counts);
	const labels = new Map(defined.map((reason) => [reason.code, reason.label]));
	return {
		csat: computeCsat(counts),
		low,
		reasons: rankReasons(low, chosen, defined).map((share) => ({ ...share, label: labels.get(share.code) ?? { id: share.code, en: share.code } }))
	};
}
