/**
 * Reading form and query values at the edge (valibot): ids and dates that PostgreSQL will accept, a form's fields
 * as strings, and the names of the fields that failed — the pages word the message for each field.
 */
import type * as v from 'valibot';
import { calendarDate, idText } from '../values';

/** A form or query value that is an id: a positive whole number that fits PostgreSQL's integer. */
export const idField = idText();

/** A calendar date YYYY-MM-DD between 2000 and 2100 that exists. */
export const dateField = calendarDate();

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
