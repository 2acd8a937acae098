/**
 * What /publik shows and its open data: the figures of the finalized reports a manager has published — IKM, mutu and n
 * per scope and per agency and service, their trend over the published periods, and the respondent profile with every
 * cell under 5 hidden. Never a comment, a follow-up plan or a raw answer.
 */
import { suppressSmallCells } from '../../domain/privacy';
import type { Db } from '../db/client';
import type { ScopeType } from '../indicators/rollup-tallies';
import type { ProfileField } from './queries';
import { publishedSnapshots } from './snapshots';

export interface PublicFigures {
	respondents: number;
	ikm: number | null;
	mutu: string | null;
	kinerja: string | null;
}

export interface PublishedReport extends PublicFigures {
	hash: string;
	scope: { type: ScopeType; id: number; name: string };
	period: { kind: string; value: string; from: string; to: string };
	publishedAt: string | null;
	units: (PublicFigures & { type: 'agency' | 'service'; name: string; agency: string })[];
	/** Profile counts with cells of 1–4 respondents as null. */
	profile: Record<ProfileField, { value: string | null; count: number | null }[]>;
}

export interface PublicTrend {
	scope: { type: ScopeType; id: number; name: string };
	points: { period: string; from: string; ikm: number | null; mutu: string | null; respondents: number }[];
}

const figures = (f: PublicFigures): PublicFigures => ({ respondents: f.respondents, ikm: f.ikm, mutu: f.mutu, kinerja: f.kinerja });

/** The published reports of a mall, newest period first, reduced to what may be public. */
export async function publishedReports(db: Db, mallId: number): Promise<PublishedReport[]> {
	return (await publishedSnapshots(db, mallId)).map(({ hash, report, publishedAt }) => ({
		hash,
		scope: report.identity.scope,
		period: report.period,
		publishedAt: publishedAt?.toISOString() ?? null,
		...figures(report.figures),
		units: report.units.map((u) => ({ type: u.type, name: u.name, agency: u.agency, ...figures(u) })),
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

export const OPEN_DATA_COLUMNS = ['periode', 'dari', 'sampai', 'laporan', 'unit_jenis', 'unit', 'instansi', 'responden', 'ikm', 'mutu', 'sha256'] as const;

/** One row per published figure: the report's own scope, then its agencies and services. */
export function openDataRows(reports: readonly PublishedReport[]): (string | number | null)[][] {
	return reports.flatMap((r) => [
		[r.period.value, r.period.from, r.period.to, r.scope.name, r.scope.type, r.scope.name, r.scope.type === 'agency' ? r.scope.name : '', r.respondents, r.ikm, r.mutu, r.hash],
		...r.units.map((u) => [r.period.value, r.period.from, r.period.to, r.scope.name, u.type, u.name, u.agency, u.respondents, u.ikm, u.mutu, r.hash])
	]);
}
