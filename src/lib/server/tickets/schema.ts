/**
 * The body of POST /api/v1/tickets (a queue system issuing one ticket for a citizen it has served), checked at the
 * edge and described in the OpenAPI document from this schema.
 */
import * as v from 'valibot';
import { MAX_QUEUE_NUMBER_LENGTH } from '../db/schema/tickets';
import { instantText, text } from '../values';

const code = (what: string) => v.pipe(text(40), v.trim(), v.minLength(1, 'is required'), v.description(what));

export const CreateTicketSchema = v.strictObject({
	counter: code('The counter’s code in the hall (e.g. DKP-01)'),
	service: v.optional(code('The service received, by its code; it must be a service of the counter’s agency (default: the counter’s)')),
	queueNumber: v.optional(v.pipe(text(MAX_QUEUE_NUMBER_LENGTH), v.trim(), v.minLength(1, 'must not be empty'), v.description('The queue number, e.g. A-017'))),
	issuedAt: v.optional(v.pipe(instantText(), v.description('When the queue ticket was taken (ISO 8601 with a zone)'))),
	calledAt: v.optional(v.pipe(instantText(), v.description('When the citizen was called to the counter; not before issuedAt'))),
	servedAt: v.optional(v.pipe(instantText(), v.description('When the service finished; not before calledAt (or issuedAt); none more than 5 minutes in the future')))
});

export type CreateTicketInput = v.InferOutput<typeof CreateTicketSchema>;
