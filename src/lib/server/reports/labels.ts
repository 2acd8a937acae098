/**
 * Labels of the Laporan SKM documents (PDF, XLSX, CSV codebook). The report is a formal document that units publish
 * in Bahasa Indonesia (PermenPANRB 14/2017), so its text is Indonesian whatever the reader's interface language.
 */
import type { Channel } from '../../domain/profile';
import type { ScopeType } from '../../domain/scope';
import type { ProfileField } from './queries';

const SCOPE_LABELS: Record<Exclude<ScopeType, 'mall'>, string> = { agency: 'Instansi', service: 'Layanan', counter: 'Loket' };

/** The unit as a document names it ("Instansi …", "Layanan …", "Loket …"); the mall by its name as stored, which already says what it is. */
export function unitTitle(scope: { type: ScopeType; name: string }): string {
	return scope.type === 'mall' ? scope.name : `${SCOPE_LABELS[scope.type]} ${scope.name}`;
}

/** The mall's name to print beside the unit's, or null when the unit is the mall (its name is then printed once). */
export function mallBesideUnit(identity: { mall: string; scope: { type: ScopeType } }): string | null {
	return identity.scope.type === 'mall' ? null : identity.mall;
}

export const PROFILE_LABELS: Record<ProfileField, string> = {
	sex: 'Jenis kelamin',
	age_band: 'Usia',
	education: 'Pendidikan',
	occupation: 'Pekerjaan'
};

const SEX_LABELS: Record<string, string> = { L: 'Laki-laki', P: 'Perempuan' };

/** A profile value as the report prints it ("L" → "Laki-laki"; not given → "Tidak diisi"). */
export function profileValueLabel(field: ProfileField, value: string | null): string {
	if (value === null) return 'Tidak diisi';
	return field === 'sex' ? (SEX_LABELS[value] ?? value) : value;
}

/** How a response was given, as the report names its channels. */
export const CHANNEL_LABELS: Record<Channel, string> = {
	kiosk: 'Tablet di loket',
	qr: 'Ponsel, kode QR loket (terbuka)',
	ticket: 'Ponsel, tiket sekali pakai',
	import: 'Impor data historis'
};

export const STATUS_LABELS: Record<string, string> = {
	planned: 'Direncanakan',
	in_progress: 'Berjalan',
	done: 'Selesai',
	cancelled: 'Dibatalkan'
};

const number = (decimals: number) => new Intl.NumberFormat('id-ID', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
const DECIMALS = new Map([2, 3, 4].map((d) => [d, number(d)]));

/** A figure in Indonesian notation (87,65), or "–" when undefined. */
export function idNumber(value: number | null, decimals = 2): string {
	if (value === null) return '–';
	return (DECIMALS.get(decimals) ?? number(decimals)).format(value);
}

/** An instant as the mall reads it ("28 Nov 2026, 21.12 WITA"), in the mall's zone. */
export function idDateTime(iso: string, timeZone: string): string {
	const format = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
	// Intl may separate with narrow no-break spaces, which the PDF's standard fonts cannot print.
	return format.format(new Date(iso)).replace(/[\u202f\u00a0]/g, ' ');
}

/** A day as a letter dates it ("2 Desember 2026"), in the mall's zone. */
export function idLongDate(at: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
}
