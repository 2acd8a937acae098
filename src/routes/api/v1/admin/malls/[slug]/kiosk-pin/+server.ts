import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { KioskPinSchema } from '$lib/server/openapi/requests';
import { setMallKioskPin } from '$lib/server/organization/mall-settings';
import { resolveMall } from '$lib/server/organization/settings';

/** Set the PIN that opens the staff panel on the mall's kiosks (stored as a PBKDF2 hash; the audit log says it changed). */
export const PUT: RequestHandler = async (event) => {
	const { db, mallId, actor } = await requireAdmin(event);
	const { pin } = await readJson(event.request, KioskPinSchema);
	const mall = await resolveMall(db, mallId, event.params.slug!);
	if ('error' in mall || !(await setMallKioskPin(db, mall.id, actor, pin))) error(404, { message: `no mall ${event.params.slug}`, code: 'not_found' });
	return json({ mall: event.params.slug, pinSet: true });
};
