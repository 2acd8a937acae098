import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { PERIOD_KINDS } from '$lib/domain/report-period';
import { canActOnAgency } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { idField } from '$lib/server/follow-up/form-fields';
import { commitUpload, importTarget, MAX_IMPORT_BYTES, previewUpload, storeUpload } from '$lib/server/import/historical';
import { listAgenciesWithServices } from '$lib/server/organization/settings';
import { parsePeriodParams } from '$lib/server/indicators/query-params';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const agencies = (await listAgenciesWithServices(db, access.mallId)).filter((agency) => canActOnAgency(access, agency.id));
	let preview = null;
	const upload = url.searchParams.get('upload');
	if (upload !== null) {
		const id = v.safeParse(idField, upload);
		// An upload that does not exist and one of another agency answer the same 404.
		preview = id.success ? await previewUpload(db, access, id.output) : null;
		if (!preview) error(404, { message: 'not found', code: 'not_found' });
	}
	return {
		canImport: agencies.length > 0,
		agencies: agencies.map((a) => ({ id: a.id, name: a.name, services: a.services.map((s) => ({ id: s.id, name: s.name })) })),
		kinds: PERIOD_KINDS,
		maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024,
		preview
	};
};

export const actions: Actions = {
	/** Keep the file and show its preview (303 to ?upload=<id>). */
	upload: async ({ locals, request }) => {
		const { user, access } = signedIn(locals);
		const form = await request.formData();
		const values = { service: String(form.get('service') ?? ''), period: String(form.get('period') ?? ''), value: String(form.get('value') ?? ''), from: String(form.get('from') ?? ''), to: String(form.get('to') ?? '') };
		const service = v.safeParse(idField, values.service);
		if (!service.success) return fail(400, { error: 'service' as const, values });
		const db = await getDb();
		const target = await importTarget(db, access, service.output);
		if (target === 'not_found') error(404, { message: 'not found', code: 'not_found' });
		if (target === 'forbidden') error(403, { message: 'your role may only read', code: 'forbidden' });
		const period = parsePeriodParams(new URLSearchParams(values));
		if (!period) return fail(400, { error: 'period' as const, values });
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { error: 'file_empty' as const, values });
		if (file.size > MAX_IMPORT_BYTES) return fail(400, { error: 'file_too_large' as const, values });
		const stored = await storeUpload(db, access, user.id, {
			serviceId: service.output,
			period,
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		if ('error' in stored) {
			if (stored.error === 'service') error(404, { message: 'not found', code: 'not_found' });
			return fail(400, { error: stored.error, values });
		}
		redirect(303, `/app/reports/import?upload=${stored.id}`);
	},
	/** Store the previewed rows as responses, then show the report of the service and period. */
	commit: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const id = v.safeParse(idField, String((await request.formData()).get('upload') ?? ''));
		if (!id.success) return fail(400, { error: 'upload' as const });
		const result = await commitUpload(await getDb(), access, id.output);
		if ('error' in result) {
			if (result.error === 'not_found') error(404, { message: 'not found', code: 'not_found' });
			if (result.error === 'forbidden') error(403, { message: 'your role may only read', code: 'forbidden' });
			return fail(409, { error: result.error });
		}
		const params = new URLSearchParams({ scope: `service-${result.serviceId}`, period: result.period.kind, imported: String(result.rows) });
		if (result.period.kind === 'custom') {
			params.set('from', result.period.from);
			params.set('to', result.period.to);
		} else params.set('value', result.period.value);
		redirect(303, `/app/reports?${params}`);
	}
};
