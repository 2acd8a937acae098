/**
 * Why a form was refused, in the reader's language and naming the field: "Kode sudah dipakai." Every form of Puas
 * answers a refusal the same way (src/lib/server/forms/read-form.ts `refuse`) and every page shows it with
 * FormError; this module is the one place that words it.
 */
import { WEEKDAYS } from '$lib/domain/opening-hours';
import { formatWeekday } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export const PROBLEMS = [
	'required',
	'too_long',
	'too_short',
	'format',
	'date',
	'range',
	'taken',
	'not_found',
	'agency_required',
	'is_email',
	'too_weak',
	'wrong',
	'self',
	'last_admin',
	'disabled',
	'not_manager',
	'not_allowed',
	'rate_limited',
	'too_large',
	'too_few',
	'installation_token',
	'invalid'
] as const;
export type Problem = (typeof PROBLEMS)[number];

/** One field that was refused and why; `min`/`max` the bounds it missed (lengths, ranges, a password's score). */
export interface FieldProblem {
	field: string;
	problem: Problem;
	min?: number;
	max?: number;
}

/** What a refused form sends back: which form (`action`, and `id` for a per-row form), why, and what was typed. */
export interface Failure {
	action: string;
	id: number | null;
	problems: FieldProblem[];
	values: Record<string, string | string[]>;
}

/** The failure of the form `action` (for row `id`), if the last submission was that form and it was refused. */
export function failureOf(form: unknown, action: string, id: number | null = null): Failure | null {
	const failure = asFailure(form);
	return failure && failure.action === action && (id === null || failure.id === id) ? failure : null;
}

/** The failure of any of `actions` (forms that share one place on the page, e.g. enable and disable). */
export function failureOfAny(form: unknown, actions: readonly string[], id: number | null = null): Failure | null {
	for (const action of actions) {
		const failure = failureOf(form, action, id);
		if (failure) return failure;
	}
	return null;
}

/**
 * A refusal of a per-row form whose row the page does not show (it vanished meanwhile, or the id named no row of
 * the mall), or of a form the page has no place for: shown on top, so no refusal goes unseen. `rows` lists, per
 * action, the ids that have that form; `placed` the actions shown beside their own form.
 */
export function strayFailure(form: unknown, rows: Record<string, readonly number[]>, placed: readonly string[] = []): Failure | null {
	const failure = asFailure(form);
	if (!failure || placed.includes(failure.action)) return null;
	const ids = rows[failure.action];
	if (!ids) return placed.length > 0 ? failure : null;
	return failure.id === null || !ids.includes(failure.id) ? failure : null;
}

/** What was typed into a field of a refused form, to show it again. */
export function typed(failure: Failure | null, field: string, fallback = ''): string {
	const value = failure?.values[field];
	return typeof value === 'string' ? value : fallback;
}

/** The values checked in a refused form's checkboxes, or null when the form was not refused. */
export function typedAll(failure: Failure | null, field: string): string[] | null {
	const value = failure?.values[field];
	return Array.isArray(value) ? value : failure ? [] : null;
}

/** Whether the refusal names `field` (for aria-invalid). */
export function refused(failure: Failure | null, field: string): boolean {
	return !!failure?.problems.some((problem) => problem.field === field);
}

function asFailure(form: unknown): Failure | null {
	if (!form || typeof form !== 'object' || !('problems' in form) || !Array.isArray(form.problems)) return null;
	return form as Failure;
}

