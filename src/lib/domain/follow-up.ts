/**
 * A follow-up plan's due date, as the plan is made: not in the past and at most two years ahead (dates local to the
 * hall), so a plan is one the next reports can still follow.
 */

/** How far ahead a due date may be set, in years. */
const DUE_WITHIN_YEARS = 2;

/** The latest due date a plan made on `today` may have: the same day two years on (29 February: the 28th). */
export function latestDueDate(today: string): string {
	const [year, month, day] = today.split('-').map(Number) as [number, number, number];
	const target = year + DUE_WITHIN_YEARS;
	const lastOfMonth = new Date(Date.UTC(target, month, 0)).getUTCDate();
	return `${target}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastOfMonth)).padStart(2, '0')}`;
}

/** Whether `due` may be set on a plan made on `today`: from today to latestDueDate(today), both included. */
export function dueDateAllowed(due: string, today: string): boolean {
	return due >= today && due <= latestDueDate(today);
}
