/**
 * The demo's one-time tickets with queue times: the phone responses of the last 60 days before `until` become
 * ticket responses, each with the ticket a queue system would have issued (taken, called, served). Waiting times
 * follow the citizen's own U3 (Waktu Penyelesaian) answer — a long wait is rated slow — so the dashboard's waiting
 * card shows the pattern it exists to find. The rollups have no channel dimension: they stay as they are.
 */
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';

/** Days before `until` whose phone responses get tickets. */
const TICKET_DAYS = 60;

/**
 * Give the demo's recent phone-open responses of a mall their tickets (once: nothing happens when the mall already
 * has tickets); returns how many responses now carry one.
 */
export async function seedDemoTickets(db: Db, mallId: number, until: Date): Promise<number> {
	const since = new Date(until.getTime() - TICKET_DAYS * 86_400_000);
	const [row] = await executePrepared<{ n: number }>(
		db,
		sql`
			with picked as (
				select r.id, r.counter_id, r.service_id, r.submitted_at,
					r.answers[(select ii.position from instrument_items ii where ii.instrument_id = r.instrument_id and ii.code = 'U3')] as u3,
					row_number() over (order by r.submitted_at, r.id) as k
				from responses r
				where r.mall_id = ${mallId} and r.channel = 'qr' and r.counter_id is not null
					and r.submitted_at >= ${since.toISOString()}::timestamptz and r.submitted_at < ${until.toISOString()}::timestamptz
					and not exists (select 1 from tickets t where t.mall_id = ${mallId})
			), timed as (
				select p.*, (3 + p.k % 11) as service_min,
					case p.u3 when 4 then 2 + p.k % 12 when 3 then 8 + p.k % 20 when 2 then 20 + p.k % 35 when 1 then 40 + p.k % 50 else 10 + p.k % 30 end as wait_min
				from picked p
			), times as (
				select t.*, t.submitted_at - interval '2 minutes' as served_at,
					t.submitted_at - interval '2 minutes' - t.service_min * interval '1 minute' as called_at,
					t.submitted_at - interval '2 minutes' - (t.service_min + t.wait_min) * interval '1 minute' as issued_at
				from timed t
			), made as (
				insert into tickets (mall_id, counter_id, service_id, code_hash, queue_number, issued_at, called_at, served_at, created_at, expires_at)
				select ${mallId}, counter_id, service_id, encode(sha256(convert_to(id::text, 'UTF8')), 'hex'), 'A-' || lpad((k % 999 + 1)::text, 3, '0'),
					issued_at, called_at, served_at, issued_at, issued_at + interval '24 hours'
				from times
				returning id, code_hash
			), linked as (
				update responses r set channel = 'ticket', ticket_id = made.id
				from made
				where r.mall_id = ${mallId} and made.code_hash = encode(sha256(convert_to(r.id::text, 'UTF8')), 'hex')
					and r.id in (select id from picked)
				returning r.id
			)
			select count(*)::int as n from linked`
	);
	return row?.n ?? 0;
}
