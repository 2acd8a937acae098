import { m } from '$lib/paraglide/messages';

const LABELS: Record<string, () => string> = {
	planned: m.followup_status_planned,
	in_progress: m.followup_status_in_progress,
	done: m.followup_status_done,
	cancelled: m.followup_status_cancelled
};

/** A follow-up status in the reader's language. */
export function statusLabel(status: string): string {
	return (LABELS[status] ?? (() => status))();
}
