/**
 * Choices offered by the innovation and volume forms: the services of the agencies an access may read.
 */
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';
import type { MallAccess } from '../access/page-access';
import { agencyCondition } from '../follow-up/scope';

export interface ServiceOption {
	id: number;
	agencyId: number;
	code: string;
	name: string;
}

/** The services of the agencies `access` may read, by agency and name. */
export async function readableServices(db: Db, access: MallAccess): Promise<ServiceOption[]> {
	return executePrepared<ServiceOption>(
		db,
		sql`select s.id, s.agency_id as "agencyId", s.code, s.name from services s join agencies a on a.id = s.agency_id
			where s.mall_id = ${access.mallId}${agencyCondition(sql`s.agency_id`, access)}
			order by a.name, s.name`
	);
}
