/**
 * The reform indicator sheet worded for a reader: per row its label, value, score, formula and the data it came
 * from, in Bahasa Indonesia or English (the page in the reader's language, the exported documents in Indonesian).
 */
import { formatCount, formatDecimal, formatScore } from '../../format';
import { m } from '../../paraglide/messages';
import type { ReformSheet } from './sheet';

export type SheetLocale = 'id' | 'en';

const SHEET_ROWS = [
	'skm_frequency',
	'publication',
	'follow_up',
	'ikm',
	'ipkp',
	'ipak',
	'complaints',
	'rtl_completion',
	'innovation_age',
	'volume_growth',
	'semester_growth',
	'response_rate',
	'digital_share'
] as const;
type SheetRowKey = (typeof SHEET_ROWS)[number];

export interface SheetRow {
	key: SheetRowKey;
	label: string;
	/** The measured figure, worded ("87,65 (B)", "12,5 %"). */
	value: string;
	/** The sheet's score or band where the rule gives one; '' where the row is a figure only. */
	score: string;
	/** The score as a number for machine readers (JSON), null when there is none. */
	scoreValue: number | null;
	formula: string;
	source: string;
}

const DASH = '–';

export function sheetRows(sheet: ReformSheet, locale: SheetLocale): SheetRow[] {
	const o = { locale };
	const count = (n: number) => formatCount(n, locale);
	const score2 = (n: number | null) => (n === null ? DASH : formatScore(n, locale));
	const percent = (share: number | null) => (share === null ? DASH : `${formatDecimal(share * 100, 1, locale)} %`);
	const change = (rate: number | null) => (rate === null ? DASH : `${rate > 0 ? '+' : rate < 0 ? '−' : ''}${formatDecimal(Math.abs(rate) * 100, 1, locale)} %`);
	const scoreText = (n: number | null) => (n === null ? DASH : formatDecimal(n, 2, locale));
	const completeness = (complete: boolean) => (complete ? '' : ` (${m.reform_incomplete({}, o)})`);
	const monthName = (month: string) =>
		new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', { month: 'short', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
	/** "Jan–Okt 2026", or "2026" for the whole year. */
	const months = (from: string, through: string, yearsBack = 0) => {
		const year = String(Number(from.slice(0, 4)) - yearsBack);
		if (from.endsWith('-01') && through.endsWith('-12') && from.slice(0, 4) === through.slice(0, 4)) return year;
		return from === through ? `${monthName(from)} ${year}` : `${monthName(from)}–${monthName(through)} ${year}`;
	};
	const { skmFrequency, publication, followUp, ikm, perception, complaints, innovation, volume } = sheet;

	const rows: SheetRow[] = [
		{
			key: 'skm_frequency',
			label: m.reform_row_skm_frequency({}, o),
			value: count(skmFrequency.surveys),
			score: scoreText(skmFrequency.score),
			scoreValue: skmFrequency.score,
			formula: m.reform_formula_skm_frequency({}, o),
			source: m.reform_source_skm_frequency(
				{ count: count(skmFrequency.reports.length), year: String(sheet.year), periods: skmFrequency.reports.map((r) => r.periodValue).join(', ') || DASH },
				o
			)
		},
		{
			key: 'publication',
			label: m.reform_row_publication({}, o),
			value: publication.online > 0 && publication.offline ? m.reform_published_both({}, o) : publication.offline ? m.reform_published_offline({}, o) : publication.online > 0 ? m.reform_published_online({}, o) : m.reform_published_none({}, o),
			score: scoreText(publication.score),
			scoreValue: publication.score,
			formula: m.reform_formula_publication({}, o),
			source: m.reform_source_publication({ online: count(publication.online), offline: publication.offline?.note ?? DASH }, o)
		},
		{
			key: 'follow_up',
			label: m.reform_row_follow_up({}, o),
			value: followUp.planned === 0 ? DASH : percent(followUp.done / followUp.planned),
			score: scoreText(followUp.score),
			scoreValue: followUp.score,
			formula: m.reform_formula_follow_up({}, o),
			source: m.reform_source_follow_up({ done: count(followUp.done), planned: count(followUp.planned), year: String(sheet.year) }, o)
		},
		{
			key: 'ikm',
			label: m.reform_row_ikm({}, o),
			value: ikm.ikm === null ? DASH : `${score2(ikm.ikm)} (${ikm.mutu})`,
			score: ikm.mutu ?? DASH,
			scoreValue: ikm.ikm,
			formula: m.reform_formula_ikm({}, o),
			source: m.reform_source_respondents({ n: count(ikm.respondents), asOf: sheet.asOf }, o)
		},
		{
			key: 'ipkp',
			label: m.reform_row_ipkp({}, o),
			value: score2(perception.ipkp),
			score: '',
			scoreValue: perception.ipkp,
			formula: m.reform_formula_ipkp({}, o),
			source: m.reform_source_respondents({ n: count(ikm.respondents), asOf: sheet.asOf }, o)
		},
		{
			key: 'ipak',
			label: m.reform_row_ipak({}, o),
			value: score2(perception.ipak),
			score: '',
			scoreValue: perception.ipak,
			formula: m.reform_formula_ipak({}, o),
			source: m.reform_source_ipak({ n: count(perception.ipakRespondents) }, o)
		},
		{
			key: 'complaints',
			label: m.reform_row_complaints({}, o),
			value:
				complaints.medianHours === null
					? DASH
					: Number.isFinite(complaints.medianHours)
						? m.reform_hours({ hours: formatDecimal(complaints.medianHours, 1, locale) }, o)
						: m.reform_unanswered({}, o),
			score: complaints.band === null ? DASH : String(complaints.band),
			scoreValue: complaints.band,
			formula: m.reform_formula_complaints({}, o),
			source: m.reform_source_complaints(
				{
					total: count(complaints.total),
					answered: count(complaints.answered),
					pending: count(complaints.pending),
					bands: complaints.byBand.map((n, i) => `${5 - i}: ${count(n)}`).join(', '),
					closed: percent(complaints.closedShare)
				},
				o
			)
		},
		{
			key: 'rtl_completion',
			label: m.reform_row_rtl_completion({}, o),
			value: followUp.planned === 0 ? DASH : percent(followUp.done / followUp.planned),
			score: followUp.band ?? DASH,
			scoreValue: followUp.planned === 0 ? null : followUp.done / followUp.planned,
			formula: m.reform_formula_rtl_completion({}, o),
			source: m.reform_source_follow_up({ done: count(followUp.done), planned: count(followUp.planned), year: String(sheet.year) }, o)
		},
		{
			key: 'innovation_age',
			label: m.reform_row_innovation_age({}, o),
			value: innovation.best ? innovation.best.name : DASH,
			score: innovation.band === null ? DASH : String(innovation.band),
			scoreValue: innovation.band,
			formula: m.reform_formula_innovation_age({}, o),
			source: innovation.best
				? m.reform_source_innovation(
						{
							count: count(innovation.count),
							name: innovation.best.name,
							date: innovation.best.launchDate,
							competition: innovation.best.competition || DASH,
							award: innovation.best.award || DASH
						},
						o
					)
				: m.reform_source_no_innovation({}, o)
		},
		{
			key: 'volume_growth',
			label: m.reform_row_volume_growth({}, o),
			value: volume.year.complete && volume.year.previousComplete ? change(volume.year.rate) : DASH,
			score: '',
			scoreValue: volume.year.complete && volume.year.previousComplete ? volume.year.rate : null,
			formula: m.reform_formula_volume_growth({}, o),
			source: m.reform_source_volume_growth(
				{
					current: count(volume.year.current) + completeness(volume.year.complete),
					previous: count(volume.year.previous) + completeness(volume.year.previousComplete),
					period: months(volume.year.from, volume.year.through),
					previousPeriod: months(volume.year.from, volume.year.through, 1)
				},
				o
			)
		},
		{
			key: 'semester_growth',
			label: m.reform_row_semester_growth({}, o),
			value: volume.semester && volume.semester.complete && volume.semester.previousComplete ? change(volume.semester.rate) : DASH,
			score: '',
			scoreValue: volume.semester && volume.semester.complete && volume.semester.previousComplete ? volume.semester.rate : null,
			formula: m.reform_formula_semester_growth({}, o),
			source: volume.semester
				? m.reform_source_semester_growth(
						{
							half: volume.semester.half === 1 ? 'I' : 'II',
							period: months(volume.semester.from, volume.semester.through),
							previousPeriod: months(volume.semester.from, volume.semester.through, 1),
							current: count(volume.semester.current) + completeness(volume.semester.complete),
							previous: count(volume.semester.previous) + completeness(volume.semester.previousComplete)
						},
						o
					)
				: m.reform_source_no_volume({}, o)
		},
		{
			key: 'response_rate',
			label: m.reform_row_response_rate({}, o),
			value: percent(volume.responseRate?.rate ?? null),
			score: '',
			scoreValue: volume.responseRate?.rate ?? null,
			formula: m.reform_formula_response_rate({}, o),
			source: m.reform_source_response_rate(
				{
					respondents: count(volume.responseRate?.respondents ?? ikm.respondents),
					served: count(volume.year.current) + completeness(volume.responseRate !== null),
					period: months(volume.year.from, volume.year.through)
				},
				o
			)
		},
		{
			key: 'digital_share',
			label: m.reform_row_digital_share({}, o),
			value: percent(volume.digital.share),
			score: '',
			scoreValue: volume.digital.share,
			formula: m.reform_formula_digital_share({}, o),
			source: m.reform_source_digital_share({ online: count(volume.digital.servedOnline), served: count(volume.digital.served), period: months(volume.year.from, volume.year.through) }, o)
		}
	];
	return rows;
}
