/**
 * Request bodies of the v1 API, checked at the edge (valibot) and described in the OpenAPI document from the
 * same schemas. (Responses are batched items — see ../responses/schema.ts; indicators' query — ../indicators.)
 */
import * as v from 'valibot';
import { SURVEY_MODES } from '../../domain/profile';
import { ROLES } from '../../domain/roles';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords';

export const PairRequestSchema = v.strictObject({
	code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6 digits of the pairing code')),
	installationId: v.pipe(v.string(), v.uuid('must be a UUID')),
	name: v.optional(v.pipe(v.string(), v.maxLength(80)))
});

export const CreatePairingCodeSchema = v.strictObject({ counter: v.pipe(v.string(), v.minLength(1), v.maxLength(40)) });

export const PatchCounterSchema = v.strictObject({
	surveyMode: v.optional(v.picklist(SURVEY_MODES)),
	minIntervalSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)))
});

export const KioskPinSchema = v.strictObject({ pin: v.pipe(v.string(), v.regex(/^\d{4,8}$/, 'must be 4 to 8 digits')) });

export const QrResponseSchema = v.strictObject({
	/** The poster's path after /s/: "DKP-01" or "mall-slug/DKP-01". */
	path: v.pipe(v.string(), v.maxLength(120)),
	item: v.unknown()
});

export const CreateUserSchema = v.strictObject({
	email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254, 'must be at most 254 characters'), v.email('must be an email address')),
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(120, 'must be at most 120 characters')),
	role: v.picklist(ROLES, `must be one of ${ROLES.join(', ')}`),
	password: v.pipe(v.string(), v.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`), v.maxLength(200)),
	/** A manager's agencies by code (at least one); not allowed for other roles. */
	agencies: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(40))), v.maxLength(100))),
	/** The mall's slug; needed only when an installation-wide token serves several malls. */
	mall: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(80)))
});

/** A queue system's monthly totals: one row per service and month (an existing month is replaced). */
export const VolumesRequestSchema = v.strictObject({
	/** The mall's slug; needed only with an installation-wide token. */
	mall: v.optional(v.pipe(v.string(), v.maxLength(100))),
	volumes: v.pipe(
		v.array(
			v.strictObject({
				service: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(64)),
				month: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM')),
				served: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0), v.maxValue(10_000_000)),
				servedOnline: v.optional(v.nullable(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0), v.maxValue(10_000_000))))
			})
		),
		v.minLength(1, 'must hold at least one row'),
		v.maxLength(5000, 'must hold at most 5 000 rows')
	)
});
