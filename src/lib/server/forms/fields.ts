/**
 * The forms' fields as valibot schemas, one per kind of value. Each message is a problem code ($lib/forms/problems),
 * so the page can say in the reader's language which field is wrong and why. Ids and dates are the same rule as
 * everywhere at the edge ($lib/server/values).
 */
import * as v from 'valibot';
import { MAX_INTERVAL_SECONDS, MAX_TICKET_TTL_HOURS, PHONE_CHANNELS, SURVEY_MODES } from '$lib/domain/profile';
import { MAX_SHEET_TICKETS } from '$lib/domain/tickets';
import { API_TOKEN_KINDS } from '$lib/server/db/schema/access';
import { isValidNip } from '$lib/domain/nip';
import { minutesOf } from '$lib/domain/opening-hours';
import { findRegency, HALL_SLUG, HALL_TIME_ZONES } from '$lib/domain/regions';
import { HALL_ROLES } from '$lib/domain/roles';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { isValidPin } from '$lib/server/kiosk/pin';
import { calendarDate, idText, storable } from '$lib/server/values';

const required = () => v.string('required');

/** One of a select's options: nothing chosen is "required", anything else not offered is "invalid". */
const choice = <const T extends readonly [string, ...string[]]>(options: T) =>
	v.pipe(required(), v.minLength(1, 'required'), v.picklist(options, 'invalid'));

/** A row id from a hidden field, a select or a query: anything else cannot name a row, so it is "not found". */
export const id = v.pipe(required(), v.minLength(1, 'required'), idText('not_found'));

/** An id that may be left blank or out ('' = none chosen: every agency, every service …). */
export const optionalId = v.nullish(v.union([v.literal(''), id]), '');

/** A calendar date YYYY-MM-DD between 2000 and 2100 that exists. */
export const date = v.pipe(required(), v.minLength(1, 'required'), calendarDate('date'));

/** Required text, trimmed, at most `max` characters, that PostgreSQL can store. */
export const requiredText = (max: number) =>
	v.pipe(required(), v.trim(), v.minLength(1, 'required'), v.maxLength(max, 'too_long'), storable());

/** Text that may be left blank or out, trimmed, at most `max` characters. */
export const optionalText = (max: number) => v.nullish(v.pipe(v.string('invalid'), v.trim(), v.maxLength(max, 'too_long'), storable()), '');

export const name = requiredText(120);

/** What an API token is for, as its list shows it ("Sistem antrean", "Skrip laporan"). */
export const label = requiredText(200);

/** A lower-case code of `min`–`max` characters of the form `pattern` (trimmed, lower-cased first). */
const lowerCode = (min: number, max: number, pattern: RegExp) =>
	v.pipe(
		required(),
		v.trim(),
		v.toLowerCase(),
		v.minLength(1, 'required'),
		v.minLength(min, 'too_short'),
		v.maxLength(max, 'too_long'),
		v.regex(pattern, 'format')
	);

/** Agency and service codes: lower-case, e.g. "dukcapil", "sim-baru". */
export const slugCode = lowerCode(1, 40, /^[a-z0-9][a-z0-9-]*$/);

/** A code of the national agency-kind catalogue ("bpjs-kesehatan"): as the catalogue's check allows. */
export const agencyKindCode = lowerCode(2, 40, /^[a-z0-9]+(-[a-z0-9]+)*$/);

/** Counter codes: upper-case as printed at the counter and in its QR link, e.g. "DKP-01". */
export const counterCode = v.pipe(
	required(),
	v.trim(),
	v.toUpperCase(),
	v.minLength(1, 'required'),
	v.maxLength(40, 'too_long'),
	v.regex(/^[A-Z0-9][A-Z0-9-]*$/, 'format')
);

export const surveyMode = choice(SURVEY_MODES);

const intervalRange = `range:0:${MAX_INTERVAL_SECONDS}`;
export const minIntervalSeconds = v.pipe(
	required(),
	v.trim(),
	v.minLength(1, 'required'),
	v.regex(/^\d{1,4}$/, intervalRange),
	v.transform(Number),
	v.maxValue(MAX_INTERVAL_SECONDS, intervalRange)
);

export const freeChoice = v.pipe(choice(['yes', 'no']), v.transform((chosen) => chosen === 'yes'));

/** A counter's phone survey: open to its QR code, or only with a one-time ticket. */
export const phoneChannel = choice(PHONE_CHANNELS);

/** An API token's kind: the admin API, or a queue system's (tickets only). */
export const tokenKind = choice(API_TOKEN_KINDS);

/** A whole number from `min` to `max` typed in a field ("range:min:max" otherwise). */
const wholeNumber = (min: number, max: number) => {
	const range = `range:${min}:${max}`;
	return v.pipe(required(), v.trim(), v.minLength(1, 'required'), v.regex(/^\d{1,6}$/, range), v.transform(Number), v.minValue(min, range), v.maxValue(max, range));
};

/** How many hours a hall's one-time tickets stay usable. */
export const ticketTtlHours = wholeNumber(1, MAX_TICKET_TTL_HOURS);

/** How many one-time tickets one printed sheet holds. */
export const ticketCount = wholeNumber(1, MAX_SHEET_TICKETS);

export const email = v.pipe(required(), v.trim(), v.toLowerCase(), v.minLength(1, 'required'), v.maxLength(254, 'too_long'), v.email('format'));

/** A password being set: its strength is checked by the accounts module (passwordProblem), not here. */
export const newPassword = v.pipe(required(), v.minLength(1, 'required'), v.minLength(MIN_PASSWORD_LENGTH, 'too_short'), v.maxLength(200, 'too_long'));

/** A password being typed to sign in or confirm: present, and short enough to hash (older accounts may have long ones). */
export const password = v.pipe(required(), v.minLength(1, 'required'), v.maxLength(1000, 'too_long'));

/** A hall's roles (operators and evaluators across halls belong to no hall: an operator creates them). */
export const role = choice(HALL_ROLES);

/** Checked agencies (checkbox values are agency ids). */
export const agencyIds = v.array(id);

/** A hall's address in URLs and the CLI: lower-case words joined by hyphens, e.g. "mpp-kota-kupang". */
export const hallSlug = lowerCode(3, 60, HALL_SLUG);

/** WIB, WITA or WIT as its IANA zone. */
export const hallTimeZone = choice(HALL_TIME_ZONES);

/** A kabupaten/kota's official code ("53.71") that the reference list holds. */
export const regionCode = v.pipe(
	required(),
	v.trim(),
	v.minLength(1, 'required'),
	v.regex(/^\d{2}\.\d{2}$/, 'format'),
	v.check((code) => findRegency(code) !== null, 'not_found')
);

/** A civil servant's NIP: 18 digits that spell a birth date, an appointment month and a sex (blank: not given yet). */
export const optionalNip = v.nullish(v.pipe(v.string('invalid'), v.trim(), v.check((nip) => nip === '' || isValidNip(nip), 'format')), '');

/** The staff PIN of a hall's kiosks: 4 to 8 digits. */
export const kioskPin = v.pipe(required(), v.minLength(1, 'required'), v.check(isValidPin, 'format'));

/** A time of day "HH:MM" (00:00–23:59), or blank. */
export const optionalClockTime = v.nullish(v.pipe(v.string('invalid'), v.trim(), v.check((time) => time === '' || minutesOf(time) !== null, 'format')), '');
