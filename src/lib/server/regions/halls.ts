/**
 * The halls an access may read: its own hall, the halls of its region (a province or kabupaten/kota), or every hall
 * of the installation — with each hall's kabupaten/kota and province.
 */
import { asc, sql } from 'drizzle-orm';
import { findRegency, findRegion, hallInRegion, listProvinces, regionLabel } from '../../domain/regions';
import { canReachMall, type Access } from '../../domain/roles';
import type { Db } from '../db/client';
import { malls } from '../db/schema';

export interface HallListItem {
	id: number;
	slug: string;
	name: string;
	shortName: string | null;
	city: string;
	/** The kabupaten/kota (null when not recorded) and its province. */
	regency: { code: string; name: string } | null;
	province: { code: string; name: string } | null;
	timeZone: string;
	archived: boolean;
}

/**
 * The halls `access` reaches, by province, kabupaten/kota and name; only those inside `region` (a province or
 * kabupaten/kota code) when it is given.
 */
export async function hallsInReach(db: Db, access: Access, region?: string): Promise<HallListItem[]> {
	const rows = await db
		.select({
			id: malls.id,
			slug: malls.slug,
			name: malls.name,
			shortName: malls.shortName,
			city: malls.city,
			regionCode: malls.regionCode,
			timeZone: malls.timeZone,
			archived: sql<boolean>`${malls.archivedAt} is not null`
		})
		.from(malls)
		.orderBy(asc(malls.regionCode), asc(malls.name), asc(malls.id));
	return rows
		.filter((row) => canReachMall(access, row) && (region === undefined || hallInRegion(row.regionCode, region)))
		.map((row) => {
			const regency = row.regionCode ? findRegency(row.regionCode) : null;
			return {
				id: row.id,
				slug: row.slug,
				name: row.name,
				shortName: row.shortName,
				city: row.city,
				regency: regency && { code: regency.code, name: regency.name },
				province: regency && { code: regency.province.code, name: regency.province.name },
				timeZone: row.timeZone,
				archived: Boolean(row.archived)
			};
		});
}

/** Whether `access` may read the figures of `region` (a province or kabupaten/kota code; undefined: the nation). */
export function canReadRegion(access: Access, region: string | undefined): boolean {
	if (access.mallId !== null) return false; // a hall's own users read their hall
	if (access.region === undefined) return true; // the nation reads every region
	return region !== undefined && (region === access.region || region.startsWith(`${access.region}.`));
}

/** A region a reader may pick: "nation", "region-53", "region-53.71"; depth 0 nation, 1 province, 2 kabupaten/kota. */
export interface RegionOption {
	key: string;
	code: string | null;
	name: string;
	depth: number;
}

/**
 * The regions a reader across halls may pick, widest first: the nation and every province for a reader of the nation,
 * its own region otherwise, each province followed by its kabupaten/kota that have a hall (from `halls`).
 */
export function regionOptions(access: Access, halls: readonly HallListItem[]): RegionOption[] {
	const regencies = new Map<string, { code: string; name: string }>();
	for (const hall of halls) if (hall.regency) regencies.set(hall.regency.code, hall.regency);
	const regenciesOf = (province: string) =>
		[...regencies.values()].filter((r) => r.code.startsWith(`${province}.`)).sort((a, b) => a.code.localeCompare(b.code)).map((r) => ({ key: `region-${r.code}`, code: r.code, name: r.name, depth: 2 }));
	if (access.region === undefined) {
		return [
			{ key: 'nation', code: null, name: 'Indonesia', depth: 0 },
			...listProvinces().flatMap((p) => [{ key: `region-${p.code}`, code: p.code, name: p.name, depth: 1 }, ...regenciesOf(p.code)])
		];
	}
	const own = findRegion(access.region);
	if (!own) return [];
	const label = regionLabel(own);
	return own.kind === 'province' ? [{ key: `region-${label.code}`, code: label.code, name: label.name, depth: 1 }, ...regenciesOf(label.code)] : [{ key: `region-${label.code}`, code: label.code, name: label.name, depth: 2 }];
}