/** The names of fields as the forms label them; `form.field` is a field whose form labels it its own way. */
const FIELDS: Record<string, () => string> = {
	code: m.admin_field_code,
	nameId: m.kinds_field_name_id,
	nameEn: m.kinds_field_name_en,
	name: m.admin_field_name,
	agency: m.admin_field_agency,
	agencies: m.admin_field_agencies,
	service: m.admin_field_service,
	counter: m.admin_field_counter,
	free: m.admin_field_free,
	surveyMode: m.admin_field_survey_mode,
	minIntervalSeconds: m.admin_field_min_interval,
	phoneChannel: m.admin_field_phone_channel,
	kind: m.admin_field_token_kind,
	ticketTtlHours: m.mall_field_ticket_ttl,
	'printTickets.count': m.admin_field_ticket_count,
	email: m.admin_field_email,
	password: m.admin_field_password,
	role: m.admin_field_role,
	device: m.admin_field_device,
	user: m.admin_field_user,
	label: m.admin_field_token_label,
	token: m.admin_field_token,
	'finalize.reason': m.report_field_reason,
	current: m.account_current_password,
	next: m.account_new_password,
	'reset.password': m.account_new_password,
	'save.service': m.volume_column_service,
	month: m.volume_column_month,
	served: m.volume_column_served,
	served_online: m.volume_column_online,
	'setup.name': m.setup_field_name,
	'setup.shortName': m.setup_field_short_name,
	'setup.slug': m.setup_field_slug,
	'setup.timeZone': m.setup_field_time_zone,
	'setup.region': m.setup_field_region,
	'setup.adminName': m.setup_field_admin_name,
	'setup.adminEmail': m.setup_field_admin_email,
	'setup.adminPassword': m.setup_field_admin_password,
	'saveMall.name': m.setup_field_name,
	'saveMall.shortName': m.setup_field_short_name,
	'saveMall.address': m.mall_field_address,
	'saveMall.region': m.setup_field_region,
	'saveMall.headName': m.mall_field_head_name,
	'saveMall.headNip': m.mall_field_head_nip,
	'saveMall.timeZone': m.setup_field_time_zone,
	'setPin.pin': m.mall_field_pin,
	'setPin.pinAgain': m.mall_field_pin_again,
	'setLogo.file': m.mall_field_logo
};

/** The opening-hours form's sentences name the day: "Senin: jam tutup harus sesudah jam buka." */
function hoursSentence(day: number): (problem: FieldProblem) => string {
	return (problem) => {
		const name = formatWeekday(day, getLocale());
		if (problem.problem === 'required') return m.mall_hours_error_pair({ day: name });
		if (problem.problem === 'range') return m.mall_hours_error_order({ day: name });
		return m.mall_hours_error_format({ day: name });
	};
}
const HOURS_SENTENCES = Object.fromEntries(WEEKDAYS.flatMap((day) => [`saveHours.open${day}`, `saveHours.close${day}`].map((key) => [key, hoursSentence(day)])));

/**
 * Sentences written for one field of one form (`form.field`, whatever its problem: they say what the field takes),
 * or for one problem of it (`form.field.problem`).
 */
const SENTENCES: Record<string, (problem: FieldProblem) => string> = {
	'login.email': m.login_missing,
	'login.password': m.login_missing,
	'login.form.wrong': m.login_invalid,
	'login.form.rate_limited': m.login_rate_limited,
	'password.current.wrong': m.account_wrong_password,
	'password.next.too_short': m.account_password_too_short,
	'password.next.is_email': m.account_password_is_email,
	'recordOffline.note': m.reform_offline_error,
	'upload.service': m.import_error_service,
	'upload.period': m.import_error_period,
	'upload.file.required': m.import_error_file_empty,
	'upload.file.too_large': (problem) => m.import_error_file_too_large({ mb: String(problem.max ?? '') }),
	'commit.upload': m.import_error_upload,
	'commit.upload.invalid': m.import_error_invalid,
	'commit.upload.taken': m.import_error_already,
	'markComplaint.response': m.comments_bad_response,
	'publish.hash.too_few': (problem) => m.report_publish_too_few({ min: problem.min ?? 0 }),
	'review.note': m.integrity_error_note,
	'review.key': m.integrity_error_flag,
	'review.key.taken': m.integrity_error_taken,
	'publish.hash.not_allowed': m.report_publish_superseded,
	'finalize.period.range': m.report_finalize_not_ended,
	'finalize.period.too_few': m.report_finalize_empty,
	'finalize.reason.required': m.report_finalize_reason_required,
	'finalize.form.taken': m.report_finalize_concurrent,
	'save.service': m.volume_form_service,
	'save.month': m.volume_form_month,
	'save.month.range': m.volume_form_month_future,
	'save.served': m.volume_form_served,
	'save.served_online': m.volume_form_online,
	'followUp.action': m.followup_error_action,
	'followUp.owner': m.followup_error_owner,
	'followUp.due_date.range': m.followup_error_due_range,
	'followUp.due_date': m.followup_error_due_date,
	'followUp.agency': m.followup_error_agency,
	'followUp.unsur': m.followup_error_unsur,
	'setStatus.status': m.followup_error_status,
	'setStatus.id': m.followup_error_status,
	'innovation.name': m.innovation_error_name,
	'innovation.launch_date': m.innovation_error_launch,
	'innovation.evidence': m.innovation_error_evidence,
	'innovation.agency': m.innovation_error_agency,
	'innovation.service': m.innovation_error_service,
	'innovation.description': m.innovation_error_description,
	'createRule.name': m.alerts_error_name,
	'createRule.agency': m.alerts_error_agency,
	'createRule.counter': m.alerts_error_counter,
	'createRule.window': m.alerts_error_window,
	'createRule.window_unit': m.alerts_error_window,
	'createRule.threshold': m.alerts_error_threshold,
	'createRule.min_responses': m.alerts_error_min_responses,
	'saveMall.region': m.mall_error_region,
	'saveMall.headNip.format': m.mall_error_nip,
	'setPin.pin': m.mall_error_pin,
	'setPin.pinAgain': m.mall_error_pin_again,
	'setLogo.file.required': m.mall_logo_error_required,
	'setLogo.file.format': m.mall_logo_error_format,
	'setLogo.file.not_allowed': m.mall_logo_error_unsafe,
	'setLogo.file.too_large': (problem) => m.mall_logo_error_too_large({ kb: problem.max ?? 0 }),
	...HOURS_SENTENCES
};

