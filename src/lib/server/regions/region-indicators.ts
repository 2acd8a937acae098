/**
 * Indicators across halls: a province's, a kabupaten/kota's or the nation's IKM pooled over every respondent of its
 * halls (the regulation's formula over the region's answers), the mean of the halls' IKMs beside it (labelled: not the
 * regulation's), and each hall's own figures — optionally for the agencies of one kind only. From the rollups.
 */
import { bucketEnd, bucketStarts, type Granularity } from '../../domain/granularity';
import { SKM_CODES } from '../../domain/instruments';
import { localDate, type DateRange } from '../../domain/periods';
import { CHANNELS, type Channel } from '../../domain/profile';
import { findRegion, regionLabel } from '../../domain/regions';
import type { Access } from '../../domain/roles';
import { ikmOfTallies, meanOfPublishedIkms, type MeanOfIkms } from '../../domain/skm';
import type { Db } from '../db/client';
import { figures, periodFigures, type Figures, type PeriodFigures } from '../indicators/indicators';
import { figuresByGroupings, type GroupFigures, type Grouping, type RollupScope, type TallyRow } from '../indicators/rollup-tallies';
import type { SampleAdequacy } from '../../domain/sampling';
import { coversWholePeriod, hallsSampleAdequacy, type PeriodRespondents } from '../volumes/sample-adequacy';
import { agenciesOfKind, findAgencyKind } from './agency-kinds';
import { canReadRegion, hallsInReach, type HallListItem } from './halls';

/** A region by its official code (province "53", kabupaten/kota "53.71"), or the nation. */
export type RegionScope = { type: 'region'; code: string } | { type: 'nation' };

export interface RegionIndicatorQuery extends Partial<DateRange> {
	scope: RegionScope;
	granularity: Granularity;
	/** Only the agencies of this kind (catalogue code) in the region's halls. */
	agencyKind?: string;
	/**
	 * Each hall's IKM per bucket (a sparkline), respondents per channel, sample adequacy and response rate too (the
	 * halls page: more grouping sets of the same read, and the halls' service volumes read beside it).
	 */
	hallDetail?: boolean;
	/** The moment "today" is taken at in each hall's zone (the months whose volumes count); now by default. */
	now?: Date;
}

