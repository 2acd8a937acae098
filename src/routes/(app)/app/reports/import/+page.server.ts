import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { PERIOD_KINDS } from '$lib/domain/report-period';
import { canActOnAgency } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
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
		const id = v.safeParse(fields.id, upload);
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

const UploadService = v.object({ service: fields.id });
const Commit = v.object({ upload: fields.id });

export const actions: Actions = {
	/** Keep the file and show its preview (303 to ?upload=<id>). */
	upload: async ({ locals, request }) => {
		const { user, access } = signedIn(locals);
		const form = await request.formData();
		const values = formValues(form, ['service', 'period', 'value', 'from', 'to']);
		const service = readForm(UploadService, values);
		if ('problems' in service) return refuse('upload', service.problems, { values });
		const serviceId = service.data.service;
		const db = await getDb();
		const target = await importTarget(db, access, serviceId);
		if (target === 'not_found') error(404, { message: 'not found', code: 'not_found' });
		if (target === 'forbidden') error(403, { message: 'your role may only read', code: 'forbidden' });
		const period = parsePeriodParams(new URLSearchParams(Object.entries(values).map(([name, value]) => [name, typeof value === 'string' ? value : ''])));
		if (!period) return refuse('upload', { field: 'period', problem: 'invalid' }, { values });
		const file = form.get('file');
		const tooLarge = { field: 'file', problem: 'too_large', max: MAX_IMPORT_BYTES / 1024 / 1024 } as const;
		if (!(file instanceof File) || file.size === 0) return refuse('upload', { field: 'file', problem: 'required' }, { values });
		if (file.size > MAX_IMPORT_BYTES) return refuse('upload', tooLarge, { values });
		const stored = await storeUpload(db, access, user.id, {
			serviceId,
			period,
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		if ('error' in stored) {
			if (stored.error === 'service') error(404, { message: 'not found', code: 'not_found' });
			return refuse('upload', stored.error === 'file_empty' ? { field: 'file', problem: 'required' } : tooLarge, { values });
		}
		redirect(303, `/app/reports/import?upload=${stored.id}`);
	},
	/** Store the previewed rows as responses, then show the report of the service and period. */
	commit: async ({ locals, request }) => {
		const { access } = signedIn(locals);
		const upload = readForm(Commit, formValues(await request.formData(), ['upload']));
		if ('problems' in upload) return refuse('commit', upload.problems);
		const result = await commitUpload(await getDb(), access, upload.data.upload);
		if ('error' in result) {
			if (result.error === 'not_found') error(404, { message: 'not found', code: 'not_found' });
			if (result.error === 'forbidden') error(403, { message: 'your role may only read', code: 'forbidden' });
			return refuse('commit', { field: 'upload', problem: result.error === 'invalid' ? 'invalid' : 'taken' }, { status: 409 });
		}
		const params = new URLSearchParams({ scope: `service-${result.serviceId}`, period: result.period.kind, imported: String(result.rows) });
		if (result.period.kind === 'custom') {
			params.set('from', result.period.from);
			params.set('to', result.period.to);
		} else params.set('value', result.period.value);
		redirect(303, `/app/reports?${params}`);
	}
};
