/**
 * The one way a form action reads its form: the named fields as strings, checked against a valibot schema whose
 * messages are problem codes ($lib/forms/problems), and a refusal as a 400 that names each field and keeps what was
 * typed — or, after a change, the 303 back to the page with a notice.
 */
import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { parseId } from '$lib/domain/values';
import { PROBLEMS, type FieldProblem, type Failure, type Problem } from '$lib/forms/problems';

/** The named fields of a form as strings (null when absent); `many` fields as every value sent (checkboxes). */
export function formValues(form: FormData, names: readonly string[], many: readonly string[] = []) {
	const raw: Record<string, string | string[] | null> = {};
	for (const name of names) {
		const value = form.get(name);
		raw[name] = typeof value === 'string' ? value : null;
	}
	for (const name of many) raw[name] = form.getAll(name).filter((value): value is string => typeof value === 'string');
	return raw;
}

/**
 * A schema message is a problem code, optionally with the bounds the value missed: "range:0:3600". A message that
 * is no code (valibot's own) is "invalid".
 */
function problemOf(field: string, issue: v.BaseIssue<unknown>): FieldProblem {
	const [code = '', ...bounds] = issue.message.split(':');
	if (!(PROBLEMS as readonly string[]).includes(code)) return { field, problem: 'invalid' };
	const problem = code as Problem;
	const [min, max] = bounds;
	const bound = typeof issue.requirement === 'number' ? issue.requirement : undefined;
	const found: FieldProblem = { field, problem };
	if (min !== undefined) found.min = Number(min);
	if (max !== undefined) found.max = Number(max);
	if (min === undefined && bound !== undefined) {
		if (problem === 'too_short') found.min = bound;
		else found.max = bound;
	}
	return found;
}

/** The form's fields checked against `schema`: the data, or each field that failed (its first problem) in form order. */
export function readForm<const S extends v.GenericSchema>(schema: S, raw: unknown): { data: v.InferOutput<S> } | { problems: FieldProblem[] } {
	const parsed = v.safeParse(schema, raw);
	if (parsed.success) return { data: parsed.output };
	const problems = new Map<string, FieldProblem>();
	for (const issue of parsed.issues) {
		const field = issue.path?.[0] ? String(issue.path[0].key) : 'form';
		if (!problems.has(field)) problems.set(field, problemOf(field, issue));
	}
	return { problems: [...problems.values()] };
}

/**
 * A 400 the page shows beside the form that was sent: `action` says which form and `id` which row (a page has a
 * form per row), `values` what was typed, so nothing has to be entered again (never a password); `detail` what the
 * page needs to say more (the complaint a response was already marked as).
 */
export function refuse(
	action: string,
	problems: FieldProblem | FieldProblem[],
	extra: { id?: number | null; values?: Record<string, unknown>; status?: 400 | 409 | 429; detail?: Record<string, string | number> } = {}
) {
	const values: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(extra.values ?? {})) {
		if (!/password|^current$|^next$/i.test(name) && (typeof value === 'string' || Array.isArray(value))) values[name] = value as string | string[];
	}
	const failure: Failure = { action, id: extra.id ?? null, problems: Array.isArray(problems) ? problems : [problems], values };
	return fail(extra.status ?? 400, { ...failure, ...extra.detail });
}

/** Back to the page after a change (303, so reloading does not send the form again), with a notice and the row. */
export function saved(url: URL, notice: string, anchor?: string): never {
	redirect(303, `${url.pathname}?saved=${notice}${anchor ? `#${anchor}` : ''}`);
}

/** The row a per-row form was about (its hidden id field), to show a refusal beside that row. */
export function rowIdOf(value: unknown): number | undefined {
	return typeof value === 'string' ? (parseId(value) ?? undefined) : undefined;
}
