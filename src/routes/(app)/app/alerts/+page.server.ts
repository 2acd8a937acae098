import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { canAdminister } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { acknowledgeAlert, AlertIdSchema, evaluateNow, listAlerts } from '$lib/server/alerts/alerts';
import { createRule, deleteRule, listRules, RuleFormSchema, RuleIdSchema, setRuleEnabled, WINDOW_UNITS } from '$lib/server/alerts/rules';
import { formFields, invalidFields } from '$lib/server/follow-up/form-fields';
import { readableAgencies, readableCounters } from '$lib/server/follow-up/scope';
import { mallTimeZone } from '$lib/server/organization/queries';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const [alerts, rules, agencies, counters, timeZone] = await Promise.all([
		listAlerts(db, access),
		listRules(db, access),
		readableAgencies(db, access),
		readableCounters(db, access),
		mallTimeZone(db, access.mallId)
	]);
	return {
		...alerts,
		rules,
		agencies,
		counters,
		timeZone,
		windowUnits: Object.keys(WINDOW_UNITS) as (keyof typeof WINDOW_UNITS)[],
		canAct: access.role !== 'evaluator',
		isAdmin: canAdminister(access),
		saved: url.searchParams.get('saved'),
		raised: url.searchParams.get('raised')
	};
};

/** Back to the page (303, so a reload does not send the form again) with what happened. */
const back = (notice: string, anchor = '', extra = ''): never => redirect(303, `/app/alerts?saved=${notice}${extra}${anchor}`);

export const actions: Actions = {
	acknowledge: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const parsed = v.safeParse(AlertIdSchema, formFields(await request.formData()));
		if (!parsed.success) return fail(400, { action: 'acknowledge' as const, invalid: ['id'] });
		const acknowledged = await acknowledgeAlert(await getDb(), access, parsed.output.id);
		back(acknowledged ? 'acknowledged' : 'already_acknowledged');
	},

	checkNow: async ({ locals }) => {
		const { access } = signedIn(locals);
		const result = await evaluateNow(await getDb(), access);
		back(result.skipped ? 'check_busy' : 'checked', '', `&raised=${result.raised.length}`);
	},

	createRule: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const fields = formFields(await request.formData());
		const parsed = v.safeParse(RuleFormSchema, fields);
		if (!parsed.success) return fail(400, { action: 'createRule' as const, invalid: invalidFields(parsed.issues), values: fields });
		// Only admins may cover every agency; others must pick one (or a counter).
		if (parsed.output.agency === '' && parsed.output.counter === '' && !canAdminister(access)) {
			return fail(400, { action: 'createRule' as const, invalid: ['agency'], values: fields });
		}
		const created = await createRule(await getDb(), access, parsed.output);
		if ('invalid' in created) return fail(400, { action: 'createRule' as const, invalid: created.invalid, values: fields });
		back('rule_created', `#rule-${created.id}`);
	},

	setEnabled: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const parsed = v.safeParse(v.object({ ...RuleIdSchema.entries, enabled: v.picklist(['true', 'false']) }), formFields(await request.formData()));
		if (!parsed.success) return fail(400, { action: 'setEnabled' as const, invalid: ['id'] });
		await setRuleEnabled(await getDb(), access, parsed.output.id, parsed.output.enabled === 'true');
		back('rule_updated', `#rule-${parsed.output.id}`);
	},

	deleteRule: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const parsed = v.safeParse(RuleIdSchema, formFields(await request.formData()));
		if (!parsed.success) return fail(400, { action: 'deleteRule' as const, invalid: ['id'] });
		await deleteRule(await getDb(), access, parsed.output.id);
		back('rule_deleted', '#rules');
	}
};
