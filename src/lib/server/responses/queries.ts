/**
 * Reading stored responses.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { isUuid } from '../../domain/values';
import type { Db } from '../db/client';
import { instruments, responses } from '../db/schema';

/** A response with its instrument's code and version, or null (also when it belongs to another mall). */
export async function findResponse(db: Db, id: string, mallId: number | null) {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select({ response: responses, instrument: { code: instruments.code, version: instruments.version } })
		.from(responses)
		.innerJoin(instruments, eq(instruments.id, responses.instrumentId))
		.where(
			and(
				// The key is (mall_id, id): without a hall, one probe per hall rather than a scan of every response.
				mallId ? eq(responses.mallId, mallId) : sql`${responses.mallId} = any(array(select id from malls))`,
				eq(responses.id, id.toLowerCase())
			)
		);
	return row ? { ...row.response, instrument: row.instrument } : null;
}

/** A device's responses in sequence order (at most 1 000), with their instrument. */
export async function listDeviceResponses(db: Db, deviceId: number, mallId: number | null) {
	const rows = await db
		.select({ response: responses, instrument: { code: instruments.code, version: instruments.version } })
		.from(responses)
		.innerJoin(instruments, eq(instruments.id, responses.instrumentId))
		.where(and(eq(responses.deviceId, deviceId), mallId ? eq(responses.mallId, mallId) : undefined))
		.orderBy(asc(responses.deviceSeq))
		.limit(1000);
	return rows.map((row) => ({ ...row.response, instrument: row.instrument }));
}
