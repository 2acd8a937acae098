import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { counterConfig, outOfServiceSince } from '$lib/server/kiosk/config';
import { counterFromQrPath } from '$lib/server/kiosk/qr';
import { phoneTicketCheck } from '$lib/server/responses/phone';
import { m } from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ params, url }) => {
	const db = await getDb();
	const counter = await counterFromQrPath(db, params.path);
	if (counter && (await outOfServiceSince(db, counter.id))) error(410, { message: m.counter_out_of_service(), code: 'out_of_service' });
	const config = counter ? await counterConfig(db, counter.id) : null;
	if (!counter || !config) error(404, { message: m.not_found_counter(), code: 'unknown_counter' });
	// A one-time ticket (?t=…) travels with the rating; a used, expired or unknown one is said before anyone rates.
	const ticket = url.searchParams.get('t')?.slice(0, 64) || undefined;
	const checked = await phoneTicketCheck(db, counter.id, ticket);
	// Phones get the survey, never the kiosk's staff PIN hash.
	const { staffPinHash: _, ...publicConfig } = config;
	return { config: publicConfig, path: params.path, ticket: ticket ?? null, refusal: 'refusal' in checked ? checked.refusal : null };
};
