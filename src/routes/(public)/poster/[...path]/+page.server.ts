import { error } from '@sveltejs/kit';
import { renderSVG } from 'uqr';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { counterConfig, outOfServiceSince } from '$lib/server/kiosk/config';
import { counterFromQrPath, qrPathOf } from '$lib/server/kiosk/qr';
import { m } from '$lib/paraglide/messages';

/** A printable poster for a counter: the QR code that opens its survey on a citizen's phone. */
export const load: PageServerLoad = async ({ params, url }) => {
	const db = await getDb();
	const counter = await counterFromQrPath(db, params.path);
	if (counter && (await outOfServiceSince(db, counter.id))) error(410, { message: m.counter_out_of_service(), code: 'out_of_service' });
	const config = counter ? await counterConfig(db, counter.id) : null;
	if (!counter || !config) error(404, { message: m.not_found_counter(), code: 'unknown_counter' });
	const surveyUrl = new URL(await qrPathOf(db, counter), url.origin).toString();
	return {
		agency: config.agency.name,
		counter: config.counter.name,
		code: config.counter.code,
		surveyUrl,
		qrSvg: renderSVG(surveyUrl, { border: 1 })
	};
};
