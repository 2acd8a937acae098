/**
 * The settings forms' fields as valibot schemas. Each message is a problem code (see problems.ts), so the page can
 * say in the reader's language which field is wrong and why.
 */
import * as v from 'valibot';
import { SURVEY_MODES } from '$lib/domain/profile';
import { ROLES } from '$lib/domain/roles';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import { idText } from '$lib/server/values';
import { MAX_INTERVAL_SECONDS } from './problems';

const required = () => v.string('required');

/** One of a select's options: nothing chosen is "required", anything else not offered is "invalid". */
const choice = <const T extends readonly [string, ...string[]]>(options: T) =>
	v.pipe(required(), v.minLength(1, 'required'), v.picklist(options, 'invalid'));

/** A row id from a hidden field or a select; anything else cannot name a row, so it is "not found". */
export const id = v.pipe(required(), v.minLength(1, 'required'), idText('not_found'));

export const name = v.pipe(required(), v.trim(), v.minLength(1, 'required'), v.maxLength(120, 'too_long'));

/** What an API token is for, as its list shows it ("Sistem antrean", "Skrip laporan"). */
export const label = v.pipe(required(), v.trim(), v.minLength(1, 'required'), v.maxLength(200, 'too_long'));

/** Agency and service codes: lower-case, e.g. "dukcapil", "sim-baru". */
export const slugCode = v.pipe(
	required(),
	v.trim(),
	v.toLowerCase(),
	v.minLength(1, 'required'),
	v.maxLength(40, 'too_long'),
	v.regex(/^[a-z0-9][a-z0-9-]*$/, 'format')
);

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

export const minIntervalSeconds = v.pipe(
	required(),
	v.trim(),
	v.minLength(1, 'required'),
	v.regex(/^\d{1,4}$/, 'range'),
	v.transform(Number),
	v.maxValue(MAX_INTERVAL_SECONDS, 'range')
);

export const freeChoice = v.pipe(choice(['yes', 'no']), v.transform((chosen) => chosen === 'yes'));

export const email = v.pipe(required(), v.trim(), v.toLowerCase(), v.minLength(1, 'required'), v.maxLength(254, 'too_long'), v.email('format'));

export const password = v.pipe(required(), v.minLength(1, 'required'), v.minLength(MIN_PASSWORD_LENGTH, 'too_short'), v.maxLength(200, 'too_long'));

export const role = choice(ROLES);

/** Checked agencies (checkbox values are agency ids). */
export const agencyIds = v.array(id);
