/**
 * The unit and period of a page or download query (?scope=agency-3&period=quarter&value=2026-Q1, or period=custom with
 * from and to): the one reading of them shared by the dashboard, the reports page and the downloads.
 */
import { PERIOD_KINDS, parsePeriod, type ReportPeriod } from '../../domain/report-period';
import { parseId } from '../../domain/values';
import type { ScopeFilter } from './rollup-tallies';

/** "agency-3" → { type: 'agency', id: 3 }; null when malformed. */
export function parseScope(text: string): ScopeFilter | null {
	const match = text.match(/^(mall|agency|service|counter)-(\d+)$/);
	const id = parseId(match?.[2]);
	return match && id !== null ? { type: match[1] as ScopeFilter['type'], id } : null;
}

/** The period of a query (`period` kind with `value`, or `from`/`to` for custom), or null when malformed. */
export function parsePeriodParams(params: URLSearchParams): ReportPeriod | null {
	const kind = params.get('period') ?? '';
	const value = kind === 'custom' ? `${params.get('from') ?? ''}..${params.get('to') ?? ''}` : (params.get('value') ?? '');
	return PERIOD_KINDS.includes(kind as never) ? parsePeriod(kind, value) : null;
}
