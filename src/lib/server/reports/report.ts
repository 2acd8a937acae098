/**
 * A Laporan SKM of a scope and period in the shape units publish (skm.md "Report"): identity and legal basis,
 * method, respondent profile, the per-unsur table, IKM per service and agency, trend, the weakest unsur with the
 * follow-up plan, the previous plan's status, a comments summary, the questionnaire and, beside the IKM, the quick
 * ratings' CSAT (reports/quick.ts). Every figure comes from the SKM engine over the same rollups the dashboard reads;
 * every format (PDF, XLSX, CSV, JSON) renders this object.
 */
import { SKM_2017, SKM_CODES } from '../../domain/instruments';
import { AGE_BANDS, EDUCATIONS, OCCUPATIONS, SEXES, type Channel } from '../../domain/profile';
import { earlierPeriods, type ReportPeriod } from '../../domain/report-period';
import type { Access } from '../../domain/roles';
import type { SampleAdequacy } from '../../domain/sampling';
import type { ScopeFilter, ScopeType } from '../../domain/scope';
import { computeIkm, ikmOfTallies, type Kinerja, type Mutu } from '../../domain/skm';
import type { Db } from '../db/client';
import { computeIndicators } from '../indicators/indicators';
import { periodSampleAdequacy } from '../indicators/period-sample';
import { findScope } from '../indicators/queries';
import { quickReasons, reasonCounts } from '../indicators/quick';
import { groupFigures } from '../indicators/rollup-tallies';
import { findMall } from '../organization/settings';
import {
	commentSummary,
	countMatrixRows,
	planItems,
	profileCounts,
	PROFILE_FIELDS,
	servicesUnder,
	type CommentSummary,
	type PlanItem,
	type ProfileField
} from './queries';
import { reportQuick, type ReportQuick } from './quick';

const REPORT_FORMAT_VERSION = 1;

/** The regulations a Laporan SKM cites (skm.md §1). */
const LEGAL_BASIS = [
	'Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik',
	'Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik'
] as const;

/** How the figures are computed — stated in every export so an evaluator can check the method, not just the result. */
export const METHOD_FLAGS = {
	regulation: 'PermenPANRB 14/2017',
	scale: '1-4',
	unsurCount: 9,
	weight: '1/9 (exact)',
	ikmFormula: 'IKM = (sum over unsur of NRR x 1/9) x 25',
	nrr: 'NRR = sum of answers / number who answered the unsur (a skipped answer is not counted)',
	rounding: 'half up to 2 decimals, only the final figure',
	intervals: 'A >= 88.31, B >= 76.61, C >= 65.00, D below (on the IKM rounded to 2 decimals)',
	sampling: 'Krejcie-Morgan (1970): S = 3841 N / (10 N + 3831)',
	csat: 'CSAT = (n3 + n4) / n x 100 over the quick rating Q1 (1-4), half up to 2 decimals; reported beside the IKM, never part of it'
} as const;

interface ReportFigures {
	respondents: number;
	ikm: number | null;
	ikmExact: number | null;
	mutu: Mutu | null;
	kinerja: Kinerja | null;
}

export interface ReportUnsur {
	code: string;
	name: string;
	sum: number;
	n: number;
	nrr: number | null;
	nrrWeighted: number | null;
	index: number | null;
	mutu: Mutu | null;
}

interface ReportUnit extends ReportFigures {
	type: 'agency' | 'service';
	id: number;
	name: string;
	agency: string;
	/** Present (true) for a unit archived since: it is listed only for a period in which it had respondents. */
	archived?: true;
}

