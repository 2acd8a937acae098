/**
 * The NIP (Nomor Induk Pegawai) of a civil servant, as PP 11/2017 and BKN write it: 18 digits — date of birth
 * (YYYYMMDD), month of appointment (TMT CPNS, YYYYMM), sex (1 man, 2 woman) and a three-digit sequence number.
 */

/** Whether `nip` is 18 digits whose birth date exists, whose appointment month is a month, and whose sex digit is 1 or 2. */
export function isValidNip(nip: string): boolean {
	const match = /^(\d{4})(\d{2})(\d{2})(\d{4})(\d{2})([12])(\d{3})$/.exec(nip);
	if (!match) return false;
	const [, year, month, day, appointedYear, appointedMonth] = match.map(Number) as number[];
	const born = new Date(Date.UTC(year!, month! - 1, day!));
	const bornExists = born.getUTCFullYear() === year && born.getUTCMonth() === month! - 1 && born.getUTCDate() === day;
	return bornExists && year! >= 1900 && appointedMonth! >= 1 && appointedMonth! <= 12 && appointedYear! > year!;
}
