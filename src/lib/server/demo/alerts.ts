/**
 * Demo alert rules for the Kupang mall, and one evaluation so the alerts page has something to show:
 * - Satpas SIM, counter SIM-01 (the slow one): mean below 3,10 over 30 days with at least 20 responses;
 * - Dukcapil, all its counters: mean below a target set just above its weakest counter's 30-day mean (rounded up to
 *   the next 0,05), at least 20 responses — so it fires on that counter whatever day the demo is seeded.
 */
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';
import { evaluateAlerts, type EvaluationResult } from '../alerts/evaluate';
import { unsurAnswers } from '../indicators/unsur-answers';

const DAYS_30 = 30 * 24 * 60;
const MIN_RESPONSES = 20;
/** Dukcapil's target when no counter has 20 responses in the window (an empty demo): its long-run level. */
const DUKCAPIL_FALLBACK_THRESHOLD = 3.5;

const decimalComma = (value: number) => value.toFixed(2).replace('.', ',');

/** The lowest 30-day mean answer (IKM instruments, all answered items) among an agency's counters with enough responses. */
async function weakestCounterMean(db: Db, mallId: number, agencyCode: string, until: Date): Promise<number | null> {
	const [row] = await executePrepared<{ mean: number | string | null }>(
		db,
		sql`select min(mean) as mean from (
				select sum((select sum(v) from unnest(${unsurAnswers(sql`r.answers`)}) v))::float8 / nullif(sum(cardinality(array_remove(${unsurAnswers(sql`r.answers`)}, null))), 0) as mean
				from responses r
				join agencies a on a.id = r.agency_id
				where r.mall_id = ${mallId} and a.code = ${agencyCode} and r.counter_id is not null
					and r.submitted_at > ${until.toISOString()}::timestamptz - make_interval(mins => ${DAYS_30})
					and r.submitted_at <= ${until.toISOString()}::timestamptz
					and r.instrument_id in (select id from instruments where feeds_ikm)
				group by r.counter_id
				having count(*) >= ${MIN_RESPONSES}
			) t`
	);
	return row?.mean == null ? null : Number(row.mean);
}

/**
 * Create the two demo rules and evaluate them once at `until` (the alerts are stamped `until`). Does nothing when
 * the mall already has alert rules (a second call never duplicates them).
 */
export async function seedDemoAlerts(db: Db, mallId: number, until: Date): Promise<EvaluationResult> {
	const [existing] = await executePrepared<{ n: number }>(db, sql`select count(*)::int as n from alert_rules where mall_id = ${mallId}`);
	if (existing && existing.n > 0) return { skipped: true, raised: [] };
	const [sim] = await executePrepared<{ agency_id: number; id: number }>(
		db,
		sql`select agency_id, id from counters where mall_id = ${mallId} and code = 'SIM-01'`
	);
	const [dukcapil] = await executePrepared<{ id: number }>(db, sql`select id from agencies where mall_id = ${mallId} and code = 'dukcapil'`);
	if (!sim || !dukcapil) throw new Error('seedDemoAlerts: the demo mall has no counter SIM-01 or agency dukcapil');

	const weakest = await weakestCounterMean(db, mallId, 'dukcapil', until);
	// The next multiple of 0,05 strictly above the weakest mean: that counter fires, stronger ones may not.
	const dukcapilThreshold = weakest === null ? DUKCAPIL_FALLBACK_THRESHOLD : Math.min(4, (Math.floor(weakest * 20 + 1e-9) + 1) / 20);

	const rules = [
		{ agencyId: sim.agency_id, counterId: sim.id, name: 'SIM-01: rata-rata di bawah 3,10 dalam 30 hari (min. 20 respons)', threshold: 3.1 },
		{
			agencyId: dukcapil.id,
			counterId: null,
			name: `Loket Dukcapil: rata-rata di bawah target ${decimalComma(dukcapilThreshold)} dalam 30 hari (min. 20 respons)`,
			threshold: dukcapilThreshold
		}
	];
	for (const rule of rules) {
		await executePrepared(
			db,
			sql`insert into alert_rules (mall_id, agency_id, counter_id, name, window_minutes, threshold, min_responses)
				values (${mallId}, ${rule.agencyId}, ${rule.counterId}, ${rule.name}, ${DAYS_30}, ${rule.threshold}, ${MIN_RESPONSES})`
		);
	}
	return evaluateAlerts(db, until, { mallId });
}
