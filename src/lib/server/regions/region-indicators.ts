/**
 * Indicators across halls: a province's, a kabupaten/kota's or the nation's IKM pooled over every respondent of its
 * halls (the regulation's formula over the region's answers), the mean of the halls' IKMs beside it (labelled: not the
 * regulation's), and each hall's own figures — optionally for the agencies of one kind only. From the rollups.
 */
import { bucketStarts, type Granularity } from '../../domain/granularity';
import { SKM_CODES } from '../../domain/instruments';
import { localDate, type DateRange } from '../../domain/periods';
import { CHANNELS, type Channel } from '../../domain/profile';
import { findRegion, regionLabel } from '../../domain/regions';
import type { Access } from '../../domain/roles';
import { ikmOfTallies, meanOfPublishedIkms, type MeanOfIkms } from '../../domain/skm';
import type { Db } from '../db/client';
import { figures, periodFigures, type Figures, type PeriodFigures } from '../indicators/indicators';
import { groupFigures, type RollupScope } from '../indicators/rollup-tallies';
import { agenciesOfKind, findAgencyKind } from './agency-kinds';
import { canReadRegion, hallsInReach, type HallListItem } from './halls';

/** A region by its official code (province "53", kabupaten/kota "53.71"), or the nation. */
export type RegionScope = { type: 'region'; code: string } | { type: 'nation' };

export interface RegionIndicatorQuery extends Partial<DateRange> {
	scope: RegionScope;
	granularity: Granularity;
	/** Only the agencies of this kind (catalogue code) in the region's halls. */
	agencyKind?: string;
	/** Each hall's IKM per bucket (a sparkline) and respondents per channel too (the halls page; two more grouped reads). */
	hallDetail?: boolean;
}

/** What the halls page shows of each hall beyond its figures. */
interface HallDetail {
	/** The IKM of each bucket of the period, in order (null where undefined). */
	spark: (number | null)[];
	/** Respondents per channel (kiosk, qr = phone-open, ticket = phone-ticket, import). */
	channels: Record<Channel, number>;
}

interface HallFigures extends Figures, Partial<HallDetail> {
	id: number;
	slug: string;
	name: string;
	regency: HallListItem['regency'];
	province: HallListItem['province'];
	archived: boolean;
}

export interface RegionIndicators extends PeriodFigures {
	scope: { type: 'region' | 'nation'; code: string | null; name: string };
	agencyKind: { code: string; nameId: string; nameEn: string } | null;
	/** How the headline IKM is computed: over every respondent of the region's halls (PermenPANRB 14/2017). */
	method: 'pooled';
	/** Beside it, not instead of it: the unweighted mean of the halls' published IKMs. */
	meanOfHalls: MeanOfIkms & { method: 'mean_of_halls' };
	halls: HallFigures[];
}

/** Why a region's indicators cannot be given: no such region or kind, or a region outside what the access reads. */
export type RegionRefusal = 'unknown_region' | 'unknown_agency_kind' | 'not_readable';

/**
 * The day a period without dates ends: today in WIB (Asia/Jakarta), the zone of national deadlines. Each hall's
 * figures stay in its own local days.
 */
export const NATIONAL_ZONE = 'Asia/Jakarta';

export async function computeRegionIndicators(db: Db, query: RegionIndicatorQuery, access: Access): Promise<RegionIndicators | RegionRefusal> {
	const code = query.scope.type === 'region' ? query.scope.code : undefined;
	const region = code === undefined ? null : findRegion(code);
	if (code !== undefined && !region) return 'unknown_region';
	if (!canReadRegion(access, code)) return 'not_readable';
	const kind = query.agencyKind === undefined ? null : await findAgencyKind(db, query.agencyKind);
	if (query.agencyKind !== undefined && !kind) return 'unknown_agency_kind';

	const today = localDate(new Date(), NATIONAL_ZONE);
	const range = { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today };
	const inRegion = await hallsInReach(db, access, code);
	const ofKind = kind ? await agenciesOfKind(db, kind.code, inRegion.map((h) => h.id)) : null;
	// With a kind: the halls that house an agency of it, and those agencies.
	const halls = ofKind ? inRegion.filter((hall) => ofKind.some((agency) => agency.mallId === hall.id)) : inRegion;
	const mallIds = halls.map((h) => h.id);
	const agencyIds = ofKind ? ofKind.map((a) => a.id) : null;
	// With a kind, its agencies; else the halls' own totals. An empty set reads nothing (and gives no figure).
	const scope: RollupScope = agencyIds ? { type: 'agencies', ids: agencyIds } : { type: 'malls', ids: mallIds };
	const empty = scope.ids.length === 0;
	const none = { tallies: [], counts: [] };
	const [buckets, perHall, perHallBucket, perHallChannel] = empty
		? [none, none, none, none]
		: await Promise.all([
				groupFigures(db, scope, range, { by: 'bucket', granularity: query.granularity }),
				groupFigures(db, scope, range, { by: 'mall' }),
				query.hallDetail ? groupFigures(db, scope, range, { by: 'mall', granularity: query.granularity }) : none,
				query.hallDetail ? groupFigures(db, scope, range, { by: 'mall-channel' }) : none
			]);
	const starts = bucketStarts(range.from, range.to, query.granularity);
	const detailOf = (key: string): HallDetail => ({
		spark: starts.map((start) => ikmOfTallies(perHallBucket.tallies.filter((t) => t.key === `${key}|${start}`), SKM_CODES).ikm),
		channels: Object.fromEntries(CHANNELS.map((channel) => [channel, perHallChannel.counts.find((c) => c.key === `${key}|${channel}`)?.respondents ?? 0])) as Record<Channel, number>
	});
	const hallFigures = halls.map((hall): HallFigures => {
		const key = String(hall.id);
		const result = ikmOfTallies(perHall.tallies.filter((t) => t.key === key), SKM_CODES);
		const respondents = perHall.counts.find((c) => c.key === key)?.respondents ?? 0;
		const own = { id: hall.id, slug: hall.slug, name: hall.name, regency: hall.regency, province: hall.province, archived: hall.archived, ...figures(result, respondents) };
		return query.hallDetail ? { ...own, ...detailOf(key) } : own;
	});
	const label = region ? regionLabel(region) : null;
	return {
		scope: { type: query.scope.type, code: label?.code ?? null, name: label?.name ?? 'Indonesia' },
		agencyKind: kind && { code: kind.code, nameId: kind.nameId, nameEn: kind.nameEn },
		method: 'pooled',
		...periodFigures(buckets, range, query.granularity),
		meanOfHalls: { ...meanOfPublishedIkms(hallFigures.map((h) => h.ikm)), method: 'mean_of_halls' },
		halls: hallFigures
	};
}
