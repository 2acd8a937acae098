/**
 * The background jobs of a Puas server (see ./scheduler): what runs, and how often, across all instances.
 */
import { pruneRateLimits } from '../access/rate-limit';
import { evaluateAlerts } from '../alerts/evaluate';
import type { Job } from './scheduler';

export const JOBS: readonly Job[] = [
	{
		name: 'alerts',
		everySeconds: 60,
		run: async (db, now) => {
			const result = await evaluateAlerts(db, now);
			return result.raised.length > 0 ? `${result.raised.length} raised` : undefined;
		}
	},
	{
		name: 'prune-rate-limits',
		everySeconds: 3600,
		run: async (db, now) => {
			const pruned = await pruneRateLimits(db, now);
			return pruned > 0 ? `${pruned} old windows removed` : undefined;
		}
	}
];
