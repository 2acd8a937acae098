import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canCheckIntegrity } from '$lib/domain/integrity';
import type { Access } from '$lib/domain/roles';
import { localDate } from '$lib/domain/periods';
import { signedIn } from '$lib/server/access/page-access';
import { actorOf } from '$lib/server/audit/audit';
import { getDb } from '$lib/server/db';
import { formValues, readForm, refuse, saved } from '$lib/server/forms/read-form';
import { scopeOptions } from '$lib/server/indicators/dashboard';
import { readScopePeriod } from '$lib/server/indicators/query-params';
import { checkIntegrity, reviewRaisedFlag } from '$lib/server/integrity/checks';
import { ReviewFormSchema } from '$lib/server/integrity/reviews';
import { mallTimeZone } from '$lib/server/organization/queries';

/** Admins and evaluators only: managers run the counters the checks look at (403). */
function refuseManagers(access: Access): void {
	if (!canCheckIntegrity(access.role)) error(403, { message: 'admins and evaluators only', code: 'forbidden' });
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	refuseManagers(access);
	const db = await getDb();
	const timeZone = await mallTimeZone(db, access.mallId);
	const today = localDate(new Date(), timeZone);
	const { scope, period, errors } = readScopePeriod(url.searchParams, { scope: { type: 'mall', id: access.mallId }, today });
	const options = (await scopeOptions(db, access, scope)).filter((o) => o.type === 'mall' || o.type === 'agency');
	// The hall or one of its agencies; any other unit, or another hall's, is a 404 (ids cannot be probed).
	if (!options.some((o) => o.type === scope.type && o.id === scope.id)) error(404, { message: 'not found', code: 'not_found' });
	const { report } = await checkIntegrity(db, access, { from: period.from, to: period.to, unit: scope.type === 'agency' ? { type: 'agency', id: scope.id } : null });
	return { report, options, scopeKey: `${scope.type}-${scope.id}`, period, errors, timeZone };
};

export const actions: Actions = {
	review: async ({ locals, request, url }) => {
		const { access, user } = signedIn(locals);
		refuseManagers(access);
		const raw = formValues(await request.formData(), ['key', 'note']);
		const parsed = readForm(ReviewFormSchema, raw);
		if ('problems' in parsed) return refuse('review', parsed.problems, { values: raw });
		const result = await reviewRaisedFlag(await getDb(), access, actorOf(user), parsed.data.key, parsed.data.note);
		if (result !== 'reviewed') return refuse('review', { field: 'key', problem: result }, { values: raw, status: result === 'taken' ? 409 : 400 });
		saved(url, 'reviewed');
	}
};