export interface SkmReport {
	format: 'puas-laporan-skm';
	formatVersion: number;
	identity: {
		mall: string;
		timeZone: string;
		scope: { type: ScopeType; id: number; name: string };
		legalBasis: readonly string[];
	};
	period: { kind: string; value: string; from: string; to: string };
	method: {
		flags: typeof METHOD_FLAGS;
		instrument: { code: string; version: number; title: string };
		respondents: number;
		complete: number;
		partial: number;
		sample: SampleAdequacy;
		/** n and IKM per channel (kiosk, qr = phone-open, ticket = phone-ticket, import), from the period's raw responses. */
		channels: (ReportFigures & { channel: Channel })[];
		/** Data received up to this instant (a finalized report's cut-off); null = live. */
		receivedBy: string | null;
	};
	figures: ReportFigures & { skmExact: number | null };
	unsur: ReportUnsur[];
	/** Quick mode's CSAT, answers per value and low-score reasons, beside the IKM; absent in a report finalized before it was reported. */
	quick?: ReportQuick;
	profile: Record<ProfileField, { value: string | null; count: number }[]>;
	units: ReportUnit[];
	trend: (ReportFigures & { value: string; from: string; to: string })[];
	weakest: { code: string; name: string; nrr: number; index: number | null }[];
	plan: PlanItem[];
	previousPlan: PlanItem[];
	comments: CommentSummary;
	questionnaire: { code: string; name: string; question: string; options: readonly string[] }[];
	/** Rows of the raw matrix (CSV/XLSX Matriks). */
	matrixRows: number;
}

const PROFILE_ORDER: Record<ProfileField, readonly string[]> = { sex: SEXES, age_band: AGE_BANDS, education: EDUCATIONS, occupation: OCCUPATIONS };
/** Profile values in the questionnaire's order, "not given" last. */
const profileRank = (field: ProfileField, value: string | null) => (value === null ? 1000 : PROFILE_ORDER[field].indexOf(value));

const UNSUR_NAMES = new Map(SKM_2017.items.map((item) => [item.code, item.name.id]));

/** IKM per agency (mall scope) and per service, from the rollups. */
async function unitFigures(db: Db, access: Access, scope: ScopeFilter, mallId: number, range: { from: string; to: string }): Promise<ReportUnit[]> {
	const services = await servicesUnder(db, access, scope, mallId);
	const [byService, byAgency] = await Promise.all([
		groupFigures(db, scope, range, { by: 'service' }),
		scope.type === 'mall' ? groupFigures(db, scope, range, { by: 'agency' }) : null
	]);
	const unit = (type: 'agency' | 'service', id: number, name: string, agency: string, archived: boolean, figures: typeof byService): ReportUnit => {
		const result = ikmOfTallies(figures.tallies.filter((t) => t.key === String(id)), SKM_CODES);
		const respondents = figures.counts.filter((c) => c.key === String(id)).reduce((a, c) => a + c.respondents, 0);
		const figuresOf = { respondents, ikm: result.ikm, ikmExact: result.ikmExact, mutu: result.mutu, kinerja: result.kinerja };
		return { type, id, name, agency, ...figuresOf, ...(archived ? { archived: true as const } : {}) };
	};
	const agencies = byAgency
		? [...new Map(services.map((s) => [s.agencyId, s])).values()].map((s) => unit('agency', s.agencyId, s.agency, s.agency, s.agencyArchived, byAgency))
		: [];
	const units = [...agencies, ...services.map((s) => unit('service', s.id, s.name, s.agency, s.archived, byService))];
	// An archived unit stays in the reports of the periods it served, and only in those.
	return units.filter((u) => !u.archived || u.respondents > 0);
}

/** A report without its comments summary and matrix row count: what the XLSX prints (each is a scan of the raw responses). */
export type SheetReport = Omit<SkmReport, 'comments' | 'matrixRows'>;

