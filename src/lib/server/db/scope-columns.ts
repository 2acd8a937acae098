/**
 * The column of a tenant table (responses, the rollups, devices …) that places a row in each kind of scope.
 */
import type { ScopeType } from '../../domain/scope';

export const SCOPE_COLUMN: Record<ScopeType, string> = { mall: 'mall_id', agency: 'agency_id', service: 'service_id', counter: 'counter_id' };
