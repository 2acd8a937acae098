/**
 * Request bodies of the v1 API, checked at the edge (valibot) and described in the OpenAPI document from the
 * same schemas. (Responses are batched items — see ../responses/schema.ts; indicators' query — ../indicators.)
 */
import * as v from 'valibot';
import { PHONE_CHANNELS, SURVEY_MODES } from '../../domain/profile';
import { API_TOKEN_KINDS } from '../db/schema/access';
import { findRegency, HALL_SLUG, HALL_TIME_ZONES } from '../../domain/regions';
import { ROLES } from '../../domain/roles';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE } from '../auth/passwords';
import { storable, text, uuidText } from '../values';

/** A new hall with its first admin (an installation operator's call: `npm run mall:create`). */
export const CreateMallSchema = v.strictObject({
	slug: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(HALL_SLUG, 'must be 3–60 lower-case letters, digits and single hyphens, e.g. mpp-kota-kupang')),
	name: v.pipe(text(200), v.trim(), v.minLength(1, 'is required')),
	shortName: v.optional(v.pipe(text(60), v.trim())),
	timeZone: v.picklist(HALL_TIME_ZONES, `must be one of ${HALL_TIME_ZONES.join(', ')} (WIB, WITA, WIT)`),
	region: v.pipe(
		v.string(),
		v.trim(),
		v.check((code) => findRegency(code) !== null, 'must be the official code of a kabupaten/kota, e.g. 53.71 (Kota Kupang)'),
		v.description('Kepmendagri code of the kabupaten/kota ("53.71"); its first two digits name the province')
	),
	admin: v.strictObject({
		email: v.pipe(v.string(), storable(), v.trim(), v.toLowerCase(), v.maxLength(254, 'must be at most 254 characters'), v.email('must be an email address')),
		name: v.optional(v.pipe(text(120), v.trim(), v.minLength(1, 'is required'))),
		password: v.optional(
			v.pipe(
				v.string(),
				storable(),
				v.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`),
				v.maxLength(200),
				v.description('Left out: a strong random password is made and returned once in the answer')
			)
		)
	})
});

export const PairRequestSchema = v.strictObject({
	code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6 digits of the pairing code')),
	installationId: uuidText(),
	name: v.optional(text(80))
});

export const CreatePairingCodeSchema = v.strictObject({ counter: v.pipe(text(40), v.minLength(1, 'is required')) });

export const PatchCounterSchema = v.pipe(
	v.strictObject({
		surveyMode: v.optional(v.picklist(SURVEY_MODES)),
		minIntervalSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
		/** open: anyone with the counter's QR code rates; ticket: only with an unused one-time ticket. */
		phoneChannel: v.optional(v.picklist(PHONE_CHANNELS, `must be one of ${PHONE_CHANNELS.join(', ')}`))
	}),
	v.check(
		(change) => change.surveyMode !== undefined || change.minIntervalSeconds !== undefined || change.phoneChannel !== undefined,
		'give surveyMode, minIntervalSeconds, phoneChannel or a combination'
	)
);

export const KioskPinSchema = v.strictObject({ pin: v.pipe(v.string(), v.regex(/^\d{4,8}$/, 'must be 4 to 8 digits')) });

export const QrResponseSchema = v.strictObject({
	/** The poster's path after /s/: "DKP-01" or "mall-slug/DKP-01". */
	path: text(120),
	item: v.unknown(),
	/** The one-time ticket's code (the survey URL's `?t=`): the response is channel 'ticket' and uses it up. */
	ticket: v.optional(v.pipe(text(64), v.description('The one-time ticket code from the survey URL (?t=…); the rating then uses the ticket up')))
});

export const CreateUserSchema = v.strictObject({
	email: v.pipe(v.string(), storable(), v.trim(), v.toLowerCase(), v.maxLength(254, 'must be at most 254 characters'), v.email('must be an email address')),
	name: v.pipe(v.string(), storable(), v.trim(), v.minLength(1, 'is required'), v.maxLength(120, 'must be at most 120 characters')),
	role: v.picklist(ROLES, `must be one of ${ROLES.join(', ')}`),
	password: v.pipe(
		v.string(),
		storable(),
		v.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`),
		v.maxLength(200),
		v.description(`At least ${MIN_PASSWORD_LENGTH} characters and hard to guess: the server scores it with zxcvbn (a score of ${MIN_PASSWORD_SCORE} of 4 is needed, counting the account's email and name and the product's words as known) and answers 400 password_too_weak otherwise`)
	),
	/** A manager's agencies by code (at least one); not allowed for other roles. */
	agencies: v.optional(v.pipe(v.array(v.pipe(text(40), v.minLength(1))), v.maxLength(100))),
	/** The mall's slug; needed only when an installation-wide token serves several malls. */
	mall: v.optional(v.pipe(text(80), v.minLength(1))),
	/**
	 * An evaluator across halls: "nation", or a province (53) or kabupaten/kota (53.71) code; such accounts, and
	 * operators, belong to no hall and are created by operators only.
	 */
	region: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^(nation|\d{2}(\.\d{2})?)$/, 'must be nation, a province code (53) or a kabupaten/kota code (53.71)'),
			v.description('Only for an evaluator across halls, created by an operator: nation, a province code (53) or a kabupaten/kota code (53.71)')
		)
	)
});

/** A new API token: what it is for (shown in the token list), and optionally the one mall it serves. */
export const CreateApiTokenSchema = v.strictObject({
	label: v.pipe(text(200), v.trim(), v.minLength(1, 'is required')),
	mall: v.optional(v.pipe(text(80), v.minLength(1))),
	/**
	 * admin (default): the admin API; integration: only POST /api/v1/tickets, for one hall; evaluator: reads the figures
	 * of its hall, or of a region or the nation (`region`); operator: reads every hall and creates halls.
	 */
	kind: v.optional(v.picklist(API_TOKEN_KINDS, `must be one of ${API_TOKEN_KINDS.join(', ')}`), 'admin'),
	/** An evaluator token across halls (an operator creates it): nation, or a province or kabupaten/kota code. */
	region: v.optional(v.pipe(v.string(), v.regex(/^(nation|\d{2}(\.\d{2})?)$/, 'must be nation, a province code (53) or a kabupaten/kota code (53.71)')))
});

/** A queue system's monthly totals: one row per service and month (an existing month is replaced). */
export const VolumesRequestSchema = v.strictObject({
	/** The mall's slug; needed only when an installation-wide token serves several malls. */
	mall: v.optional(v.pipe(text(100), v.minLength(1))),
	volumes: v.pipe(
		v.array(
			v.strictObject({
				service: v.pipe(text(64), v.minLength(1, 'is required')),
				month: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM')),
				served: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0), v.maxValue(10_000_000)),
				servedOnline: v.optional(v.nullable(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0), v.maxValue(10_000_000))))
			})
		),
		v.minLength(1, 'must hold at least one row'),
		v.maxLength(5000, 'must hold at most 5 000 rows')
	)
});
