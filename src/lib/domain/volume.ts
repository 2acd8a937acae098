/**
 * Service volume arithmetic: growth against the same period a year before, response rate, the volume that falls in
 * a window of days, and the share served through digital channels. Months are 'YYYY-MM-01' dates in the mall's
 * calendar; windows are [from, to) local dates. Pure functions, no I/O.
 */

/** The month `n` months after `month` ('YYYY-MM-01'; n may be negative). */
export function addMonths(month: string, n: number): string {
	const [y, m] = month.split('-').map(Number) as [number, number];
	const index = y * 12 + (m - 1) + n;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export interface MonthVolume {
	/** First day of the month, 'YYYY-MM-01'. */
	month: string;
	served: number;
	servedOnline: number | null;
}

export interface Growth {
	current: number;
	previous: number;
	/** (current − previous) ÷ previous; null when nothing was served before (growth from zero is undefined). */
	rate: number | null;
}

/** Growth of a volume against the same period a year before. */
export function growth(current: number, previous: number): Growth {
	for (const [name, value] of [['current', current], ['previous', previous]] as const) {
		if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} volume must be ≥ 0 (got ${value})`);
	}
	return { current, previous, rate: previous === 0 ? null : (current - previous) / previous };
}

/** Responses ÷ citizens served; null when nobody was served (more responses than served is shown as it is). */
export function responseRate(responses: number, served: number): number | null {
	if (responses < 0 || served < 0) throw new RangeError('responses and served must be ≥ 0');
	return served === 0 ? null : responses / served;
}

/** Sum of served in [from, to) months: the periods growth compares (a year, a semester). */
export function servedBetween(volumes: readonly MonthVolume[], fromMonth: string, toMonth: string): { served: number; months: number } {
	const inside = volumes.filter((v) => v.month >= fromMonth && v.month < toMonth);
	return { served: inside.reduce((sum, v) => sum + v.served, 0), months: new Set(inside.map((v) => v.month)).size };
}

const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

const monthEnd = (month: string) => addMonths(month, 1);

/**
 * Citizens served in the window [from, to) of local dates: each month's volume counted by the share of its days
 * that fall in the window (volumes are monthly; a window rarely starts on the 1st). `months` lists the months used,
 * `missing` those in the window with no volume recorded (the figure is then an undercount).
 */
export function servedInWindow(
	volumes: readonly MonthVolume[],
	from: string,
	to: string
): { served: number; months: string[]; missing: string[] } {
	const start = dayNumber(from);
	const end = dayNumber(to);
	if (!(end > start)) throw new RangeError(`the window must end after it starts (${from} → ${to})`);
	const byMonth = new Map<string, number>();
	for (const v of volumes) byMonth.set(v.month, (byMonth.get(v.month) ?? 0) + v.served);
	let served = 0;
	const months: string[] = [];
	const missing: string[] = [];
	for (let month = `${from.slice(0, 7)}-01`; dayNumber(month) < end; month = monthEnd(month)) {
		const monthStart = dayNumber(month);
		const monthStop = dayNumber(monthEnd(month));
		const overlap = Math.min(end, monthStop) - Math.max(start, monthStart);
		if (overlap <= 0) continue;
		const volume = byMonth.get(month);
		if (volume === undefined) {
			missing.push(month);
			continue;
		}
		months.push(month);
		served += (volume * overlap) / (monthStop - monthStart);
	}
	return { served, months, missing };
}

/** Share of citizens served through digital channels, over the months that report it; null when none do. */
export function digitalShare(volumes: readonly MonthVolume[]): { share: number | null; servedOnline: number; served: number } {
	const known = volumes.filter((v) => v.servedOnline !== null);
	const served = known.reduce((sum, v) => sum + v.served, 0);
	const servedOnline = known.reduce((sum, v) => sum + (v.servedOnline ?? 0), 0);
	return { share: served === 0 ? null : servedOnline / served, servedOnline, served };
}

/** The same semester a year before, and the half a date falls in: 'YYYY-01-01'/'YYYY-07-01' starts. */
export function semesterOf(month: string): { from: string; to: string; previousFrom: string; previousTo: string } {
	const year = Number(month.slice(0, 4));
	const first = Number(month.slice(5, 7)) <= 6;
	const from = first ? `${year}-01-01` : `${year}-07-01`;
	const to = first ? `${year}-07-01` : `${year + 1}-01-01`;
	const previousFrom = first ? `${year - 1}-01-01` : `${year - 1}-07-01`;
	const previousTo = first ? `${year - 1}-07-01` : `${year}-01-01`;
	return { from, to, previousFrom, previousTo };
}

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;
const isLastOfMonth = (date: string) => {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	return d === new Date(Date.UTC(y, m, 0)).getUTCDate();
};

/**
 * The whole months of a period of local dates [from, to] that have ended by `today`, as months [from, to)
 * ('YYYY-MM-01'; empty when to ≤ from), and `periodTo`, where the period's whole months end: the months whose
 * service volumes give a sample's population.
 */
export function endedMonths(period: { from: string; to: string }, today: string): { from: string; to: string; periodTo: string } {
	const from = period.from.endsWith('-01') ? period.from : addMonths(monthOf(period.from), 1);
	const periodTo = isLastOfMonth(period.to) ? addMonths(monthOf(period.to), 1) : monthOf(period.to);
	const ended = isLastOfMonth(today) ? addMonths(monthOf(today), 1) : monthOf(today);
	return { from, to: periodTo < ended ? periodTo : ended, periodTo };
}
