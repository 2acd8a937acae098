/**
 * The sample adequacy of a scope's period, as the dashboard and the Laporan SKM both state it: one function, so the
 * two cannot differ. Its respondents are counted by month here, whatever series the caller shows (a report's trend is
 * by year, a quarter's dashboard by week): while a period runs, its population covers only the months that have
 * ended, and the Krejcie–Morgan target is compared with those months' respondents.
 */
import { bucketEnd, bucketStarts } from '../../domain/granularity';
import { localDate, type DateRange } from '../../domain/periods';
import type { Channel } from '../../domain/profile';
import type { SampleAdequacy } from '../../domain/sampling';
import type { ScopeFilter } from '../../domain/scope';
import type { Db } from '../db/client';
import { volumeSampleAdequacy } from '../volumes/sample-adequacy';
import type { FoundScope } from './queries';
import { groupFigures } from './rollup-tallies';

/**
 * Krejcie–Morgan adequacy of a scope over [from, to] (local dates) as of today in its mall, population from service
 * volumes; with `channel`, of that channel's respondents only (the dashboard's filter restricts every figure).
 */
export async function periodSampleAdequacy(
	db: Db,
	scope: ScopeFilter,
	found: Pick<FoundScope, 'mallId' | 'timeZone'>,
	period: DateRange,
	channel?: Channel
): Promise<SampleAdequacy> {
	const { counts } = await groupFigures(db, scope, period, { by: 'bucket', granularity: 'month' }, channel);
	const byMonth = new Map(counts.map((c) => [c.key, c.respondents]));
	const months = bucketStarts(period.from, period.to, 'month').map((start) => {
		const end = bucketEnd(start, 'month');
		return { from: start < period.from ? period.from : start, to: end > period.to ? period.to : end, respondents: byMonth.get(start) ?? 0 };
	});
	// Each response lies in exactly one month: their sum is the period's respondents.
	const respondents = months.reduce((sum, m) => sum + m.respondents, 0);
	return volumeSampleAdequacy(db, found.mallId, scope, period, localDate(new Date(), found.timeZone), respondents, months);
}
