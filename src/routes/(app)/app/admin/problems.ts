/**
 * Why a settings form was refused, in the reader's language and naming the field: "Kode sudah dipakai."
 */
import { m } from '$lib/paraglide/messages';

export const PROBLEMS = [
	'required',
	'too_long',
	'too_short',
	'format',
	'range',
	'taken',
	'not_found',
	'agency_required',
	'is_email',
	'too_weak',
	'self',
	'not_manager',
	'installation_token',
	'invalid'
] as const;
export type Problem = (typeof PROBLEMS)[number];

/** The most a counter may hold back a tablet between two stored submissions (seconds). */
export const MAX_INTERVAL_SECONDS = 3600;

const FIELDS: Record<string, () => string> = {
	code: m.admin_field_code,
	name: m.admin_field_name,
	agency: m.admin_field_agency,
	agencies: m.admin_field_agencies,
	service: m.admin_field_service,
	counter: m.admin_field_counter,
	free: m.admin_field_free,
	surveyMode: m.admin_field_survey_mode,
	minIntervalSeconds: m.admin_field_min_interval,
	email: m.admin_field_email,
	password: m.admin_field_password,
	role: m.admin_field_role,
	device: m.admin_field_device,
	user: m.admin_field_user,
	label: m.admin_field_token_label,
	token: m.admin_field_token
};

export function fieldLabel(field: string): string {
	return (FIELDS[field] ?? m.admin_field_form)();
}

/** One sentence that names the field and says what is wrong with it. */
export function problemText(failure: { field: string; problem: string; limit?: number | null }): string {
	const field = fieldLabel(failure.field);
	const limit = failure.limit ?? 0;
	switch (failure.problem as Problem) {
		case 'required':
			return m.admin_problem_required({ field });
		case 'too_long':
			return m.admin_problem_too_long({ field, max: limit });
		case 'too_short':
			return m.admin_problem_too_short({ field, min: limit });
		case 'format':
			return failure.field === 'email' ? m.admin_problem_format_email({ field }) : m.admin_problem_format_code({ field });
		case 'range':
			return m.admin_problem_range({ field, min: 0, max: MAX_INTERVAL_SECONDS });
		case 'taken':
			return m.admin_problem_taken({ field });
		case 'not_found':
			return m.admin_problem_not_found({ field });
		case 'agency_required':
			return m.admin_problem_agency_required();
		case 'is_email':
			return m.admin_problem_is_email();
		case 'too_weak':
			// For a password too easy to guess, `limit` carries the zxcvbn score it reached (0–4).
			return m.password_too_weak({ score: limit });
		case 'self':
			return m.admin_problem_self();
		case 'not_manager':
			return m.admin_problem_not_manager();
		case 'installation_token':
			return m.admin_problem_installation_token();
		default:
			return m.admin_problem_invalid({ field });
	}
}

/** What a refused settings form sends back (see form-actions.ts `invalid`). */
export interface Failure {
	action: string;
	id: number | null;
	field: string;
	problem: string;
	limit: number | null;
	values: Record<string, string | string[]>;
}

/** The failure of the form `action` (for row `id`), if the last submission was that form and it was refused. */
export function failureOf(form: unknown, action: string, id: number | null = null): Failure | null {
	if (!form || typeof form !== 'object' || !('problem' in form)) return null;
	const failure = form as Failure;
	return failure.action === action && (id === null || failure.id === id) ? failure : null;
}

/**
 * A refusal of a per-row form whose row the page does not show (it vanished meanwhile, or the id named no row of
 * the mall): shown on top, so no refusal goes unseen. `rows` lists, per action, the ids that have that form.
 */
export function strayFailure(form: unknown, rows: Record<string, readonly number[]>): Failure | null {
	const failure = form && typeof form === 'object' && 'problem' in form ? (form as Failure) : null;
	const ids = failure ? rows[failure.action] : undefined;
	if (!failure || !ids) return null;
	return failure.id === null || !ids.includes(failure.id) ? failure : null;
}

/** What was typed into a field of a refused form, to show it again. */
export function typed(failure: Failure | null, field: string, fallback = ''): string {
	const value = failure?.values[field];
	return typeof value === 'string' ? value : fallback;
}
