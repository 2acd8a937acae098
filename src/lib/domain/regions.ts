/**
 * Indonesia's provinces and kabupaten/kota with their official codes (Kepmendagri No 300.2.2-2138 Tahun 2025;
 * regions.json, shipped as data), and the three time zones a hall can keep: WIB, WITA, WIT.
 */
import data from './regions.json';

/** Asia/Jakarta (WIB, UTC+7), Asia/Makassar (WITA, UTC+8), Asia/Jayapura (WIT, UTC+9). */
export const HALL_TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type HallTimeZone = (typeof HALL_TIME_ZONES)[number];

export interface Province {
	/** Two digits: "53". */
	code: string;
	name: string;
	/** The zone of most of the province, offered first when a hall is set up there. */
	timeZone: HallTimeZone;
}

export interface Regency {
	/** Province code, a dot, two digits: "53.71". */
	code: string;
	/** As the Kepmendagri writes it: "Kota Kupang", "Kabupaten Kupang". */
	name: string;
	province: Province;
}

const PROVINCES: Province[] = data.provinces.map(({ code, name, timeZone }) => ({ code, name, timeZone: timeZone as HallTimeZone }));
const REGENCIES = new Map<string, Regency>(
	data.provinces.flatMap((p, i) => p.regencies.map((r) => [r.code, { code: r.code, name: r.name, province: PROVINCES[i]! }] as const))
);

/** The provinces by code. */
export function listProvinces(): readonly Province[] {
	return PROVINCES;
}

/** The kabupaten/kota of every province, grouped by province, by code. */
export function listRegencies(): readonly Regency[] {
	return [...REGENCIES.values()];
}

/** What a kabupaten/kota select offers: every province (an optgroup) with its kabupaten/kota, by code. */
export function regionChoices(): { code: string; name: string; regencies: { code: string; name: string }[] }[] {
	return data.provinces.map(({ code, name, regencies }) => ({ code, name, regencies: regencies.map((r) => ({ code: r.code, name: r.name })) }));
}

/** The kabupaten/kota of an official code ("53.71"), or null when no such code exists. */
export function findRegency(code: string): Regency | null {
	return REGENCIES.get(code.trim()) ?? null;
}

/** A hall's slug: lower-case words of letters and digits joined by single hyphens ("mpp-kota-kupang"), 3–60 long. */
export const HALL_SLUG = /^(?=.{3,60}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isHallTimeZone(zone: string): zone is HallTimeZone {
	return (HALL_TIME_ZONES as readonly string[]).includes(zone);
}

/** A region an evaluator or a figure is scoped to: a province ("53") or a kabupaten/kota ("53.71"). */
export type Region = { kind: 'province'; province: Province } | { kind: 'regency'; regency: Regency };

/** The province or kabupaten/kota of an official code, or null when no such code exists. */
export function findRegion(code: string): Region | null {
	const trimmed = code.trim();
	if (/^\d{2}$/.test(trimmed)) {
		const province = PROVINCES.find((p) => p.code === trimmed);
		return province ? { kind: 'province', province } : null;
	}
	const regency = findRegency(trimmed);
	return regency ? { kind: 'regency', regency } : null;
}

/** The region's code and name ("53", "Nusa Tenggara Timur"; "53.71", "Kota Kupang"). */
export function regionLabel(region: Region): { code: string; name: string } {
	return region.kind === 'province' ? { code: region.province.code, name: region.province.name } : { code: region.regency.code, name: region.regency.name };
}

/**
 * Whether a hall of kabupaten/kota `hallRegion` lies in `region` (a province or kabupaten/kota code). A hall whose
 * kabupaten/kota is not recorded lies in no region, only in the nation.
 */
export function hallInRegion(hallRegion: string | null, region: string): boolean {
	if (hallRegion === null) return false;
	return hallRegion === region || hallRegion.startsWith(`${region}.`);
}
