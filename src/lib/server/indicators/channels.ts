/**
 * Figures per channel (kiosk, phone-open 'qr', phone-ticket 'ticket', import) and the waiting-time figures of
 * ticket responses with queue times. The rollups have no channel dimension, so these read the period's raw
 * responses: one grouped statement each (measured on the demo in bench/channels.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { IPAK_CODES, SKM_CODES } from '../../domain/instruments';
import { startOfLocalDay, type DateRange } from '../../domain/periods';
import { CHANNELS, type Channel } from '../../domain/profile';
import type { ScopeFilter } from '../../domain/scope';
import { ikmOfTallies, type IkmResult } from '../../domain/skm';
import { waitingSummary, type WaitingSummary } from '../../domain/waiting-time';
import { executePrepared, type Db } from '../db/client';
import { SCOPE_COLUMN } from '../db/scope-columns';

const UNIT_TABLE = { agency: 'agencies', service: 'services', counter: 'counters' } as const;

/** `<alias>.mall_id = … and <alias>.<scope column> = id`: the mall first, so the (mall_id, submitted_at) index serves. */
function scopeCondition(alias: string, scope: ScopeFilter): SQL {
	const column = sql.raw(`${alias}.${SCOPE_COLUMN[scope.type]}`);
	if (scope.type === 'mall') return sql`${column} = ${scope.id}`;
	return sql`${sql.raw(alias)}.mall_id = (select mall_id from ${sql.raw(UNIT_TABLE[scope.type])} where id = ${scope.id}) and ${column} = ${scope.id}`;
}

/**
 * The raw responses of a scope on one channel whose submission lies within two days of [from, to] (any zone's local
 * dates fall inside; callers keep the exact local dates), as a subquery with the columns of `responses`.
 */
export function channelResponses(scope: ScopeFilter, range: DateRange, channel: Channel): SQL {
	return sql`(select * from responses r where ${scopeCondition('r', scope)} and r.channel = ${channel}
		and r.submitted_at >= (${range.from}::date - 2)::timestamp at time zone 'UTC'
		and r.submitted_at < (${range.to}::date + 3)::timestamp at time zone 'UTC')`;
}

/** The most answer positions an instrument has (SKM + IPAK). */
const MAX_POSITIONS = SKM_CODES.length + IPAK_CODES.length;

/**
 * The rollup_items rows (local_date, agency, service, counter, instrument, position, n1..n4) of a source of raw
 * responses, as rollup-sql's dailyItems gives them, by plain aggregates per day and unit (each value at each position
 * counted with a filter) unpivoted afterwards: the same rows without unnesting every answer, several times faster.
 */
export function dailyItemsOf(source: SQL): SQL {
	const cells = [];
	for (let p = 1; p <= MAX_POSITIONS; p++) for (let value = 1; value <= 4; value++) cells.push(`count(*) filter (where src.answers[${p}] = ${value})`);
	const at = (value: number) => sql.raw(`g.c[(p.position - 1) * 4 + ${value}]`);
	return sql`
		select g.mall_id, g.local_date, g.agency_id, g.service_id, g.counter_id, g.instrument_id, p.position::smallint as position,
			${at(1)} as n1, ${at(2)} as n2, ${at(3)} as n3, ${at(4)} as n4
		from (
			select src.mall_id, (src.submitted_at at time zone m.time_zone)::date as local_date, src.agency_id, src.service_id, src.counter_id,
				src.instrument_id, array[${sql.raw(cells.join(', '))}]::int[] as c
			from ${source} src join malls m on m.id = src.mall_id
			group by 1, 2, 3, 4, 5, 6
		) g
			cross join generate_series(1, ${sql.raw(String(MAX_POSITIONS))}) as p(position)
			join instrument_items ii on ii.instrument_id = g.instrument_id and ii.position = p.position`;
}

/** The instants bounding the local dates [from, to] of a zone: [start of from, start of the day after to). */
function instants(range: DateRange, timeZone: string): { start: string; end: string } {
	const dayAfter = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	return { start: startOfLocalDay(range.from, timeZone).toISOString(), end: startOfLocalDay(dayAfter, timeZone).toISOString() };
}

export interface ChannelFigures {
	channel: Channel;
	respondents: number;
	result: IkmResult;
}

