/**
 * Reading form and query values at the edge (valibot): ids and dates that PostgreSQL will accept, a form's fields
 * as strings, and the names of the fields that failed — the pages word the message for each field.
 */
import * as v from 'valibot';

/** A form or query value that is an id: a positive whole number that fits PostgreSQL's integer. */
export const idField = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^[1-9]\d{0,9}$/),
	v.transform(Number),
	v.maxValue(2_147_483_647)
);

/** A calendar date YYYY-MM-DD between 2000 and 2100 (wider would only be a typo). */
export const dateField = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^(20\d\d|2100)-\d{2}-\d{2}$/),
	v.check((value) => {
		const at = Date.parse(`${value}T00:00:00Z`);
		return !Number.isNaN(at) && new Date(at).toISOString().startsWith(value);
	})
);

/** A form's fields as strings (files and repeated names are not used by these forms). */
export function formFields(form: FormData): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string' && !(key in fields)) fields[key] = value;
	return fields;
}

/** The names of the fields valibot found wrong, first path segment only, each once. */
export function invalidFields(issues: readonly v.BaseIssue<unknown>[]): string[] {
	return [...new Set(issues.map((issue) => String(issue.path?.[0]?.key ?? 'form')))];
}
