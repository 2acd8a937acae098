/**
 * Evaluates the alert rules every minute in the background. Each instance runs its own timer; the advisory lock
 * in evaluateAlerts lets only one of them work per round.
 */
import type { Db } from '../db/client';
import { evaluateAlerts } from './evaluate';

/** Start evaluating every `intervalMs`; returns a function that stops it. The timer never keeps the process alive. */
export function startAlertScheduler(db: Db, intervalMs = 60_000): () => void {
	let running = false;
	const timer = setInterval(() => {
		if (running) return; // a slow round is still going: skip this tick rather than pile up
		running = true;
		evaluateAlerts(db, new Date())
			.then((result) => {
				if (result.raised.length > 0) console.log(`[puas] alerts raised: ${result.raised.length}`);
			})
			.catch((err: unknown) => console.error('[puas] alert evaluation failed', err))
			.finally(() => {
				running = false;
			});
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
