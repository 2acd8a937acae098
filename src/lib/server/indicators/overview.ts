/**
 * The year overview of a mall: its IKM and each agency's, through the one SKM engine, from the rollups.
 */
import { SKM_CODES } from '../../domain/instruments';
import { yearPeriod, type Period } from '../../domain/periods';
import { ikmOfTallies, type IkmResult } from '../../domain/skm';
import type { Db } from '../db/client';
import { listAgencies, type Mall } from '../organization/queries';
import { groupFigures } from './rollup-tallies';

interface ScopeFigures {
	respondents: number;
	result: IkmResult;
}

export interface YearOverview {
	year: number;
	period: Period;
	mall: ScopeFigures;
	agencies: ({ id: number; code: string; name: string } & ScopeFigures)[];
}

/** IKM of the mall and of each agency for a local calendar year. */
export async function yearOverview(db: Db, mall: Pick<Mall, 'id' | 'timeZone'>, year: number): Promise<YearOverview> {
	const period = yearPeriod(year, mall.timeZone);
	const range = { from: `${year}-01-01`, to: `${year}-12-31` };
	const scope = { type: 'mall' as const, id: mall.id };
	const [{ tallies: agencyTallies, counts: agencyCounts }, agencies] = await Promise.all([
		groupFigures(db, scope, range, { by: 'agency' }),
		listAgencies(db, mall.id, { includeArchived: true })
	]);
	const respondentsOf = (agencyId: number) => agencyCounts.find((c) => c.key === String(agencyId))?.respondents ?? 0;
	return {
		year,
		period,
		// The mall's figure pools every answer of every agency (Σ of sums and counts); never a mean of their IKMs.
		mall: { respondents: agencyCounts.reduce((a, c) => a + c.respondents, 0), result: ikmOfTallies(agencyTallies, SKM_CODES) },
		// An archived agency is shown for the years it served, and only those.
		agencies: agencies.filter((agency) => agency.archivedAt === null || respondentsOf(agency.id) > 0).map((agency) => ({
			id: agency.id,
			code: agency.code,
			name: agency.name,
			respondents: respondentsOf(agency.id),
			result: ikmOfTallies(agencyTallies.filter((t) => t.key === String(agency.id)), SKM_CODES)
		}))
	};
}

