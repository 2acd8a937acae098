/**
 * The query string of GET /api/v1/integrity, checked at the edge (local days from..to, at most 366; an agency; the
 * hall, for an installation-wide token), and its answer as JSON.
 */
import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { canReachMall, type Access } from '../../domain/roles';
import { agencyFilter } from '../access/agency-filter';
import type { Db } from '../db/client';
import { agencies, malls } from '../db/schema';
import type { IkmFigures, IntegrityReport } from './checks';
import { calendarDate, idText } from '../values';

/** The longest period one request checks (a year, leap or not). */
const MAX_DAYS = 366;

export const IntegrityQuerySchema = v.pipe(
	v.strictObject({
		from: calendarDate(),
		to: calendarDate(),
		agency: v.optional(idText()),
		mall: v.optional(idText())
	}),
	v.forward(
		v.check((q) => q.from <= q.to, 'must not be after to'),
		['from']
	),
	v.forward(
		v.check((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 <= MAX_DAYS, `must be at most ${MAX_DAYS} days before to`),
		['from']
	)
);

/** Whether an agency is the hall's and the access reads it. */
export async function agencyInMall(db: Db, access: Access & { mallId: number }, agencyId: number): Promise<boolean> {
	const [row] = await db
		.select({ id: agencies.id })
		.from(agencies)
		.where(and(eq(agencies.mallId, access.mallId), eq(agencies.id, agencyId), agencyFilter(agencies.id, access)));
	return row !== undefined;
}

/** The hall a request reads: the access's own, or for an installation-wide token the one it names (null: none such). */
export async function hallOfRequest(db: Db, access: Access, mall: number | undefined): Promise<number | null> {
	if (access.mallId !== null) return mall === undefined || mall === access.mallId ? access.mallId : null;
	if (mall === undefined) return null;
	// Across halls: only a hall in the access's region (another one looks exactly like a missing one).
	const [row] = await db.select({ id: malls.id, regionCode: malls.regionCode }).from(malls).where(eq(malls.id, mall));
	return row && canReachMall(access, row) ? row.id : null;
}

const ikmJson = ({ n, result }: IkmFigures) => ({ n, ikm: result.ikm, ikmExact: result.ikmExact, mutu: result.mutu, kinerja: result.kinerja });

/** The report as the API answers it: the IKMs as figures (the per-unsur detail is the indicators endpoint's). */
export function integrityJson(report: IntegrityReport) {
	return { ...report, withFlagged: ikmJson(report.withFlagged), withoutFlagged: ikmJson(report.withoutFlagged) };
}
