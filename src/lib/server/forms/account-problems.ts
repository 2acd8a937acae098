/**
 * A refusal of the accounts module (auth/users) as the field and problem a form shows: the users page and the reset
 * page word an account's refusals the same way.
 */
import type { FieldProblem } from '$lib/forms/problems';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/passwords';
import type { UserProblem } from '$lib/server/auth/users';

export function accountProblem(refusal: UserProblem): FieldProblem {
	switch (refusal.error) {
		case 'email_taken':
			return { field: 'email', problem: 'taken' };
		case 'password_too_short':
			return { field: 'password', problem: 'too_short', min: MIN_PASSWORD_LENGTH };
		case 'password_is_email':
			return { field: 'password', problem: 'is_email' };
		case 'password_too_weak':
			return { field: 'password', problem: 'too_weak', min: refusal.score };
		case 'agency_required':
			return { field: 'agencies', problem: 'agency_required' };
		case 'unknown_agency':
			return { field: 'agencies', problem: 'not_found' };
		case 'hall_required':
			return { field: 'mall', problem: 'required' };
		case 'no_hall_for_operator':
		case 'region_only_for_evaluators':
			return { field: refusal.field, problem: 'not_allowed' };
		case 'unknown_region':
			return { field: 'region', problem: 'not_found' };
	}
}
