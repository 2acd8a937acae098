/**
 * A moment as people at the mall read it: date and time in the mall's zone ("2 Mar 2026 10.00 WITA").
 * Shared by the comments, follow-up and alerts pages (a candidate for $lib/format.ts).
 */
const BCP47: Record<string, string> = { id: 'id-ID', en: 'en-GB' };

export function formatDateTime(at: Date | string, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(BCP47[locale] ?? locale, {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone,
		timeZoneName: 'short'
	}).format(new Date(at));
}

/** A calendar date (YYYY-MM-DD, no time of day) as "30 April 2026". */
export function formatCalendarDate(date: string, locale: string): string {
	return new Intl.DateTimeFormat(BCP47[locale] ?? locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${date}T00:00:00Z`)
	);
}
