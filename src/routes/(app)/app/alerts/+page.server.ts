import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { canAdminister, readsOnly } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { acknowledgeAlert, AlertIdSchema, evaluateNow, listAlerts } from '$lib/server/alerts/alerts';
import { createRule, deleteRule, listRules, RuleFormSchema, RuleIdSchema, setRuleEnabled, WINDOW_UNITS } from '$lib/server/alerts/rules';
import { readableAgencies, readableCounters } from '$lib/server/access/agency-filter';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';
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
		canAct: !readsOnly(access),
		isAdmin: canAdminister(access),
		raised: url.searchParams.get('raised')
	};
};

const RuleSwitch = v.object({ ...RuleIdSchema.entries, enabled: v.picklist(['true', 'false']) });
const RULE_FIELDS = ['name', 'agency', 'counter', 'window', 'window_unit', 'threshold', 'min_responses'];

export const actions: Actions = {
	acknowledge: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const raw = formValues(await request.formData(), ['id']);
		const parsed = readForm(AlertIdSchema, raw);
		if ('problems' in parsed) return refuse('acknowledge', parsed.problems, { id: rowIdOf(raw.id) });
		const acknowledged = await acknowledgeAlert(await getDb(), access, parsed.data.id);
		saved(url, acknowledged ? 'acknowledged' : 'already_acknowledged');
	},

	checkNow: async ({ locals }) => {
		const { access } = signedIn(locals);
		const result = await evaluateNow(await getDb(), access);
		// Not `saved`: the notice also says how many alerts were raised.
		redirect(303, `/app/alerts?saved=${result.skipped ? 'check_busy' : 'checked'}&raised=${result.raised.length}`);
	},

	createRule: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const raw = formValues(await request.formData(), RULE_FIELDS);
		const parsed = readForm(RuleFormSchema, raw);
		if ('problems' in parsed) return refuse('createRule', parsed.problems, { values: raw });
		// Only admins may cover every agency; others must pick one (or a counter).
		if (parsed.data.agency === '' && parsed.data.counter === '' && !canAdminister(access)) {
			return refuse('createRule', { field: 'agency', problem: 'not_allowed' }, { values: raw });
		}
		const created = await createRule(await getDb(), access, parsed.data);
		if ('invalid' in created) {
			return refuse('createRule', created.invalid.map((field) => ({ field, problem: 'invalid' as const })), { values: raw });
		}
		saved(url, 'rule_created', `rule-${created.id}`);
	},

	setEnabled: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const raw = formValues(await request.formData(), ['id', 'enabled']);
		const parsed = readForm(RuleSwitch, raw);
		if ('problems' in parsed) return refuse('setEnabled', parsed.problems, { id: rowIdOf(raw.id) });
		await setRuleEnabled(await getDb(), access, parsed.data.id, parsed.data.enabled === 'true');
		saved(url, 'rule_updated', `rule-${parsed.data.id}`);
	},

	deleteRule: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const raw = formValues(await request.formData(), ['id']);
		const parsed = readForm(RuleIdSchema, raw);
		if ('problems' in parsed) return refuse('deleteRule', parsed.problems, { id: rowIdOf(raw.id) });
		await deleteRule(await getDb(), access, parsed.data.id);
		saved(url, 'rule_deleted', 'rules');
	}
};
