/**
 * What a valid id, calendar date, instant and stored text are — the one rule every schema, form and query parser of
 * Puas applies (valibot schemas built on these live in $lib/server/values). Pure functions, no I/O.
 */

/** Ids are PostgreSQL `integer` identities: 1 … 2³¹ − 1. Anything larger would fail in the database, not here. */
export const MAX_ID = 2_147_483_647;

/** Whether a number can be a row id. */
export function isId(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ID;
}

/** A row id from text (a path, a query value, a form field): digits only, no sign, no leading zero; null otherwise. */
export function parseId(text: string | null | undefined): number | null {
	if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text)) return null;
	const value = Number(text);
	return value <= MAX_ID ? value : null;
}

/** Dates Puas accepts: years 2000–2100 (anything wider is a typo in an SKM context). */
const DATE = /^(20\d\d|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `text` is a date YYYY-MM-DD that exists (2025-02-30 does not; JavaScript's Date would roll it to 03-02). */
export function isCalendarDate(text: unknown): text is string {
	if (typeof text !== 'string') return false;
	const match = DATE.exec(text);
	return !!match && Number(match[3]) <= daysInMonth(Number(match[1]), Number(match[2]));
}

/**
 * An instant in ISO 8601 with a zone, as devices send it ("2026-03-02T09:15:00.000+08:00", "…Z", "… +08"), whose date
 * and time exist (no 2025-02-30, no 24:00, no 13th month); the parsed Date, or null.
 */
export function parseInstant(text: unknown): Date | null {
	if (typeof text !== 'string' || text.length > 40) return null;
	const match = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z| ?[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)$/i.exec(text);
	if (!match || !isCalendarDate(match[1])) return null;
	const [, date, hours, minutes, seconds = '00', fraction = '', zone] = match as unknown as string[];
	const offset = zone!.trim().toUpperCase() === 'Z' ? 'Z' : zone!.trim().replace(/^([+-]\d\d):?(\d\d)?$/, (_, h: string, m = '00') => `${h}:${m}`);
	const at = new Date(`${date}T${hours}:${minutes}:${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`);
	return Number.isNaN(at.getTime()) ? null : at;
}

/** A UUID in its canonical 8-4-4-4-12 hex form (any version), as PostgreSQL's `uuid` type reads it. */
export function isUuid(text: unknown): text is string {
	return typeof text === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

/**
 * Why PostgreSQL would refuse to store `text`, or null: it has no U+0000 in `text` columns, and a lone UTF-16
 * surrogate (from a JSON escape such as "\ud800") is no character at all. Puas refuses such a field rather than
 * silently changing what was typed.
 */
export function unstorableText(text: string): 'nul' | 'lone_surrogate' | null {
	if (text.includes('\u0000')) return 'nul';
	if (!text.isWellFormed()) return 'lone_surrogate';
	return null;
}

/** A name given to us (an uploaded file's name): what PostgreSQL cannot store becomes U+FFFD rather than refusing it. */
export function storableName(text: string, maxLength: number): string {
	return storableString(text).slice(0, maxLength).toWellFormed();
}

const storableString = (text: string) => text.toWellFormed().replaceAll('\u0000', '\ufffd');

/**
 * A value to keep as jsonb whose strings quote what a file held (a preview's problems name the cell's text): what
 * PostgreSQL cannot store in jsonb becomes U+FFFD. Plain data only (objects, arrays, strings, numbers, booleans, null).
 */
export function storableJson<T>(value: T): T {
	if (typeof value === 'string') return storableString(value) as T;
	if (Array.isArray(value)) return value.map(storableJson) as T;
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableString(key), storableJson(item)])) as T;
	return value;
}
