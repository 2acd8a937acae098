/**
 * Survey answers are anonymous (UU 27/2022): a comment must not carry a phone number, NIK or e-mail address,
 * even when the citizen types one in. Names cannot be recognised reliably and are left to moderation.
 */

export const REDACTED = '[disamarkan]';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** A run of digits with optional spaces, dots, dashes or a leading +, e.g. "+62 812-3456-7890" or a 16-digit NIK. */
const DIGIT_RUN = /\+?\d[\d\s.\-/]*\d/g;

/** Dates such as 17-08-2025, 17/8/2025 or 2025-08-17 have 8 digits but identify nobody. */
const DATE = /^(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2})$/;

/** Mask e-mail addresses and any number of 8 or more digits (phone numbers, NIK, account numbers), dates aside. */
export function redactPersonalData(text: string): string {
	return text
		.replace(EMAIL, REDACTED)
		.replace(DIGIT_RUN, (run) => ((run.match(/\d/g)?.length ?? 0) >= 8 && !DATE.test(run) ? REDACTED : run));
}

/** Published tables hide any count below this (a small cell can point at one person). */
export const MIN_PUBLISHED_CELL = 5;

/** Counts for publication: a count from 1 to MIN_PUBLISHED_CELL − 1 becomes null ("fewer than 5"); 0 and larger counts stay. */
export function suppressSmallCells<T extends { count: number }>(cells: readonly T[], min = MIN_PUBLISHED_CELL): (Omit<T, 'count'> & { count: number | null })[] {
	return cells.map((cell) => ({ ...cell, count: cell.count > 0 && cell.count < min ? null : cell.count }));
}
