/**
 * The shape of what tablets and phones send, checked at the edge with valibot. Unknown fields are refused, so
 * nothing like a name, NIK or phone number can ride along in a response.
 */
import * as v from 'valibot';
import { AGE_BANDS, EDUCATIONS, MAX_COMMENT_LENGTH, OCCUPATIONS, RESPONSE_STATUSES, SEXES } from '../../domain/profile';
import { idNumber, instantText, storable, text, uuidText } from '../values';

/** Most items in one POST. */
const MAX_BATCH_ITEMS = 500;

const positiveInt = idNumber();
const countOf = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const uuid = uuidText();
const timestamp = instantText();

export const ResponseItemSchema = v.strictObject({
	id: uuid,
	/** The device's sequence number for this response (1, 2, 3 … per tablet). */
	seq: positiveInt,
	counterId: positiveInt,
	/** The service actually received; defaults to the counter's service. */
	serviceId: v.optional(positiveInt),
	instrument: v.strictObject({ code: text(40), version: positiveInt }),
	submittedAt: timestamp,
	status: v.picklist(RESPONSE_STATUSES),
	answers: v.pipe(v.array(v.nullable(v.picklist([1, 2, 3, 4], 'must be 1, 2, 3, 4 or null (skipped)'))), v.minLength(1), v.maxLength(50)),
	reasons: v.optional(v.pipe(v.array(text(40)), v.maxLength(20))),
	profile: v.optional(
		v.strictObject({
			sex: v.optional(v.nullable(v.picklist(SEXES))),
			ageBand: v.optional(v.nullable(v.picklist(AGE_BANDS, `must be an age band (${AGE_BANDS.join(', ')}), never an exact age`))),
			education: v.optional(v.nullable(v.picklist(EDUCATIONS))),
			occupation: v.optional(v.nullable(v.picklist(OCCUPATIONS)))
		})
	),
	comment: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`), storable())))
});
export type ResponseItem = v.InferOutput<typeof ResponseItemSchema>;

export const SuppressedItemSchema = v.strictObject({ id: uuid, counterId: positiveInt, at: timestamp });

/** The envelope: items are checked one by one later, so one bad item never blocks the rest. */
export const BatchSchema = v.strictObject({
	items: v.pipe(v.array(v.unknown()), v.maxLength(MAX_BATCH_ITEMS, `at most ${MAX_BATCH_ITEMS} items per request`)),
	suppressed: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(MAX_BATCH_ITEMS))),
	/** What the tablet's outbox holds besides this batch (device health on the dashboard). */
	outbox: v.optional(v.strictObject({ pending: countOf, held: countOf }))
});

export interface FieldError {
	field: string;
	message: string;
}

/** valibot issues as "field: message" pairs (e.g. `profile.ageBand`), worded for people. */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
	return issues.map((issue) => {
		const field = issue.path?.map((p) => String(p.key)).join('.') || '(body)';
		let message = issue.message;
		if (issue.kind === 'schema' && message.startsWith('Invalid key')) {
			message = issue.expected === 'never' ? 'is not an allowed field' : 'is required';
		}
		return { field, message };
	});
}
