/**
 * The valibot schemas of Puas's basic values — ids, calendar dates, instants, UUIDs, text PostgreSQL can store — built
 * on the one rule of each in $lib/domain/values. Every API body, query and form uses these, so an id above 2³¹ − 1,
 * a 30 February or a NUL byte is a 400 naming the field, never a database error.
 */
import * as v from 'valibot';
import { isCalendarDate, isUuid, MAX_ID, parseId, parseInstant, unstorableText } from '../domain/values';

// Each schema states its rule twice over: valibot's own action (so the OpenAPI document says "integer", "date",
// "uuid") and the domain's check, which is the rule — e.g. valibot's isoDate alone takes 2025-02-30. The pipe stops
// at the first failure, so a bad value gets one message.
const firstIssue = <S extends v.GenericSchema>(schema: S) => v.config(schema, { abortPipeEarly: true });

/** An id given as text (path, query, form field) → its number. */
export const idText = (message = `must be a positive whole number up to ${MAX_ID}`) =>
	firstIssue(v.pipe(
		v.string(message),
		v.trim(),
		v.regex(/^[1-9]\d{0,9}$/, message),
		v.check((text) => parseId(text) !== null, message),
		v.transform((text) => parseId(text)!)
	));

/** An id given as a JSON number. */
export const idNumber = (message = `must be a whole number from 1 to ${MAX_ID}`) =>
	firstIssue(v.pipe(v.number(message), v.integer(message), v.minValue(1, message), v.maxValue(MAX_ID, message)));

/** A date YYYY-MM-DD that exists, given as text. */
export const calendarDate = (message = 'must be a date YYYY-MM-DD that exists') =>
	firstIssue(v.pipe(v.string(message), v.trim(), v.isoDate(message), v.check((text: string) => isCalendarDate(text), message)));

/** An instant in ISO 8601 with a time zone whose date and time exist (kept as the text that was sent). */
export const instantText = (message = 'must be an ISO 8601 timestamp with a time zone, of a date and time that exist') =>
	firstIssue(v.pipe(v.string(message), v.isoTimestamp(message), v.check((text) => parseInstant(text) !== null, message)));

export const uuidText = (message = 'must be a UUID') => firstIssue(v.pipe(v.string(message), v.uuid(message), v.check((text: string) => isUuid(text), message)));

const UNSTORABLE = {
	nul: 'must not contain the character U+0000 (NUL)',
	lone_surrogate: 'must not contain an unpaired UTF-16 surrogate (not a character)'
} as const;

/** Text PostgreSQL can store: no NUL and no unpaired surrogate (the message names which). */
export const storable = () =>
	v.rawCheck<string>(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		const problem = unstorableText(dataset.value);
		if (problem) addIssue({ message: UNSTORABLE[problem] });
	});

/** A string of at most `max` characters that PostgreSQL can store. */
export const text = (max: number, message = `must be at most ${max} characters`) =>
	v.pipe(v.string(), v.maxLength(max, message), storable());
