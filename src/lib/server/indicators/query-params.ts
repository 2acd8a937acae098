/**
 * The period of a page or download query (?period=quarter&value=2026-Q1, or period=custom with from and to): the one
 * reading of it shared by the dashboard, the reports page and the downloads (their ?scope= is $lib/domain/scope's).
 */
import { PERIOD_KINDS, parsePeriod, type ReportPeriod } from '../../domain/report-period';

/** The period of a query (`period` kind with `value`, or `from`/`to` for custom), or null when malformed. */
export function parsePeriodParams(params: URLSearchParams): ReportPeriod | null {
	const kind = params.get('period') ?? '';
	const value = kind === 'custom' ? `${params.get('from') ?? ''}..${params.get('to') ?? ''}` : (params.get('value') ?? '');
	return PERIOD_KINDS.includes(kind as never) ? parsePeriod(kind, value) : null;
}
