import { error, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { assertCanAdminister, signedIn } from '$lib/server/access/page-access';
import { actorOf } from '$lib/server/audit/audit';
import { getDb } from '$lib/server/db';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm } from '$lib/server/forms/read-form';
import { counterConfig } from '$lib/server/kiosk/config';
import { findCounter } from '$lib/server/organization/settings';
import { issueTickets } from '$lib/server/tickets/issue';
import { winAnsi } from '$lib/server/reports/pdf';
import { renderTicketSheet } from '$lib/server/tickets/sheet-pdf';
import { formatDateTime } from '$lib/format';
import { problemText } from '$lib/forms/problems';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const SheetForm = v.object({ counter: fields.id, count: fields.ticketCount });

/**
 * A printed sheet of N one-time tickets for a counter of the admin's hall (the form on /app/admin/counters): the codes
 * are made when the sheet is, so it is a POST that answers with the PDF as a download.
 */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	const { user, access } = signedIn(locals);
	assertCanAdminister(access);
	const parsed = readForm(SheetForm, formValues(await request.formData(), ['counter', 'count']));
	if ('problems' in parsed) error(400, { message: parsed.problems.map((p) => problemText(p, 'printTickets')).join(' '), code: 'invalid_body' });
	const db = await getDb();
	const counter = await findCounter(db, access.mallId, parsed.data.counter);
	const config = counter ? await counterConfig(db, counter.id) : null;
	if (!counter || !config) error(404, { message: m.not_found_counter(), code: 'unknown_counter' });
	const issued = await issueTickets(db, counter, { count: parsed.data.count, origin: url.origin, createdBy: user.id, actor: actorOf(user) });
	const pdf = await renderTicketSheet({
		counter: { name: winAnsi(config.counter.name), code: winAnsi(config.counter.code), agency: winAnsi(config.agency.name) },
		callToScan: winAnsi(m.ticket_sheet_scan()),
		validUntil: winAnsi(m.ticket_sheet_valid_until({ time: formatDateTime(issued[0]!.expiresAt, getLocale(), config.mall.timeZone) })),
		oncePerTicket: winAnsi(m.ticket_sheet_once()),
		urls: issued.map((t) => t.url)
	});
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="tiket-${config.counter.code}.pdf"`,
			'cache-control': 'no-store'
		}
	});
};
