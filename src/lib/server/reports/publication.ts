/**
 * What the public sees without an account. /publik and its open data: the figures of the finalized reports a manager
 * has published — IKM, mutu and n per scope and per agency and service, their trend over the published periods, and
 * the respondent profile with every cell under 5 hidden; never a comment, a follow-up plan or a raw answer.
 * /verify/<hash>: whether a finalized report is intact, and its figures. One rule for all of them (mayPublishFigures):
 * figures over fewer than 5 respondents are not shown, since they could point at those people.
 */
import { MIN_PUBLISHED_CELL, mayPublishFigures, publishedCount, suppressSmallCells } from '../../domain/privacy';
import type { Db } from '../db/client';
import type { ScopeType } from '../../domain/scope';
import { mallBesideUnit } from './labels';
import type { ProfileField } from './queries';
import type { ReportUnsur, SkmReport } from './report';
import { publishedSnapshots, type Snapshot } from './snapshots';

interface PublicFigures {
	respondents: number;
	ikm: number | null;
	mutu: string | null;
	kinerja: string | null;
}

/** A unit's row: with 1 to 4 respondents, n is null ("fewer than 5") and so are its figures. */
type PublicUnitFigures = Omit<PublicFigures, 'respondents'> & { respondents: number | null };

export interface PublishedReport extends PublicFigures {
	hash: string;
	scope: { type: ScopeType; id: number; name: string };
	period: { kind: string; value: string; from: string; to: string };
	publishedAt: string | null;
	units: (PublicUnitFigures & { type: 'agency' | 'service'; name: string; agency: string })[];
	/** Profile counts with cells of 1–4 respondents as null. */
	profile: Record<ProfileField, { value: string | null; count: number | null }[]>;
}

export interface PublicTrend {
	scope: { type: ScopeType; id: number; name: string };
	points: { period: string; from: string; ikm: number | null; mutu: string | null; respondents: number }[];
}

const figures = (f: PublicFigures): PublicFigures => ({ respondents: f.respondents, ikm: f.ikm, mutu: f.mutu, kinerja: f.kinerja });

/** A unit's figures, or none when its n is published as "fewer than 5". */
function unitFigures(f: PublicFigures): PublicUnitFigures {
	return publishedCount(f.respondents) === null ? { respondents: null, ikm: null, mutu: null, kinerja: null } : figures(f);
}

/**
 * The published reports of a mall, newest period first, reduced to what may be public. A snapshot with fewer than
 * MIN_PUBLISHED_CELL respondents cannot be published (setPublished); one published before that rule is left out.
 */
export async function publishedReports(db: Db, mallId: number): Promise<PublishedReport[]> {
	return (await publishedSnapshots(db, mallId))
		.filter(({ report }) => mayPublishFigures(report.figures.respondents))
		.map(({ hash, report, publishedAt }) => ({
			hash,
			scope: report.identity.scope,
			period: report.period,
			publishedAt: publishedAt?.toISOString() ?? null,
			...figures(report.figures),
			units: report.units.map((u) => ({ type: u.type, name: u.name, agency: u.agency, ...unitFigures(u) })),
			profile: Object.fromEntries(Object.entries(report.profile).map(([field, counts]) => [field, suppressSmallCells(counts)])) as PublishedReport['profile']
		}));
}

/** Per published scope, its IKM over the published periods, oldest first (the newest snapshot of a period counts). */
export function publicTrends(reports: readonly PublishedReport[]): PublicTrend[] {
	const byScope = new Map<string, PublicTrend>();
	for (const report of reports) {
		const key = `${report.scope.type}-${report.scope.id}`;
		const trend = byScope.get(key) ?? { scope: report.scope, points: [] };
		if (!trend.points.some((p) => p.period === report.period.value)) {
			trend.points.push({ period: report.period.value, from: report.period.from, ikm: report.ikm, mutu: report.mutu, respondents: report.respondents });
		}
		byScope.set(key, trend);
	}
	return [...byScope.values()].map((t) => ({ ...t, points: t.points.sort((a, b) => a.from.localeCompare(b.from)) }));
}

/** An agency's figures on the home page: from the newest published report that holds it, with that report's period. */
interface HomeAgency extends PublicUnitFigures {
	name: string;
	period: string;
	hash: string;
}

/** What the home page shows visitors without an account: the newest published mall report, and each agency's newest published figures. */
export interface PublishedHome {
	mall: PublishedReport | null;
	agencies: HomeAgency[];
}