/** The live report of a scope and period as `access` may read it, or null when the scope is unknown or not theirs. */
export async function buildReport(db: Db, access: Access, scope: ScopeFilter, period: ReportPeriod): Promise<SkmReport | null>;
/** The same without the comments summary and the matrix row count (`counts: false`), for the XLSX. */
export async function buildReport(db: Db, access: Access, scope: ScopeFilter, period: ReportPeriod, options: { counts: false }): Promise<SheetReport | null>;
export async function buildReport(db: Db, access: Access, scope: ScopeFilter, period: ReportPeriod, options?: { counts: false }): Promise<SkmReport | SheetReport | null> {
	const counts = options?.counts !== false;
	const found = await findScope(db, scope, access);
	if (!found) return null;
	const mall = await findMall(db, found.mallId);
	const range = { mallId: found.mallId, timeZone: found.timeZone, from: period.from, to: period.to, receivedBy: null };
	const earlier = earlierPeriods(period, 3);
	const query = (from: string, to: string, breakdown = false) =>
		computeIndicators(db, { scope: scope.type, id: scope.id, from, to, granularity: 'year', breakdown }, access);
	const [current, trend, units, profile, comments, plan, previousPlan, matrixRows, sample, chosenReasons, reasons] = await Promise.all([
		query(period.from, period.to, true),
		Promise.all(earlier.map((p) => query(p.from, p.to))),
		unitFigures(db, access, scope, found.mallId, period),
		profileCounts(db, scope, range),
		counts ? commentSummary(db, scope, range) : null,
		planItems(db, scope, { mallId: found.mallId, timeZone: found.timeZone, from: period.from, to: null }),
		planItems(db, scope, { mallId: found.mallId, timeZone: found.timeZone, from: period.previous.from, to: period.previous.to }),
		counts ? countMatrixRows(db, scope, range) : 0,
		// The dashboard's own figure: the population from service volumes over the period's months that have ended.
		periodSampleAdequacy(db, scope, found, period),
		reasonCounts(db, scope, period, found.timeZone),
		quickReasons(db)
	]);
	if (!current) return null;
	const result = computeIkm(current.unsur.map((u) => ({ code: u.code, sum: u.sum, n: u.n })));
	const unsur = result.unsur.map((u) => ({
		code: u.code,
		name: UNSUR_NAMES.get(u.code) ?? u.code,
		sum: u.sum,
		n: u.n,
		nrr: u.nrr,
		nrrWeighted: u.nrrWeighted,
		index: u.index,
		mutu: u.mutu
	}));
	// The weakest unsur first: lowest NRR (skm.md Report IV), ties in instrument order.
	const weakest = unsur
		.filter((u): u is ReportUnsur & { nrr: number } => u.nrr !== null)
		.sort((a, b) => a.nrr - b.nrr)
		.slice(0, 3)
		.map((u) => ({ code: u.code, name: u.name, nrr: u.nrr, index: u.index }));
	const figures = (f: { respondents: number; ikm: number | null; ikmExact: number | null; mutu: Mutu | null; kinerja: Kinerja | null }) => ({
		respondents: f.respondents,
		ikm: f.ikm,
		ikmExact: f.ikmExact,
		mutu: f.mutu,
		kinerja: f.kinerja
	});
	const report: SkmReport = {
		format: 'puas-laporan-skm',
		formatVersion: REPORT_FORMAT_VERSION,
		identity: { mall: mall?.name ?? '', timeZone: found.timeZone, scope: { type: scope.type, id: scope.id, name: found.name }, legalBasis: LEGAL_BASIS },
		period: { kind: period.kind, value: period.value, from: period.from, to: period.to },
		method: {
			flags: METHOD_FLAGS,
			instrument: { code: SKM_2017.code, version: SKM_2017.version, title: SKM_2017.title.id },
			respondents: current.respondents,
			complete: current.counts.complete,
			partial: current.counts.partial,
			sample,
			channels: current.channels,
			receivedBy: null
		},
		figures: { ...figures(current), skmExact: result.skmExact },
		unsur,
		quick: reportQuick(current.quick.values, chosenReasons, reasons),
		profile: Object.fromEntries(
			PROFILE_FIELDS.map((field) => [
				field,
				profile
					.filter((p) => p.field === field)
					.map(({ value, count }) => ({ value, count }))
					.sort((a, b) => profileRank(field, a.value) - profileRank(field, b.value))
			])
		) as SkmReport['profile'],
		units,
		trend: [
			{ value: period.value, from: period.from, to: period.to, ...figures(current) },
			...earlier.map((p, i) => ({ value: p.value, from: p.from, to: p.to, ...figures(trend[i] ?? { respondents: 0, ikm: null, ikmExact: null, mutu: null, kinerja: null }) }))
		],
		weakest,
		plan,
		previousPlan,
		comments: comments!,
		questionnaire: SKM_2017.items.map((item) => ({ code: item.code, name: item.name.id, question: item.question.id, options: item.options.id })),
		matrixRows
	};
	if (counts) return report;
	const { comments: _comments, matrixRows: _rows, ...sheet } = report;
	return sheet;
}
