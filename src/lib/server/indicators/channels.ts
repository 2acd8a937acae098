/**
 * Figures per channel (kiosk, phone-open 'qr', phone-ticket 'ticket', import), from the rollups, and the waiting-time
 * figures of ticket responses with queue times, from those responses (a partial index holds only ticket responses).
 */
import { sql } from 'drizzle-orm';
import { SKM_CODES } from '../../domain/instruments';
import type { DateRange } from '../../domain/periods';
import { CHANNELS, type Channel } from '../../domain/profile';
import type { ScopeFilter } from '../../domain/scope';
import { ikmOfTallies, type IkmResult } from '../../domain/skm';
import { waitingSummary, type WaitingSummary } from '../../domain/waiting-time';
import { executePrepared, type Db } from '../db/client';
import { groupFigures } from './rollup-tallies';
import { localInstants, rawScopeCondition } from './raw-scope';

export interface ChannelFigures {
	channel: Channel;
	respondents: number;
	result: IkmResult;
}

/**
 * n and the IKM (the SKM engine on the channel's own answers, by unsur code) per channel of a scope over local dates
 * [from, to], every channel listed (n = 0 when none); `only` keeps one channel. Read from the rollups, which keep every
 * grain per channel.
 */
export async function channelBreakdown(db: Db, scope: ScopeFilter, range: DateRange, only?: Channel): Promise<ChannelFigures[]> {
	const { tallies, counts } = await groupFigures(db, scope, range, { by: 'channel' }, only);
	return CHANNELS.filter((channel) => !only || channel === only).map((channel) => ({
		channel,
		respondents: counts.find((c) => c.key === channel)?.respondents ?? 0,
		result: ikmOfTallies(
			tallies.filter((t) => t.key === channel),
			SKM_CODES
		)
	}));
}

/**
 * Waiting and service time of a scope's ticket responses over local dates [from, to] whose tickets carry queue
 * times, with the IKM per waiting-time band and the U3 NRR; null when no such response exists (or the channel
 * filter is another channel).
 */
export async function waitingTimes(db: Db, scope: ScopeFilter, range: DateRange, timeZone: string, channel?: Channel): Promise<WaitingSummary | null> {
	if (channel && channel !== 'ticket') return null;
	const { start, end } = localInstants(range, timeZone);
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
			where ${rawScopeCondition('r', scope)} and r.channel = 'ticket' and r.ticket_id is not null
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
