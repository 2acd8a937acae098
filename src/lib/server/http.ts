/**
 * Reading request bodies at the edge: JSON parsed and checked against a valibot schema, or a 400 that names the
 * field.
 */
import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors } from './responses/schema';

/** The request's JSON body checked against `schema`; a 400 naming the fields otherwise. */
export async function readJson<const S extends v.GenericSchema>(request: Request, schema: S): Promise<v.InferOutput<S>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, { message: 'the body must be JSON', code: 'invalid_json' });
	}
	const parsed = v.safeParse(schema, body);
	if (!parsed.success) {
		const errors = fieldErrors(parsed.issues);
		error(400, { message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), code: 'invalid_body' });
	}
	return parsed.output;
}
