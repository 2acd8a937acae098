import { m } from '$lib/paraglide/messages';

/** A rule's window in the largest whole unit: 43 200 → "30 hari", 90 → "90 menit". */
export function windowText(minutes: number): string {
	if (minutes % 1440 === 0) return m.alerts_window_days({ count: minutes / 1440 });
	if (minutes % 60 === 0) return m.alerts_window_hours({ count: minutes / 60 });
	return m.alerts_window_minutes({ count: minutes });
}
