/**
 * Evaluating alert rules: for every enabled rule and every counter in its scope, the responses of the IKM
 * instruments submitted in (now − window, now] — their number and mean answer (all answered items pooled, 1–4).
 * Enough responses with a mean below the threshold raise an alert, unless one is already open for that rule and
 * counter.
 *
 * After an alert is acknowledged, the responses up to the acknowledgement count as "seen": the rule fires again
 * for that counter only when at least min_responses newer responses (still inside the window) are below the
 * threshold. So acknowledging a still-bad counter does not bring the same alert back a minute later, and a counter
 * that stays bad does alert again once there is fresh evidence.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import { unsurAnswers } from '../indicators/unsur-answers';

/** Any number: one app instance at a time evaluates (the others skip that round). */
const EVALUATION_LOCK_KEY = 7_461_736_103;

interface RaisedAlert {
	id: number;
	ruleId: number;
	mallId: number;
	agencyId: number;
	counterId: number;
	meanScore: number;
	responses: number;
}

export interface EvaluationResult {
	/** True when another instance was evaluating at the same moment (nothing was done here). */
	skipped: boolean;
	raised: RaisedAlert[];
}

/**
 * Evaluate every enabled rule (of one mall when `mallId` is given) at `now`, in one statement inside a transaction
 * that holds an advisory lock: instances sharing one PostgreSQL never raise the same alert twice.
 */
export async function evaluateAlerts(db: Db, now: Date, options: { mallId?: number } = {}): Promise<EvaluationResult> {
	return db.transaction(async (tx) => {
		const [lock] = rowsOf<{ locked: boolean }>(
			await tx.execute(sql`select pg_try_advisory_xact_lock(${EVALUATION_LOCK_KEY}::bigint) as locked`)
		);
		if (!lock?.locked) return { skipped: true, raised: [] };
		const rows = rowsOf<{
			id: number;
			rule_id: number;
			mall_id: number;
			agency_id: number;
			counter_id: number;
			mean_score: number | string;
			responses: number | string;
		}>(await tx.execute(raiseAlertsSql(now, options.mallId)));
		return {
			skipped: false,
			raised: rows.map((r) => ({
				id: r.id,
				ruleId: r.rule_id,
				mallId: r.mall_id,
				agencyId: r.agency_id,
				counterId: r.counter_id,
				meanScore: Number(r.mean_score),
				responses: Number(r.responses)
			}))
		};
	});
}

/** insert … select: the (rule, counter) pairs in scope without an open alert, their window's figures, and the new alerts. */
function raiseAlertsSql(now: Date, mallId: number | undefined): SQL {
	const at = sql`${now.toISOString()}::timestamptz`;
	return sql`
		with scope as (
			select r.id as rule_id, r.mall_id, c.id as counter_id, c.agency_id, r.threshold, r.min_responses,
				greatest(
					${at} - make_interval(mins => r.window_minutes),
					coalesce((select max(a.acknowledged_at) from alerts a where a.rule_id = r.id and a.counter_id = c.id), '-infinity'::timestamptz)
				) as since
			from alert_rules r
			join counters c on c.mall_id = r.mall_id
				and (r.counter_id is null or c.id = r.counter_id)
				and (r.agency_id is null or c.agency_id = r.agency_id)
			where r.enabled ${mallId === undefined ? sql`` : sql`and r.mall_id = ${mallId}`}
				and not exists (select 1 from alerts a where a.rule_id = r.id and a.counter_id = c.id and a.acknowledged_at is null)
		),
		windows as (
			select s.rule_id, s.mall_id, s.agency_id, s.counter_id, s.threshold, s.min_responses, count(*) as responses,
				sum(x.answered_sum)::float8 / nullif(sum(x.answered), 0) as mean_score
			from scope s
			join responses resp on resp.mall_id = s.mall_id and resp.counter_id = s.counter_id
				and resp.submitted_at > s.since and resp.submitted_at <= ${at}
				and resp.instrument_id in (select id from instruments where feeds_ikm)
			cross join lateral (
				select (select sum(v) from unnest(${unsurAnswers(sql`resp.answers`)}) v) as answered_sum, cardinality(array_remove(${unsurAnswers(sql`resp.answers`)}, null)) as answered
			) x
			group by s.rule_id, s.mall_id, s.agency_id, s.counter_id, s.threshold, s.min_responses
		)
		insert into alerts (mall_id, agency_id, rule_id, counter_id, triggered_at, mean_score, responses)
		select mall_id, agency_id, rule_id, counter_id, ${at}, mean_score, responses
		from windows
		where responses >= min_responses and mean_score < threshold
		returning id, rule_id, mall_id, agency_id, counter_id, mean_score, responses`;
}
