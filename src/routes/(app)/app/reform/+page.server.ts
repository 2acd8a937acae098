import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
import type { Actions, PageServerLoad } from './$types';
import { canPublishReport, canReadMall, readsOnly } from '$lib/domain/roles';
import { getLocale } from '$lib/paraglide/runtime';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { readableAgencies } from '$lib/server/access/agency-filter';
import { homeScope } from '$lib/server/indicators/dashboard';
import { findScope } from '$lib/server/indicators/queries';
import { mallTimeZone } from '$lib/server/organization/queries';
import { parseSheetScope, parseSheetYear } from '$lib/server/reform/params';
import { recordOfflinePublication } from '$lib/server/reform/queries';
import { buildReformSheet, type SheetScope } from '$lib/server/reform/sheet';
import { sheetRows } from '$lib/server/reform/text';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const timeZone = await mallTimeZone(db, access.mallId);
	const rawScope = url.searchParams.get('scope');
	const home = await homeScope(db, access);
	const scope = rawScope === null ? (home as SheetScope) : parseSheetScope(rawScope);
	const year = parseSheetYear(url.searchParams.get('year'), timeZone);
	if (!scope) error(400, { message: 'scope: must be mall-<id> or agency-<id>', code: 'invalid_query' });
	if (year === null) error(400, { message: 'year: must be a year from 2000 to this year', code: 'invalid_query' });
	const sheet = await buildReformSheet(db, access, scope, year);
	if (!sheet) error(404, { message: 'not found', code: 'not_found' });
	const thisYear = Number(parseSheetYear(null, timeZone));
	return {
		sheet: { scope: sheet.scope, year: sheet.year, asOf: sheet.asOf, complaints: sheet.complaints, skmReports: sheet.skmFrequency.reports, offline: sheet.publication.offline },
		rows: sheetRows(sheet, getLocale() === 'en' ? 'en' : 'id'),
		scopes: [
			...(canReadMall(access) ? [{ value: `mall-${access.mallId}`, label: null as string | null }] : []),
			// An archived agency is offered while its sheet is the one shown (its past years are its history).
			...(await readableAgencies(db, access, { includeArchived: true }))
				.filter((a) => !a.archived || (scope.type === 'agency' && scope.id === a.id))
				.map((a) => ({ value: `agency-${a.id}`, label: a.name as string | null }))
		],
		years: Array.from({ length: 5 }, (_, i) => thisYear - i),
		canRecord: canPublishReport(access, scope.type === 'agency' ? scope.id : null),
		recorded: url.searchParams.get('recorded') === '1'
	};
};

const OfflineNote = v.object({ note: fields.requiredText(500) });

export const actions: Actions = {
	recordOffline: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		if (readsOnly(access)) error(403, { message: 'your role may only read', code: 'forbidden' });
		const db = await getDb();
		const timeZone = await mallTimeZone(db, access.mallId);
		const scope = parseSheetScope(url.searchParams.get('scope'));
		const year = parseSheetYear(url.searchParams.get('year'), timeZone);
		if (!scope || year === null) error(400, { message: 'scope and year are required in the address', code: 'invalid_query' });
		// The unit must be one the user may read (404 otherwise) and publish for (403).
		if (!(await findScope(db, scope, access))) error(404, { message: 'not found', code: 'not_found' });
		if (!canPublishReport(access, scope.type === 'agency' ? scope.id : null)) error(403, { message: 'your role may not record this', code: 'forbidden' });
		const raw = formValues(await request.formData(), ['note']);
		const parsed = readForm(OfflineNote, raw);
		if ('problems' in parsed) return refuse('recordOffline', parsed.problems, { values: raw });
		await recordOfflinePublication(db, scope, { mallId: access.mallId, year }, parsed.data.note, access.userId);
		redirect(303, `/app/reform?scope=${scope.type}-${scope.id}&year=${year}&recorded=1`);
	}
};
