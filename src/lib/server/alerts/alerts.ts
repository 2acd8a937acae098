/**
 * The alerts a user sees and acknowledges: open ones (not yet acknowledged) and the latest acknowledged ones with
 * who acknowledged them and when.
 */
import { error } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { canReadAgency, readsOnly } from '../../domain/roles';
import { executePrepared, type Db } from '../db/client';
import { alerts } from '../db/schema';
import { assertCanAct, type MallAccess } from '../access/page-access';
import * as fields from '../forms/fields';
import { agencyCondition } from '../access/agency-filter';
import { evaluateAlerts, type EvaluationResult } from './evaluate';

/** Acknowledged alerts listed under the open ones. */
const ACKNOWLEDGED_SHOWN = 50;

export const AlertIdSchema = v.object({ id: fields.id });

interface AlertRow {
	id: number;
	ruleId: number;
	ruleName: string;
	/** The rule's threshold and window when the alert is listed (a rule can be changed only by deleting it). */
	threshold: number;
	windowMinutes: number;
	agencyId: number;
	agency: string;
	counterCode: string;
	counterName: string;
	triggeredAt: Date;
	meanScore: number;
	responses: number;
	acknowledged: { by: string | null; at: Date } | null;
}

export interface AlertLists {
	open: AlertRow[];
	acknowledged: AlertRow[];
}

/** The open alerts of the agencies `access` may read, newest first, and the latest acknowledged ones. */
export async function listAlerts(db: Db, access: MallAccess): Promise<AlertLists> {
	const select = (acknowledged: boolean) =>
		executePrepared<{
			id: number;
			rule_id: number;
			rule_name: string;
			threshold: number | string;
			window_minutes: number;
			agency_id: number;
			agency: string;
			counter_code: string;
			counter_name: string;
			triggered_at: Date | string;
			mean_score: number | string;
			responses: number;
			acknowledged_by: string | null;
			acknowledged_at: Date | string | null;
		}>(
			db,
			sql`select x.id, x.rule_id, r.name as rule_name, r.threshold, r.window_minutes, x.agency_id, a.name as agency,
					c.code as counter_code, c.name as counter_name, x.triggered_at, x.mean_score, x.responses,
					u.name as acknowledged_by, x.acknowledged_at
				from alerts x
				join alert_rules r on r.id = x.rule_id
				join agencies a on a.id = x.agency_id
				join counters c on c.id = x.counter_id
				left join users u on u.id = x.acknowledged_by
				where x.mall_id = ${access.mallId}${agencyCondition(sql`x.agency_id`, access)}
					and x.acknowledged_at is ${acknowledged ? sql`not null` : sql`null`}
				order by ${acknowledged ? sql`x.acknowledged_at desc, x.id desc limit ${ACKNOWLEDGED_SHOWN}` : sql`x.triggered_at desc, x.id desc`}`
		);
	const toRow = (r: Awaited<ReturnType<typeof select>>[number]): AlertRow => ({
		id: r.id,
		ruleId: r.rule_id,
		ruleName: r.rule_name,
		threshold: Number(r.threshold),
		windowMinutes: r.window_minutes,
		agencyId: r.agency_id,
		agency: r.agency,
		counterCode: r.counter_code,
		counterName: r.counter_name,
		triggeredAt: new Date(r.triggered_at),
		meanScore: Number(r.mean_score),
		responses: Number(r.responses),
		acknowledged: r.acknowledged_at === null ? null : { by: r.acknowledged_by, at: new Date(r.acknowledged_at) }
	});
	const [open, acknowledged] = await Promise.all([select(false), select(true)]);
	return { open: open.map(toRow), acknowledged: acknowledged.map(toRow) };
}

/**
 * Acknowledge an alert as the signed-in user (404 outside the access, 403 for evaluators). Returns false when it
 * was already acknowledged (the first acknowledgement stands).
 */
export async function acknowledgeAlert(db: Db, access: MallAccess, id: number, now = new Date()): Promise<boolean> {
	const [alert] = await db.select({ mallId: alerts.mallId, agencyId: alerts.agencyId }).from(alerts).where(eq(alerts.id, id));
	if (!alert || alert.mallId !== access.mallId) error(404, { message: 'not found', code: 'not_found' });
	assertCanAct(access, alert.agencyId);
	const updated = await executePrepared<{ id: number }>(
		db,
		sql`update alerts set acknowledged_by = ${access.userId}, acknowledged_at = ${now.toISOString()}::timestamptz
			where id = ${id} and acknowledged_at is null
			returning id`
	);
	return updated.length === 1;
}

/**
 * "Periksa sekarang": evaluate the mall's rules at once (anyone who may act; evaluators get 403). Reports only the
 * raised alerts `access` may read.
 */
export async function evaluateNow(db: Db, access: MallAccess, now = new Date()): Promise<EvaluationResult> {
	if (readsOnly(access)) error(403, { message: 'your role may only read', code: 'forbidden' });
	const result = await evaluateAlerts(db, now, { mallId: access.mallId });
	return { ...result, raised: result.raised.filter((alert) => canReadAgency(access, alert.agencyId)) };
}
