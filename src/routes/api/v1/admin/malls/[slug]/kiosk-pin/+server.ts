import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { setKioskPin } from '$lib/server/kiosk/pin';
import { KioskPinSchema } from '$lib/server/openapi/requests';

/** Set the PIN that opens the staff panel on the mall's kiosks (stored as a PBKDF2 hash). */
export const PUT: RequestHandler = async (event) => {
	const { db, mallId } = await requireAdmin(event);
	const { pin } = await readJson(event.request, KioskPinSchema);
	if (!(await setKioskPin(db, event.params.slug!, pin, mallId))) error(404, { message: `no mall ${event.params.slug}`, code: 'not_found' });
	return json({ mall: event.params.slug, pinSet: true });
};
