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
	skmSurveysInYear,
	summarizeComplaints,
	type ComplaintSummary,
	type CompletionBand
} from '../../domain/reform-bands';
import type { Access } from '../../domain/roles';
import type { Kinerja, Mutu } from '../../domain/skm';
import { addMonths, digitalShare, growth, responseRate, semesterOf, servedBetween, type Growth } from '../../domain/volume';
import type { Db } from '../db/client';
import { computeIndicators } from '../indicators/indicators';
import { findScope } from '../indicators/queries';
import { complete, scopeVolumes } from '../volumes/volumes';
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
		/** The months of the year ended by `asOf` ('YYYY-MM' from … through), against the same months a year before. */
		year: Growth & { complete: boolean; previousComplete: boolean; from: string; through: string };
		/** The latest semester's ended months, against the same months a year before. */
		semester: (Growth & { half: 1 | 2; complete: boolean; previousComplete: boolean; from: string; through: string }) | null;
		/** Respondents ÷ served over the same months, when every service reported each of them. */
		responseRate: { rate: number | null; respondents: number } | null;
		digital: { share: number | null; servedOnline: number; served: number };
	};
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
		computeIndicators(db, { scope: scope.type, id: scope.id, from: `${year}-01-01`, to: asOfDate, granularity: 'month' }, access),
		scopeVolumes(db, mallId, scope, `${year - 1}-01-01`, `${year + 1}-01-01`)
	]);

	// The largest set of non-overlapping quarters, semesters or the year (months and custom ranges are no round).
	const surveys = skmSurveysInYear(reports.map((r) => ({ kind: r.periodKind, from: r.periodFrom, to: r.periodTo })));
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

	// Volumes are monthly: the sheet covers the months of the year that have ended by `asOf` (all twelve for a past
	// year), and compares them with the same months a year before.
	const yearStart = `${year}-01-01`;
	const through = asOfDate === yearEnd ? `${year + 1}-01-01` : `${asOfDate.slice(0, 7)}-01`; // exclusive month bound
	const aYearBefore = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
	const thisYear = servedBetween(volumes.months, yearStart, through);
	const lastYear = servedBetween(volumes.months, aYearBefore(yearStart), aYearBefore(through));
	const months = volumes.months.filter((v) => v.month >= yearStart && v.month < through);
	let semester: ReformSheet['volume']['semester'] = null;
	if (through > yearStart) {
		const s = semesterOf(previousMonthOf(through));
		const to = s.to < through ? s.to : through;
		semester = {
			half: s.from.endsWith('-01-01') ? 1 : 2,
			...growth(servedBetween(volumes.months, s.from, to).served, servedBetween(volumes.months, s.previousFrom, aYearBefore(to)).served),
			complete: complete(volumes, s.from, to),
			previousComplete: complete(volumes, s.previousFrom, aYearBefore(to)),
			from: s.from.slice(0, 7),
			through: previousMonthOf(to).slice(0, 7)
		};
	}
	const respondents = indicators?.respondents ?? 0;
	// The response rate over the same months: respondents of those months ÷ served, only when every service reported.
	const respondentsInMonths = (indicators?.series ?? []).filter((b) => b.from >= yearStart && b.from < through).reduce((sum, b) => sum + b.respondents, 0);
	const monthsComplete = through > yearStart && complete(volumes, yearStart, through);

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
				complete: through > yearStart && complete(volumes, yearStart, through),
				previousComplete: through > yearStart && complete(volumes, aYearBefore(yearStart), aYearBefore(through)),
				from: yearStart.slice(0, 7),
				through: previousMonthOf(through).slice(0, 7)
			},
			semester,
			responseRate: monthsComplete ? { rate: responseRate(respondentsInMonths, thisYear.served), respondents: respondentsInMonths } : null,
			digital: digitalShare(months)
		}
	};
}

const previousMonthOf = (month: string) => addMonths(month, -1);