/**
 * n and the IKM (the SKM engine on the channel's own answers, by unsur code) per channel of a scope over local dates
 * [from, to], every channel listed (n = 0 when none); `only` keeps one channel.
 */
export async function channelBreakdown(db: Db, scope: ScopeFilter, range: DateRange, timeZone: string, only?: Channel): Promise<ChannelFigures[]> {
	const { start, end } = instants(range, timeZone);
	// Σ and n of each answer position per channel and instrument version by plain aggregates (no unnest: ten times
	// fewer rows to group), then each position named by its unsur code through the version's items.
	const positions = Array.from({ length: SKM_CODES.length }, (_, i) => i + 1);
	const sums = sql.join(positions.map((p) => sql.raw(`sum(r.answers[${p}])`)), sql`, `);
	const counts = sql.join(positions.map((p) => sql.raw(`count(r.answers[${p}])`)), sql`, `);
	const rows = await executePrepared<{ channel: Channel; code: string | null; sum: string | number; n: string | number }>(
		db,
		sql`
			with grouped as materialized (
				select r.channel, r.instrument_id, count(*) as respondents, array[${sums}] as sums, array[${counts}] as counts
				from responses r join instruments i on i.id = r.instrument_id and i.feeds_ikm
				where ${scopeCondition('r', scope)} and r.submitted_at >= ${start}::timestamptz and r.submitted_at < ${end}::timestamptz
					${only ? sql`and r.channel = ${only}` : sql``}
				group by 1, 2
			)
			select channel, null as code, sum(respondents) as sum, 0 as n from grouped group by channel
			union all
			select g.channel, ii.code, sum(g.sums[ii.position]) as sum, sum(g.counts[ii.position]) as n
			from grouped g join instrument_items ii on ii.instrument_id = g.instrument_id and ii.position <= ${SKM_CODES.length}
			group by 1, 2`
	);
	return CHANNELS.filter((channel) => !only || channel === only).map((channel) => {
		const mine = rows.filter((r) => r.channel === channel);
		const tallies = mine.filter((r) => r.code !== null).map((r) => ({ code: r.code!, sum: Number(r.sum), n: Number(r.n) }));
		return { channel, respondents: Number(mine.find((r) => r.code === null)?.sum ?? 0), result: ikmOfTallies(tallies, SKM_CODES) };
	});
}

/**
 * Waiting and service time of a scope's ticket responses over local dates [from, to] whose tickets carry queue
 * times, with the IKM per waiting-time band and the U3 NRR; null when no such response exists (or the channel
 * filter is another channel).
 */
export async function waitingTimes(db: Db, scope: ScopeFilter, range: DateRange, timeZone: string, channel?: Channel): Promise<WaitingSummary | null> {
	if (channel && channel !== 'ticket') return null;
	const { start, end } = instants(range, timeZone);
	const codes = sql.join(SKM_CODES.map((code) => sql`${code}`), sql`, `);
	const rows = await executePrepared<{ wait: string | number | null; service: string | number | null; answers: (number | null)[] }>(
		db,
		sql`
			select extract(epoch from t.called_at - t.issued_at) / 60 as wait, extract(epoch from t.served_at - t.called_at) / 60 as service,
				(select array_agg(r.answers[ii.position] order by array_position(array[${codes}]::text[], ii.code))
					from instrument_items ii where ii.instrument_id = r.instrument_id and ii.code in (${codes})) as answers
			from responses r
				join tickets t on t.mall_id = r.mall_id and t.id = r.ticket_id
				join instruments i on i.id = r.instrument_id and i.feeds_ikm
			where ${scopeCondition('r', scope)} and r.channel = 'ticket'
				and r.submitted_at >= ${start}::timestamptz and r.submitted_at < ${end}::timestamptz
				and t.called_at is not null and (t.issued_at is not null or t.served_at is not null)`
	);
	if (rows.length === 0) return null;
	const minutes = (value: string | number | null) => (value === null ? null : Number(value));
	return waitingSummary(
		rows.map((r) => ({ waitMinutes: minutes(r.wait), serviceMinutes: minutes(r.service), answers: r.answers.map((v) => (v === null ? null : Number(v))) })),
		SKM_CODES
	);
}
