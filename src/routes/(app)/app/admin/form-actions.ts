/**
 * What every settings action shares: the admin check, reading a form against a valibot schema whose messages are
 * problem codes, a 400 that names the field, and the 303 back to the page after a change.
 */
import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { parseId } from '$lib/domain/values';
import { assertCanAdminister, signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import type { Problem } from './problems';

/** The signed-in admin and their mall (the hooks already answer 403 to others; this is the second lock). */
export async function adminOf(locals: App.Locals) {
	const { user, access } = signedIn(locals);
	assertCanAdminister(access);
	return { db: await getDb(), mallId: access.mallId, userId: user.id, access };
}

/** The named fields of a form as strings (null when absent); `many` fields as every value sent (checkboxes). */
export function fieldsOf(form: FormData, names: readonly string[], many: readonly string[] = []) {
	const raw: Record<string, string | string[] | null> = {};
	for (const name of names) {
		const value = form.get(name);
		raw[name] = typeof value === 'string' ? value : null;
	}
	for (const name of many) raw[name] = form.getAll(name).filter((value): value is string => typeof value === 'string');
	return raw;
}

export interface FieldProblem {
	field: string;
	problem: Problem;
	/** The length or value the input missed (maximum length, minimum length). */
	limit?: number;
}

/** The form's fields checked against `schema`, or the first field that failed and why. */
export function parseForm<const S extends v.GenericSchema>(schema: S, raw: unknown): { data: v.InferOutput<S> } | FieldProblem {
	const parsed = v.safeParse(schema, raw);
	if (parsed.success) return { data: parsed.output };
	const issue = parsed.issues[0];
	const field = issue.path?.[0] ? String(issue.path[0].key) : 'form';
	const limit = typeof issue.requirement === 'number' ? issue.requirement : undefined;
	return { field, problem: issue.message as Problem, ...(limit === undefined ? {} : { limit }) };
}

/**
 * A 400 the page shows beside the form that was sent: `action` and `id` say which form (a page has one per row),
 * `values` what was typed, so nothing has to be entered again (never a password).
 */
export function invalid(action: string, problem: FieldProblem, extra: { id?: number; values?: Record<string, unknown> } = {}) {
	const values: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(extra.values ?? {})) {
		if (name !== 'password' && (typeof value === 'string' || Array.isArray(value))) values[name] = value as string | string[];
	}
	return fail(400, { action, id: extra.id ?? null, field: problem.field, problem: problem.problem, limit: problem.limit ?? null, values });
}

/** Back to the page after a change (303, so reloading does not send the form again), with a notice and the row. */
export function saved(url: URL, notice: string, anchor?: string): never {
	redirect(303, `${url.pathname}?saved=${notice}${anchor ? `#${anchor}` : ''}`);
}

/** The row a per-row form was about (its hidden id field), to show a refusal beside that row. */
export function rowIdOf(value: unknown): number | undefined {
	return typeof value === 'string' ? (parseId(value) ?? undefined) : undefined;
}