/** What a form says about a field it has no sentence for (a hidden field the reader never typed). */
const FORM_FALLBACK: Record<string, () => string> = {
	followUp: m.followup_error_form,
	innovation: m.innovation_error_form,
	createRule: m.alerts_error_request,
	acknowledge: m.alerts_error_request,
	setEnabled: m.alerts_error_request,
	deleteRule: m.alerts_error_request
};

function fieldLabel(field: string, action?: string): string {
	return (FIELDS[`${action}.${field}`] ?? FIELDS[field] ?? m.admin_field_form)();
}

/** One sentence that names the field and says what is wrong with it. */
export function problemText(problem: FieldProblem, action = ''): string {
	const sentence = SENTENCES[`${action}.${problem.field}.${problem.problem}`] ?? SENTENCES[`${action}.${problem.field}`];
	if (sentence) return sentence(problem);
	const known = `${action}.${problem.field}` in FIELDS || problem.field in FIELDS;
	if (!known && FORM_FALLBACK[action]) return FORM_FALLBACK[action]();
	const field = fieldLabel(problem.field, action);
	const { min = 0, max = 0 } = problem;
	switch (problem.problem) {
		case 'required':
			return m.admin_problem_required({ field });
		case 'too_long':
			return m.admin_problem_too_long({ field, max });
		case 'too_short':
			return m.admin_problem_too_short({ field, min });
		case 'format':
			return problem.field === 'email' ? m.admin_problem_format_email({ field }) : m.admin_problem_format_code({ field });
		case 'date':
			return m.form_problem_date({ field });
		case 'range':
			return m.admin_problem_range({ field, min, max });
		case 'taken':
			return m.admin_problem_taken({ field });
		case 'not_found':
			return m.admin_problem_not_found({ field });
		case 'agency_required':
			return m.admin_problem_agency_required();
		case 'is_email':
			return m.admin_problem_is_email();
		case 'too_weak':
			// For a password too easy to guess, `min` carries the zxcvbn score it reached (0–4).
			return m.password_too_weak({ score: min });
		case 'wrong':
			return m.form_problem_wrong({ field });
		case 'self':
			return m.admin_problem_self();
		case 'last_admin':
			return m.admin_problem_last_admin({ field });
		case 'disabled':
			return m.admin_problem_disabled({ field });
		case 'not_manager':
			return m.admin_problem_not_manager();
		case 'not_allowed':
			return m.form_problem_not_allowed({ field });
		case 'rate_limited':
			return m.login_rate_limited();
		case 'installation_token':
			return m.admin_problem_installation_token();
		default:
			return m.admin_problem_invalid({ field });
	}
}
