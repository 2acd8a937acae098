/**
 * A moment as people at the mall read it: in the mall's time zone, with the zone named ("14.05 WITA").
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

export function formatTime(at: Date | string, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(BCP47[locale] ?? locale, { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(at));
}