/** What the halls page shows of each hall beyond its figures. */
interface HallDetail {
	/** The IKM of each bucket of the period, in order (null where undefined). */
	spark: (number | null)[];
	/** Respondents per channel (kiosk, qr = phone-open, ticket = phone-ticket, import). */
	channels: Record<Channel, number>;
	/** Krejcie–Morgan adequacy against the hall's recorded service volumes, as on its own dashboard. */
	sample: SampleAdequacy;
	/** Respondents ÷ citizens served over the months the volumes cover (null while unknown). */
	responseRate: number | null;
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

/** Tally rows by their group key. */
function byKey(rows: readonly TallyRow[]): Map<string, TallyRow[]> {
	const out = new Map<string, TallyRow[]>();
	for (const row of rows) {
		const list = out.get(row.key);
		if (list) list.push(row);
		else out.set(row.key, [row]);
	}
	return out;
}

export async function computeRegionIndicators(db: Db, query: RegionIndicatorQuery, access: Access): Promise<RegionIndicators | RegionRefusal> {
	const code = query.scope.type === 'region' ? query.scope.code : undefined;
	const region = code === undefined ? null : findRegion(code);
	if (code !== undefined && !region) return 'unknown_region';
	if (!canReadRegion(access, code)) return 'not_readable';
	const [kind, inRegion] = await Promise.all([query.agencyKind === undefined ? null : findAgencyKind(db, query.agencyKind), hallsInReach(db, access, code)]);
	if (query.agencyKind !== undefined && !kind) return 'unknown_agency_kind';

	const today = localDate(new Date(), NATIONAL_ZONE);
	const range = { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today };
	const ofKind = kind ? await agenciesOfKind(db, kind.code, inRegion.map((h) => h.id)) : null;
	// With a kind: the halls that house an agency of it, and those agencies.
	const withKind = ofKind && new Set(ofKind.map((agency) => agency.mallId));
	const halls = withKind ? inRegion.filter((hall) => withKind.has(hall.id)) : inRegion;
	const mallIds = halls.map((h) => h.id);
	const agencyIds = ofKind ? ofKind.map((a) => a.id) : null;
	// With a kind, its agencies; else the halls' own totals. An empty set reads nothing (and gives no figure).
	const scope: RollupScope = agencyIds ? { type: 'agencies', ids: agencyIds } : { type: 'malls', ids: mallIds };
	const empty = scope.ids.length === 0;
	// A hall's volumes count whole months ended in its own zone; a period partly ended needs its monthly respondents.
	const now = query.now ?? new Date();
	const todays = new Map(halls.map((hall) => [hall.id, localDate(now, hall.timeZone)]));
	const byMonth = query.hallDetail === true && query.granularity !== 'month' && halls.some((hall) => !coversWholePeriod(range, todays.get(hall.id)!));
	const groupings: Grouping[] = [
		{ by: 'bucket', granularity: query.granularity },
		{ by: 'mall' },
		...(query.hallDetail ? [{ by: 'mall', granularity: query.granularity } as const, { by: 'mall-channel' } as const] : []),
		...(byMonth ? [{ by: 'mall', granularity: 'month' } as const] : [])
	];
	// One read of the rollup rows for every grouping (an empty set reads nothing and gives no figure), the volumes beside it.
	const none: GroupFigures = { tallies: [], counts: [] };
	const [read, adequacyOf] = await Promise.all([
		empty ? [] : figuresByGroupings(db, scope, range, groupings),
		query.hallDetail ? hallsSampleAdequacy(db, scope, halls.map((hall) => ({ id: hall.id, today: todays.get(hall.id)! })), range) : null
	]);
	const [buckets = none, perHall = none, perHallBucket = none, perHallChannel = none, perHallMonth = query.granularity === 'month' ? perHallBucket : none] = read;
	const talliesOf = byKey(perHall.tallies);
	const respondentsOf = new Map(perHall.counts.map((c) => [c.key, c.respondents]));
	const starts = bucketStarts(range.from, range.to, query.granularity);
	const months = bucketStarts(range.from, range.to, 'month');
	const sparkTallies = byKey(perHallBucket.tallies);
	const channelRespondents = new Map(perHallChannel.counts.map((c) => [c.key, c.respondents]));
	const monthRespondents = new Map(perHallMonth.counts.map((c) => [c.key, c.respondents]));
	const periodRespondents = (key: string): PeriodRespondents => ({
		respondents: respondentsOf.get(key) ?? 0,
		series: months.map((start) => {
			const end = bucketEnd(start, 'month');
			return { from: start < range.from ? range.from : start, to: end > range.to ? range.to : end, respondents: monthRespondents.get(`${key}|${start}`) ?? 0 };
		})
	});
	const detailOf = (hallId: number, key: string): HallDetail => {
		const { adequacy, responseRate } = adequacyOf!(hallId, periodRespondents(key));
		return {
			spark: starts.map((start) => ikmOfTallies(sparkTallies.get(`${key}|${start}`) ?? [], SKM_CODES).ikm),
			channels: Object.fromEntries(CHANNELS.map((channel) => [channel, channelRespondents.get(`${key}|${channel}`) ?? 0])) as Record<Channel, number>,
			sample: adequacy,
			responseRate
		};
	};
	const hallFigures = halls.map((hall): HallFigures => {
		const key = String(hall.id);
		const result = ikmOfTallies(talliesOf.get(key) ?? [], SKM_CODES);
		const own = { id: hall.id, slug: hall.slug, name: hall.name, regency: hall.regency, province: hall.province, archived: hall.archived, ...figures(result, respondentsOf.get(key) ?? 0) };
		return query.hallDetail ? { ...own, ...detailOf(hall.id, key) } : own;
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
