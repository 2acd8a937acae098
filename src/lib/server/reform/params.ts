/**
 * The unit and year of a reform-sheet query (?scope=agency-3&year=2025): malformed values are named, not guessed.
 */
import { localDate } from '../../domain/periods';
import { parseId } from '../../domain/values';
import type { SheetScope } from './queries';

export function parseSheetScope(text: string | null): SheetScope | null {
	const match = text?.match(/^(mall|agency)-(\d+)$/);
	const id = parseId(match?.[2]);
	return match && id !== null ? ({ type: match[1], id } as SheetScope) : null;
}

/** The year asked for (2000 … this year), or null when malformed; this year when absent. */
export function parseSheetYear(text: string | null, timeZone: string, now = new Date()): number | null {
	const thisYear = Number(localDate(now, timeZone).slice(0, 4));
	if (text === null || text === '') return thisYear;
	if (!/^\d{4}$/.test(text)) return null;
	const year = Number(text);
	return year >= 2000 && year <= thisYear ? year : null;
}
