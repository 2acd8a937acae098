/**
 * What every query of comments, complaints, follow-up and alerts starts from: the user's mall, and for a manager
 * only their agencies — applied in SQL, so a row outside them is never read.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Access } from '../../domain/roles';
import { executePrepared, type Db } from '../db/client';
import type { MallAccess } from '../access/page-access';

/** `and <column> in (…the access's agencies…)`, or nothing when the access reads every agency of the mall. */
export function agencyCondition(column: SQL, access: Access): SQL {
	if (access.agencyIds === null) return sql``;
	const ids = access.agencyIds.length > 0 ? access.agencyIds : [-1];
	return sql` and ${column} in (${sql.join(
		ids.map((id) => sql`${id}`),
		sql`, `
	)})`;
}

export interface AgencyOption {
	id: number;
	code: string;
	name: string;
}

export interface CounterOption {
	id: number;
	agencyId: number;
	code: string;
	name: string;
}

/** The agencies of the mall that `access` may read, by name. */
export async function readableAgencies(db: Db, access: MallAccess): Promise<AgencyOption[]> {
	return executePrepared<AgencyOption>(
		db,
		sql`select a.id, a.code, a.name from agencies a
			where a.mall_id = ${access.mallId}${agencyCondition(sql`a.id`, access)}
			order by a.name`
	);
}

/** The counters of the agencies that `access` may read, by code. */
export async function readableCounters(db: Db, access: MallAccess): Promise<CounterOption[]> {
	return executePrepared<CounterOption>(
		db,
		sql`select c.id, c.agency_id as "agencyId", c.code, c.name from counters c
			where c.mall_id = ${access.mallId}${agencyCondition(sql`c.agency_id`, access)}
			order by c.code`
	);
}
