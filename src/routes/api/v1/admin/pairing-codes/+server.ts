import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/guards';
import { readJson } from '$lib/server/http';
import { outOfServiceSince } from '$lib/server/kiosk/config';
import { createPairingCode, findCounterByCode } from '$lib/server/kiosk/pairing';
import { CreatePairingCodeSchema } from '$lib/server/openapi/requests';

/** A one-time 6-digit code (valid 15 minutes) that pairs a tablet with the counter. */
export const POST: RequestHandler = async (event) => {
	const { db, mallId, actor } = await requireAdmin(event);
	const input = await readJson(event.request, CreatePairingCodeSchema);
	const found = await findCounterByCode(db, input.counter, mallId);
	if ('error' in found) {
		const message = found.error === 'unknown_counter' ? `no counter with code ${input.counter}` : `several malls have a counter ${input.counter}`;
		error(found.error === 'unknown_counter' ? 404 : 409, { message, code: found.error });
	}
	if (await outOfServiceSince(db, found.counter.id)) error(409, { message: `counter ${input.counter} is archived (out of service)`, code: 'out_of_service' });
	const { code, expiresAt } = await createPairingCode(db, found.counter, new Date(), actor);
	const pairUrl = new URL(`/kiosk?pair=${code}`, event.url).toString();
	return json({ code, expiresAt, pairUrl, counter: { id: found.counter.id, code: found.counter.code, name: found.counter.name } }, { status: 201 });
};
