/**
 * The period of a page or download query (?period=quarter&value=2026-Q1, or period=custom with from and to): the one
 * reading of it shared by the dashboard, the reports page and the downloads (their ?scope= is $lib/domain/scope's).
 */
import { defaultPeriod, PERIOD_KINDS, parsePeriod, type ReportPeriod } from '../../domain/report-period';
import { CHANNELS, type Channel } from '../../domain/profile';
import { parseScope, type ScopeFilter } from '../../domain/scope';

/** The period of a query (`period` kind with `value`, or `from`/`to` for custom), or null when malformed. */
export function parsePeriodParams(params: URLSearchParams): ReportPeriod | null {
	const kind = params.get('period') ?? '';
	const value = kind === 'custom' ? `${params.get('from') ?? ''}..${params.get('to') ?? ''}` : (params.get('value') ?? '');
	return PERIOD_KINDS.includes(kind as never) ? parsePeriod(kind, value) : null;
}

/** A query value that could not be read, named for the page to say so ("Periode tidak valid: month 2026-13"). */
export interface QueryProblem {
	field: 'scope' | 'period' | 'kind';
	value: string;
}

/**
 * The scope and period a page's query asks for (?scope=agency-3&period=quarter&value=2026-Q1), each falling back to
 * the page's own default when absent or malformed — a malformed one is named in `errors`, so the page says which.
 */
export function readScopePeriod(
	params: URLSearchParams,
	defaults: { scope: ScopeFilter; today: string }
): { scope: ScopeFilter; period: ReportPeriod; errors: QueryProblem[] } {
	const errors: QueryProblem[] = [];
	let scope = defaults.scope;
	const scopeText = params.get('scope');
	if (scopeText) {
		const parsed = parseScope(scopeText);
		if (parsed) scope = parsed;
		else errors.push({ field: 'scope', value: scopeText });
	}
	const { period, errors: periodErrors } = readPeriod(params, defaults.today);
	return { scope, period, errors: [...errors, ...periodErrors] };
}

/** The period a page's query asks for (?period=quarter&value=2026-Q1), else the default one; a malformed one is named. */
export function readPeriod(params: URLSearchParams, today: string): { period: ReportPeriod; errors: QueryProblem[] } {
	const kind = params.get('period');
	if (!kind) return { period: defaultPeriod(today), errors: [] };
	const parsed = parsePeriodParams(params);
	if (parsed) return { period: parsed, errors: [] };
	const value = `${kind} ${kind === 'custom' ? `${params.get('from') ?? ''}..${params.get('to') ?? ''}` : (params.get('value') ?? '')}`.trim();
	return { period: defaultPeriod(today), errors: [{ field: 'period', value }] };
}

/** The dashboard's ?channel= (kiosk, qr, ticket or import; absent or empty = every channel); a malformed one is named. */
export function readChannel(params: URLSearchParams): { channel: Channel | undefined; error: string | null } {
	const text = params.get('channel') ?? '';
	if (text === '') return { channel: undefined, error: null };
	return CHANNELS.includes(text as Channel) ? { channel: text as Channel, error: null } : { channel: undefined, error: text.slice(0, 40) };
}
