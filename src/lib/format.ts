/**
 * Numbers and dates as the reader's locale writes them: "88,31" in Bahasa Indonesia, "88.31" in English.
 */
import type { Kinerja } from './domain/skm';
import { m } from './paraglide/messages';

const BCP47: Record<string, string> = { id: 'id-ID', en: 'en-GB' };

/** A figure already rounded to 2 decimals, printed with exactly 2 (88,30 not 88,3). */
export function formatScore(value: number, locale: string): string {
	return new Intl.NumberFormat(BCP47[locale] ?? locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A number with exactly `digits` decimals (the calculation trail shows 4). */
export function formatDecimal(value: number, digits: number, locale: string): string {
	return new Intl.NumberFormat(BCP47[locale] ?? locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A signed change, e.g. "+1,23" or "−0,50". */
export function formatChange(value: number, locale: string): string {
	const text = formatScore(Math.abs(value), locale);
	return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

export function formatCount(value: number, locale: string): string {
	return new Intl.NumberFormat(BCP47[locale] ?? locale).format(value);
}

/** A date in the mall's time zone, e.g. "1 Januari 2026". */
export function formatDate(at: Date, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(BCP47[locale] ?? locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
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
