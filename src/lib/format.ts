/**
 * Numbers and dates as the reader's locale writes them: "88,31" in Bahasa Indonesia, "88.31" in English.
 */
import type { Kinerja } from './domain/skm';
import { m } from './paraglide/messages';
import type { Role } from '$lib/domain/roles';

const BCP47: Record<string, string> = { id: 'id-ID', en: 'en-GB' };

// Building an Intl formatter costs far more than formatting with one (a dashboard page prints thousands of numbers):
// each locale × options is built once. Formatters hold no state between calls, so sharing them changes nothing.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Keys are locales × options × time zones, a small set; the bound only keeps an odd caller from growing it. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
	if (cache.size >= 256) cache.clear();
	cache.set(key, value);
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = numberFormats.get(key);
	if (!format) remember(numberFormats, key, (format = new Intl.NumberFormat(BCP47[locale] ?? locale, options)));
	return format;
}

/** A cached date formatter of the locale (the reader's `id`/`en` or a BCP 47 tag) and options. */
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = dateFormats.get(key);
	if (!format) remember(dateFormats, key, (format = new Intl.DateTimeFormat(BCP47[locale] ?? locale, options)));
	return format;
}

/** A figure already rounded to 2 decimals, printed with exactly 2 (88,30 not 88,3). */
export function formatScore(value: number, locale: string): string {
	return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A number with exactly `digits` decimals (the calculation trail shows 4). */
export function formatDecimal(value: number, digits: number, locale: string): string {
	return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A signed change, e.g. "+1,23" or "−0,50". */
export function formatChange(value: number, locale: string): string {
	const text = formatScore(Math.abs(value), locale);
	return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

export function formatCount(value: number, locale: string): string {
	return numberFormat(locale).format(value);
}

/** A date in the mall's time zone, e.g. "1 Januari 2026". */
export function formatDate(at: Date, locale: string, timeZone: string): string {
	return dateFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
}

/** An ISO weekday (1 = Monday … 7 = Sunday) by name: "Senin", "Monday". */
export function formatWeekday(day: number, locale: string): string {
	// 1 January 2024 was a Monday.
	return dateFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
}

/** A hall's time zone as people name it: "WITA (Asia/Makassar, UTC+8)". */
export function hallZoneLabel(zone: string): string {
	const labels: Record<string, () => string> = { 'Asia/Jakarta': m.setup_zone_wib, 'Asia/Makassar': m.setup_zone_wita, 'Asia/Jayapura': m.setup_zone_wit };
	return labels[zone]?.() ?? zone;
}

/** A role's name in the reader's language. */
export function roleLabel(role: Role): string {
	switch (role) {
		case 'operator':
			return m.role_operator();
		case 'admin':
			return m.role_admin();
		case 'manager':
			return m.role_manager();
		case 'evaluator':
			return m.role_evaluator();
	}
}

/** The kinerja label of the 2017 table in the reader's language. */
export function kinerjaLabel(kinerja: Kinerja): string {
	switch (kinerja) {
		case 'Sangat baik':
			return m.kinerja_sangat_baik();
		case 'Baik':
			return m.kinerja_baik();
		case 'Kurang baik':
			return m.kinerja_kurang_baik();
		case 'Tidak baik':
			return m.kinerja_tidak_baik();
	}
}

/** A moment as people at the mall read it: in the mall's zone, with the zone named ("2 Mar 2026 10.00 WITA"). */
export function formatDateTime(at: Date | string, locale: string, timeZone: string): string {
	return dateFormat(locale, {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone,
		timeZoneName: 'short'
	}).format(new Date(at));
}

/** A time of day in the mall's zone ("14.05 WITA"). */
export function formatTime(at: Date | string, locale: string, timeZone: string): string {
	return dateFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(at));
}

/** A calendar date (YYYY-MM-DD, no time of day) as "30 April 2026". */
export function formatCalendarDate(date: string, locale: string): string {
	return dateFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
