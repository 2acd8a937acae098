/**
 * Demo publications: the mall's Laporan SKM of the two last complete years (those with data), finalized and published,
 * so /publik opens with results and a trend.
 */
import { localDate } from '../../domain/periods';
import { parsePeriod } from '../../domain/report-period';
import type { Db } from '../db/client';
import { countMatrixRows } from '../reports/queries';
import { finalizeReport, setPublished } from '../reports/snapshots';

/** Finalize and publish the mall-wide reports of the two years before `until`'s year (in the mall's time zone). */
export async function seedDemoReports(db: Db, mallId: number, timeZone: string, until: Date): Promise<string[]> {
	const access = { userId: null, role: 'admin' as const, mallId, agencyIds: null };
	const year = Number(localDate(until, timeZone).slice(0, 4));
	const hashes: string[] = [];
	for (const past of [year - 2, year - 1]) {
		const period = parsePeriod('year', String(past))!;
		const scope = { type: 'mall' as const, id: mallId };
		// A year before the demo's data begins has nothing to publish.
		if ((await countMatrixRows(db, scope, { mallId, timeZone, from: period.from, to: period.to, receivedBy: null })) === 0) continue;
		const { hash } = await finalizeReport(db, access, null, scope, period, { now: until });
		if (hash && (await setPublished(db, access, hash, true, until)) === 'done') hashes.push(hash);
	}
	return hashes;
}
