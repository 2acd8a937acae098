/**
 * Alert rules: "a counter's mean answer over the last N minutes below X, with at least k responses". A rule covers
 * one counter, the counters of one agency, or (admins only) every counter of the mall.
 */
import { error } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { canActOnAgency, canAdminister, type Access } from '../../domain/roles';
import { executePrepared, type Db } from '../db/client';
import { agencies, alertRules, counters } from '../db/schema';
import { assertCanAct, assertCanAdminister, type MallAccess } from '../access/page-access';
import * as fields from '../forms/fields';
import { agencyCondition } from '../access/agency-filter';

const MIN_WINDOW_MINUTES = 5;
const MAX_WINDOW_MINUTES = 525_600;
export const WINDOW_UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
export type WindowUnit = keyof typeof WINDOW_UNITS;

const wholeNumber = v.pipe(v.string(), v.trim(), v.regex(/^\d{1,7}$/), v.transform(Number));

/** The new-rule form. `agency` blank = every agency of the mall; the window is a number and a unit. */
export const RuleFormSchema = v.pipe(
	v.object({
		name: fields.requiredText(200),
		agency: fields.optionalId,
		counter: fields.optionalId,
		window: v.pipe(wholeNumber, v.minValue(1)),
		window_unit: v.picklist(Object.keys(WINDOW_UNITS) as WindowUnit[]),
		// "3,5" (Indonesian) or "3.5"
		threshold: v.pipe(
			v.string(),
			v.trim(),
			v.regex(/^\d(?:[.,]\d{1,2})?$/),
			v.transform((text) => Number(text.replace(',', '.'))),
			v.check((value) => value > 1 && value <= 4)
		),
		min_responses: v.pipe(wholeNumber, v.minValue(1), v.maxValue(100_000))
	}),
	v.forward(
		v.check((f) => {
			const minutes = f.window * WINDOW_UNITS[f.window_unit];
			return minutes >= MIN_WINDOW_MINUTES && minutes <= MAX_WINDOW_MINUTES;
		}),
		['window']
	)
);
export type RuleForm = v.InferOutput<typeof RuleFormSchema>;

export const RuleIdSchema = v.object({ id: fields.id });

export interface Rule {
	id: number;
	agencyId: number | null;
	agency: string | null;
	counterId: number | null;
	counterCode: string | null;
	name: string;
	windowMinutes: number;
	threshold: number;
	minResponses: number;
	enabled: boolean;
	openAlerts: number;
	/** Whether the reader may enable, disable or delete it. */
	canChange: boolean;
}

/** Whether `access` may change a rule of `agencyId` (null: a mall-wide rule, admins only). */
function canChangeRule(access: Access, agencyId: number | null): boolean {
	return agencyId === null ? canAdminister(access) : canActOnAgency(access, agencyId);
}

/** The rules `access` may read: those of its agencies, and the mall-wide ones (which cover its agencies too). */
export async function listRules(db: Db, access: MallAccess): Promise<Rule[]> {
	const rows = await executePrepared<{
		id: number;
		agency_id: number | null;
		agency: string | null;
		counter_id: number | null;
		counter_code: string | null;
		name: string;
		window_minutes: number;
		threshold: number | string;
		min_responses: number;
		enabled: boolean;
		open_alerts: number;
	}>(
		db,
		sql`select r.id, r.agency_id, a.name as agency, r.counter_id, c.code as counter_code, r.name, r.window_minutes, r.threshold,
				r.min_responses, r.enabled,
				(select count(*)::int from alerts x where x.rule_id = r.id and x.acknowledged_at is null${agencyCondition(sql`x.agency_id`, access)}) as open_alerts
			from alert_rules r
			left join agencies a on a.id = r.agency_id
			left join counters c on c.id = r.counter_id
			where r.mall_id = ${access.mallId} and (r.agency_id is null or (true${agencyCondition(sql`r.agency_id`, access)}))
			order by a.name nulls first, r.name, r.id`
	);
	return rows.map((r) => ({
		id: r.id,
		agencyId: r.agency_id,
		agency: r.agency,
		counterId: r.counter_id,
		counterCode: r.counter_code,
		name: r.name,
		windowMinutes: r.window_minutes,
		threshold: Number(r.threshold),
		minResponses: r.min_responses,
		enabled: r.enabled,
		openAlerts: r.open_alerts,
		canChange: canChangeRule(access, r.agency_id)
	}));
}

export type CreateRuleResult = { id: number } | { invalid: string[] };

/**
 * Create a rule. A counter decides the agency (it must belong to the chosen one, if any); "every agency" is for
 * admins (403 otherwise); an agency or counter outside the access is 404; evaluators get 403.
 */
export async function createRule(db: Db, access: MallAccess, form: RuleForm): Promise<CreateRuleResult> {
	let agencyId = form.agency === '' ? null : form.agency;
	const counterId = form.counter === '' ? null : form.counter;
	if (counterId !== null) {
		const [counter] = await db
			.select({ agencyId: counters.agencyId })
			.from(counters)
			.where(and(eq(counters.id, counterId), eq(counters.mallId, access.mallId)));
		if (!counter) error(404, { message: 'not found', code: 'not_found' });
		assertCanAct(access, counter.agencyId);
		if (agencyId !== null && agencyId !== counter.agencyId) return { invalid: ['counter'] };
		agencyId = counter.agencyId;
	}
	if (agencyId === null) assertCanAdminister(access);
	else {
		const [agency] = await db
			.select({ id: agencies.id })
			.from(agencies)
			.where(and(eq(agencies.id, agencyId), eq(agencies.mallId, access.mallId)));
		if (!agency) error(404, { message: 'not found', code: 'not_found' });
		assertCanAct(access, agencyId);
	}
	const [created] = await executePrepared<{ id: number }>(
		db,
		sql`insert into alert_rules (mall_id, agency_id, counter_id, name, window_minutes, threshold, min_responses, created_by)
			values (${access.mallId}, ${agencyId}, ${counterId}, ${form.name}, ${form.window * WINDOW_UNITS[form.window_unit]},
				${form.threshold}, ${form.min_responses}, ${access.userId})
			returning id`
	);
	return { id: created!.id };
}

/** Load a rule of the mall for a change, or answer 404 / 403. */
async function ruleForChange(db: Db, access: MallAccess, id: number): Promise<void> {
	const [rule] = await db.select({ mallId: alertRules.mallId, agencyId: alertRules.agencyId }).from(alertRules).where(eq(alertRules.id, id));
	if (!rule || rule.mallId !== access.mallId) error(404, { message: 'not found', code: 'not_found' });
	if (rule.agencyId === null) assertCanAdminister(access);
	else assertCanAct(access, rule.agencyId);
}

export async function setRuleEnabled(db: Db, access: MallAccess, id: number, enabled: boolean): Promise<void> {
	await ruleForChange(db, access, id);
	await executePrepared(db, sql`update alert_rules set enabled = ${enabled} where id = ${id}`);
}

/** Delete a rule and, with it, the alerts it raised. */
export async function deleteRule(db: Db, access: MallAccess, id: number): Promise<void> {
	await ruleForChange(db, access, id);
	await executePrepared(db, sql`delete from alert_rules where id = ${id}`);
}