/**
 * The home page's published figures (reports newest period first, as publishedReports gives them): the newest mall
 * report as the headline; per agency, its own newest published report or its row in a mall report, the later period
 * first and its own report on a tie. Never a live figure.
 */
export function publishedHome(reports: readonly PublishedReport[]): PublishedHome {
	const byAgency = new Map<string, HomeAgency & { to: string; own: boolean }>();
	const offer = (candidate: HomeAgency & { to: string; own: boolean }) => {
		const known = byAgency.get(candidate.name);
		if (!known || candidate.to > known.to || (candidate.to === known.to && candidate.own && !known.own)) byAgency.set(candidate.name, candidate);
	};
	for (const r of reports) {
		const at = { period: r.period.value, hash: r.hash, to: r.period.to };
		if (r.scope.type === 'agency') offer({ name: r.scope.name, ...unitFigures(r), ...at, own: true });
		if (r.scope.type === 'mall') for (const u of r.units.filter((unit) => unit.type === 'agency')) offer({ ...u, ...at, own: false });
	}
	return {
		mall: reports.find((r) => r.scope.type === 'mall') ?? null,
		agencies: [...byAgency.values()].map(({ to: _to, own: _own, ...agency }) => ({ name: agency.name, respondents: agency.respondents, ikm: agency.ikm, mutu: agency.mutu, kinerja: agency.kinerja, period: agency.period, hash: agency.hash }))
	};
}

export const OPEN_DATA_COLUMNS = ['periode', 'dari', 'sampai', 'laporan', 'unit_jenis', 'unit', 'instansi', 'responden', 'ikm', 'mutu', 'sha256'] as const;

/** What the open data's `responden` column holds for a unit of 1 to 4 respondents (its IKM and mutu stay empty). */
export const OPEN_DATA_SMALL_COUNT = `<${MIN_PUBLISHED_CELL}`;

/** One row per published figure: the report's own scope, then its agencies and services. */
export function openDataRows(reports: readonly PublishedReport[]): (string | number | null)[][] {
	return reports.flatMap((r) => [
		[r.period.value, r.period.from, r.period.to, r.scope.name, r.scope.type, r.scope.name, r.scope.type === 'agency' ? r.scope.name : '', r.respondents, r.ikm, r.mutu, r.hash],
		...r.units.map((u) => [r.period.value, r.period.from, r.period.to, r.scope.name, u.type, u.name, u.agency, u.respondents ?? OPEN_DATA_SMALL_COUNT, u.ikm, u.mutu, r.hash])
	]);
}

export interface Verification {
	hash: string;
	intact: boolean;
	finalizedAt: Date;
	receivedBy: Date;
	published: boolean;
	identity: SkmReport['identity'];
	/** The unit's name, and the mall's beside it unless the unit is the mall (whose name already is the mall's). */
	unit: { name: string; mall: string | null };
	period: SkmReport['period'];
	instrument: SkmReport['method']['instrument'];
	respondents: number;
	/** The least n whose figures are shown (MIN_PUBLISHED_CELL). */
	minRespondents: number;
	/** IKM and per-unsur figures; null below minRespondents, where they would show those few people's answers. */
	figures: SkmReport['figures'] | null;
	unsur: ReportUnsur[] | null;
	/** The report this one replaced and why; the one that replaced this, when, and why (both keep verifying). */
	supersedes: { hash: string; reason: string } | null;
	supersededBy: { hash: string; at: Date; reason: string } | null;
}

/** What /verify/<hash> shows of a snapshot: always whether it is intact, its unit, period and n; its figures only from n = 5. */
export function verificationOf(snapshot: Snapshot): Verification {
	const { report } = snapshot;
	const shown = mayPublishFigures(report.figures.respondents);
	return {
		hash: snapshot.hash,
		intact: snapshot.intact,
		finalizedAt: snapshot.finalizedAt,
		receivedBy: snapshot.receivedBy,
		published: snapshot.published,
		identity: report.identity,
		unit: { name: report.identity.scope.name, mall: mallBesideUnit(report.identity) },
		period: report.period,
		instrument: report.method.instrument,
		respondents: report.figures.respondents,
		minRespondents: MIN_PUBLISHED_CELL,
		figures: shown ? report.figures : null,
		unsur: shown ? report.unsur : null,
		supersedes: snapshot.supersedes ? { hash: snapshot.supersedes, reason: snapshot.supersedeReason ?? '' } : null,
		supersededBy: snapshot.supersededAt && snapshot.supersededBy ? { ...snapshot.supersededBy, at: snapshot.supersededAt } : null
	};
}
