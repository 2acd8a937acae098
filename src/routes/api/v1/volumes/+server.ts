import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireReader } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { VolumesRequestSchema } from '$lib/server/openapi/requests';
import { resolveMall } from '$lib/server/organization/settings';
import { storeVolumes } from '$lib/server/volumes/volumes';
import { readsOnly } from '$lib/domain/roles';

/** A queue system (admin API token) or a signed-in admin or manager stores monthly service volumes; all rows or none. */
export const POST: RequestHandler = async (event) => {
	const { db, access } = await requireReader(event);
	if (readsOnly(access)) error(403, { message: 'your role may only read', code: 'forbidden' });
	const input = await readJson(event.request, VolumesRequestSchema);
	const mall = await resolveMall(db, access.mallId, input.mall);
	if ('error' in mall) {
		if (mall.error === 'mall_required') error(400, { message: 'mall: name the mall (its slug); this token serves several', code: 'invalid_body' });
		error(404, { message: `mall: no mall ${input.mall ?? ''} for this token`.trim(), code: 'not_found' });
	}
	const rows = input.volumes.map((row, index) => ({
		row: index,
		service: row.service,
		month: row.month,
		served: String(row.served),
		servedOnline: row.servedOnline == null ? '' : String(row.servedOnline)
	}));
	const stored = await storeVolumes(db, { ...access, mallId: mall.id }, rows, 'api');
	if ('problems' in stored) {
		const message = stored.problems.map((p) => `volumes[${p.row}]${p.column ? `.${p.column}` : ''}: ${PROBLEM_TEXT[p.kind]}`).join('; ');
		error(400, { message, code: 'invalid_body' });
	}
	return json({ mall: mall.slug, stored: stored.stored.length, volumes: stored.stored });
};

const PROBLEM_TEXT = {
	missing_column: 'missing',
	service: 'unknown service code (or one of an agency this token may not change)',
	month: 'must be a month YYYY-MM from 2000 to 2100',
	future_month: 'must be a month that has begun (at most the current month in the mall’s time zone)',
	served: 'must be a whole number 0 to 10 000 000',
	online: 'must be a whole number or null',
	online_above_served: 'must not exceed served',
	duplicate: 'this service and month appear twice in the body',
	empty: 'no rows',
	too_many: 'at most 5 000 rows'
} as const;
