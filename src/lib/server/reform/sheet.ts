/**
 * The reform indicator sheet of a unit (the mall or an agency) and a year: every score an evaluator of Zona
 * Integritas (PermenPANRB 90/2021) or of the public-service unit evaluation (PermenPANRB 29/2022) can take from
 * Puas, each with the figures it came from. Texts (labels, formulas, sources) are worded by reform-text.
 */
import { localDate, startOfLocalDay } from '../../domain/periods';
import {
	followUpCompletionBand,
	followUpScore,
	innovationAgeBand,
	publicationScore,
	skmFrequencyScore,
	summarizeComplaints,
	type ComplaintSummary,
	type CompletionBand
} from '../../domain/reform-bands';
import type { Access } from '../../domain/roles';
import type { Kinerja, Mutu } from '../../domain/skm';
import { digitalShare, growth, responseRate, semesterOf, servedBetween, type Growth } from '../../domain/volume';
import type { Db } from '../db/client';
import { computeIndicators, findScope } from '../indicators/indicators';
import { complete, scopeVolumes } from '../innovation/volumes';
import { complaintTimings, finalizedReports, followUpCounts, offlinePublication, unitInnovations, type SheetReport, type SheetScope } from './queries';

export type { SheetScope };

export interface ReformSheet {
	scope: SheetScope & { name: string };
	year: number;
	/** The local date the sheet looks from: 31 December, or today while the year runs. */
	asOf: string;
	timeZone: string;
	skmFrequency: { reports: SheetReport[]; surveys: number; score: number };
	publication: { online: number; offline: { note: string; recordedAt: string } | null; score: number };
	followUp: { planned: number; done: number; score: number | null; band: CompletionBand | null };
	ikm: { respondents: number; ikm: number | null; mutu: Mutu | null; kinerja: Kinerja | null };
	perception: { ipkp: number | null; ipak: number | null; ipakRespondents: number };
	complaints: ComplaintSummary;
	innovation: { count: number; best: { name: string; launchDate: string; competition: string; award: string } | null; band: number | null };
	volume: {
		year: Growth & { complete: boolean; previousComplete: boolean };
		/** The latest semester of the year with volumes, against the same semester a year before. */
		semester: (Growth & { half: 1 | 2; complete: boolean; previousComplete: boolean }) | null;
		responseRate: number | null;
		digital: { share: number | null; servedOnline: number; served: number };
	};
}

/**
 * Count the SKM surveys of a year from its finalized reports: the sub-year periods (months, quarters, semesters,
 * custom) when there are any, else 1 for a whole-year report, capped at 4 (the sheet's top row).
 */
export function surveysInYear(reports: readonly SheetReport[]): number {
	const partial = reports.filter((r) => r.periodKind !== 'year').length;
	return Math.min(4, partial > 0 ? partial : reports.length > 0 ? 1 : 0);
}

/** The sheet, or null when the unit does not exist or `access` may not read it. */
export async function buildReformSheet(db: Db, access: Access, scope: SheetScope, year: number, now = new Date()): Promise<ReformSheet | null> {
	const found = await findScope(db, scope, access);
	if (!found) return null;
	const { mallId, timeZone } = found;
	const today = localDate(now, timeZone);
	const yearEnd = `${year}-12-31`;
	const asOfDate = today < yearEnd ? today : yearEnd;
	const asOf = today < yearEnd ? now : startOfLocalDay(`${year + 1}-01-01`, timeZone);
	const range = { mallId, timeZone, year, asOf };
	const [reports, offline, followUps, timings, innovations, indicators, volumes] = await Promise.all([
		finalizedReports(db, scope, range),
		offlinePublication(db, scope, range),
		followUpCounts(db, scope, range),
		complaintTimings(db, scope, range),
		unitInnovations(db, scope, range),
		computeIndicators(db, { scope: scope.type, id: scope.id, from: `${year}-01-01`, to: asOfDate, granularity: 'year' }, access),
		scopeVolumes(db, mallId, scope, `${year - 1}-01-01`, `${year + 1}-01-01`)
	]);

	const surveys = surveysInYear(reports);
	const online = reports.filter((r) => r.published).length;

	// The best innovation decides the band (awarded 5, entered 4, a year or more 3, less 2).
	let best: ReformSheet['innovation']['best'] = null;
	let band: number | null = null;
	for (const innovation of innovations) {
		const b = innovationAgeBand(innovation.launchDate, asOfDate, innovation.competition !== '', innovation.award !== ''); // skm.md §3
		if (band === null || b > band) {
			band = b;
			best = { name: innovation.name, launchDate: innovation.launchDate, competition: innovation.competition, award: innovation.award };
		}
	}

	const thisYear = servedBetween(volumes.months, `${year}-01-01`, `${year + 1}-01-01`);
	const lastYear = servedBetween(volumes.months, `${year - 1}-01-01`, `${year}-01-01`);
	const months = volumes.months.filter((v) => v.month >= `${year}-01-01` && v.month < `${year + 1}-01-01`);
	const lastMonth = months.at(-1)?.month ?? null;
	let semester: ReformSheet['volume']['semester'] = null;
	if (lastMonth) {
		const s = semesterOf(lastMonth);
		semester = {
			half: s.from.endsWith('-01-01') ? 1 : 2,
			...growth(servedBetween(volumes.months, s.from, s.to).served, servedBetween(volumes.months, s.previousFrom, s.previousTo).served),
			complete: complete(volumes, s.from, s.to),
			previousComplete: complete(volumes, s.previousFrom, s.previousTo)
		};
	}
	const respondents = indicators?.respondents ?? 0;
	// The response rate needs every month so far: an undercounted population would inflate it.
	const yearComplete = complete(volumes, `${year}-01-01`, nextMonthOf(asOfDate));

	return {
		scope: { ...scope, name: found.name },
		year,
		asOf: asOfDate,
		timeZone,
		skmFrequency: { reports, surveys, score: skmFrequencyScore(surveys) }, // 4/3/2/1 a year → 1/0.75/0.5/0.25
		publication: {
			online,
			offline: offline ? { note: offline.note, recordedAt: offline.recordedAt.toISOString() } : null,
			score: publicationScore(online > 0, offline !== null) // online + offline 1, offline only 0.5
		},
		followUp: {
			...followUps,
			score: followUpScore(followUps.done, followUps.planned), // all/most/some/none → 1/0.67/0.33/0
			band: followUpCompletionBand(followUps.done, followUps.planned) // <30 %, 30–80 %, >80 %, 100 %
		},
		ikm: { respondents, ikm: indicators?.ikm ?? null, mutu: indicators?.mutu ?? null, kinerja: indicators?.kinerja ?? null },
		perception: {
			ipkp: indicators?.perception.ipkp ?? null,
			ipak: indicators?.perception.ipak ?? null,
			ipakRespondents: indicators?.perception.ipakRespondents ?? 0
		},
		complaints: summarizeComplaints(timings), // ×24 h bands, 0–5 (skm.md §3)
		innovation: { count: innovations.length, best, band },
		volume: {
			year: {
				...growth(thisYear.served, lastYear.served),
				complete: complete(volumes, `${year}-01-01`, `${year + 1}-01-01`),
				previousComplete: complete(volumes, `${year - 1}-01-01`, `${year}-01-01`)
			},
			semester,
			responseRate: yearComplete ? responseRate(respondents, thisYear.served) : null,
			digital: digitalShare(months)
		}
	};
}

function nextMonthOf(date: string): string {
	const [y, m] = date.split('-').map(Number) as [number, number];
	return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
