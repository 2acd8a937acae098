/**
 * The year overview of a mall: its IKM and each agency's, through the one SKM engine.
 */
import { SKM_2017 } from '../../domain/instruments';
import { yearPeriod, type Period } from '../../domain/periods';
import { computeIkm, poolTallies, type IkmResult, type UnsurTally } from '../../domain/skm';
import type { Db } from '../db/client';
import { listAgencies, type Mall } from '../organization/queries';
import { findInstrument } from '../surveys/instruments';
import { tallyAgencies, type AgencyTallies } from './raw-tallies';

export interface ScopeFigures {
	respondents: number;
	result: IkmResult;
}

export interface YearOverview {
	year: number;
	period: Period;
	mall: ScopeFigures;
	agencies: ({ id: number; code: string; name: string } & ScopeFigures)[];
}

function unsurTallies(tallies: AgencyTallies | undefined, codes: readonly string[]): UnsurTally[] {
	return codes.map((code, i) => ({ code, ...(tallies?.items.get(i + 1) ?? { sum: 0, n: 0 }) }));
}

/** IKM of the mall and of each agency for a local calendar year (SKM 2017 responses only). */
export async function yearOverview(db: Db, mall: Mall, year: number): Promise<YearOverview> {
	const period = yearPeriod(year, mall.timeZone);
	const instrument = await findInstrument(db, SKM_2017.code, SKM_2017.version);
	const codes = instrument?.codes ?? SKM_2017.items.map((item) => item.code);
	const tallies = instrument ? await tallyAgencies(db, mall.id, instrument.id, period) : [];
	const byAgency = new Map(tallies.map((t) => [t.agencyId, t]));

	const agencies = (await listAgencies(db, mall.id)).map((agency) => {
		const own = unsurTallies(byAgency.get(agency.id), codes);
		return {
			id: agency.id,
			code: agency.code,
			name: agency.name,
			respondents: byAgency.get(agency.id)?.respondents ?? 0,
			result: computeIkm(own)
		};
	});
	// The mall's figure pools every answer; it is never a mean of the agencies' IKMs.
	const pooled = poolTallies(
		tallies.map((t) => unsurTallies(t, codes)),
		codes
	);
	return {
		year,
		period,
		mall: { respondents: tallies.reduce((sum, t) => sum + t.respondents, 0), result: computeIkm(pooled) },
		agencies
	};
}
