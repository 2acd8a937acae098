/**
 * What a paired tablet needs to run its counter's survey offline: the counter, its agency and service, and the
 * instrument with its texts as stored (never texts compiled into the kiosk).
 */
import { eq, sql } from 'drizzle-orm';
import { QUICK_V1, SKM_IPAK_V1 } from '../../domain/instruments';
import { logoPath } from '../../domain/logo';
import type { SurveyMode } from '../../domain/profile';
import { counterArchivedAt } from '../db/archived';
import { executePrepared, type Db } from '../db/client';
import { logoDigest } from '../db/mall-logo';
import { agencies, counters, malls, services } from '../db/schema';
import { findInstrument, loadInstrument, type LoadedInstrument } from '../surveys/instruments';

export interface KioskConfig {
	/** `logoUrl`: the hall's logo for the start screen (versioned, so the browser keeps it for offline use), or null. */
	mall: { name: string; timeZone: string; logoUrl: string | null };
	agency: { name: string };
	service: { id: number; name: string };
	counter: { id: number; code: string; name: string; surveyMode: SurveyMode; minIntervalSeconds: number };
	instrument: LoadedInstrument;
	staffPinHash: string | null;
}

/**
 * Since when a counter is out of service — it, its service or its agency archived — or null while it serves: the
 * kiosk's configuration, the phone survey and the poster answer that it is not in service instead of its survey.
 */
export async function outOfServiceSince(db: Db, counterId: number): Promise<Date | null> {
	const [row] = await executePrepared<{ at: string | Date | null }>(db, sql`select ${counterArchivedAt(sql`(select mall_id from counters where id = ${counterId}::int)`, sql`${counterId}::int`)} as at`);
	return row?.at ? new Date(row.at) : null;
}

/** The survey a counter runs: its own instrument in full mode, SKM then IPAK in full-ipak mode, the quick instrument in quick mode. */
export async function counterConfig(db: Db, counterId: number): Promise<KioskConfig | null> {
	const [row] = await db
		.select({
			counter: counters,
			agencyName: agencies.name,
			service: { id: services.id, name: services.name },
			// Not the whole row: the logo's bytes are the logo route's, the config names them by their digest.
			mall: { slug: malls.slug, name: malls.name, timeZone: malls.timeZone, kioskPinHash: malls.kioskPinHash, logoVersion: logoDigest }
		})
		.from(counters)
		.innerJoin(agencies, eq(agencies.id, counters.agencyId))
		.innerJoin(services, eq(services.id, counters.serviceId))
		.innerJoin(malls, eq(malls.id, counters.mallId))
		.where(eq(counters.id, counterId));
	if (!row) return null;
	const mode = row.counter.surveyMode;
	const instrumentId =
		mode === 'quick'
			? (await findInstrument(db, QUICK_V1.code, QUICK_V1.version))?.id
			: mode === 'full-ipak'
				? (await findInstrument(db, SKM_IPAK_V1.code, SKM_IPAK_V1.version))?.id
				: row.counter.instrumentId;
	const instrument = instrumentId ? await loadInstrument(db, instrumentId) : null;
	if (!instrument) return null;
	return {
		mall: { name: row.mall.name, timeZone: row.mall.timeZone, logoUrl: row.mall.logoVersion ? logoPath(row.mall.slug, row.mall.logoVersion) : null },
		agency: { name: row.agencyName },
		service: row.service,
		counter: {
			id: row.counter.id,
			code: row.counter.code,
			name: row.counter.name,
			surveyMode: row.counter.surveyMode,
			minIntervalSeconds: row.counter.minIntervalSeconds
		},
		instrument,
		staffPinHash: row.mall.kioskPinHash
	};
}
