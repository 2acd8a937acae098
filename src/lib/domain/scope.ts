/**
 * The unit a figure is about: the mall, one of its agencies, a service or a counter — what the dashboard, the
 * reports, the downloads and the API are asked for.
 */
import { parseId } from './values';

export const SCOPE_TYPES = ['mall', 'agency', 'service', 'counter'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export interface ScopeFilter {
	type: ScopeType;
	id: number;
}

/** "agency-3" → { type: 'agency', id: 3 }; null when malformed. */
export function parseScope(text: string): ScopeFilter | null {
	const match = text.match(/^(mall|agency|service|counter)-(\d+)$/);
	const id = parseId(match?.[2]);
	return match && id !== null ? { type: match[1] as ScopeType, id } : null;
}
