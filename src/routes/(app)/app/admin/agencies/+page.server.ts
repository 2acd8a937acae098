import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as settings from '$lib/server/organization/settings';
import { setArchived, type ArchivableUnit } from '$lib/server/organization/archive';
import * as fields from '$lib/server/forms/fields';
import { adminOf } from '$lib/server/access/page-access';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';
import { listAgencyKinds } from '$lib/server/regions/agency-kinds';
import { AGENCY_KIND_CODE } from '$lib/domain/agency-kinds';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	const [agencies, kinds] = await Promise.all([settings.listAgenciesWithServices(db, mallId, { includeArchived: true }), listAgencyKinds(db)]);
	return { agencies, kinds };
};

const NewAgency = v.object({ code: fields.slugCode, name: fields.name });
const RenamedAgency = v.object({ agency: fields.id, name: fields.name });
/** An agency's kind: a catalogue code, or empty for none. */
const AgencyKind = v.object({ agency: fields.id, kind: v.pipe(fields.optionalText(40), v.check((code) => code === '' || AGENCY_KIND_CODE.test(code), 'not_found')) });
const NewService = v.object({ agency: fields.id, code: fields.slugCode, name: fields.name, free: fields.freeChoice });
const RenamedService = v.object({ service: fields.id, name: fields.name });
const SomeAgency = v.object({ agency: fields.id });
const SomeService = v.object({ service: fields.id });

export const actions: Actions = {
	createAgency: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['code', 'name']);
		const parsed = readForm(NewAgency, raw);
		if ('problems' in parsed) return refuse('createAgency', parsed.problems, { values: raw });
		const created = await settings.createAgency(db, mallId, parsed.data, actor);
		if ('error' in created) return refuse('createAgency', { field: 'code', problem: 'taken' }, { values: raw });
		saved(url, 'agency_created', `agency-${created.id}`);
	},

	renameAgency: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['agency', 'name']);
		const id = rowIdOf(raw.agency);
		const parsed = readForm(RenamedAgency, raw);
		if ('problems' in parsed) return refuse('renameAgency', parsed.problems, { id, values: raw });
		if (!(await settings.renameAgency(db, mallId, parsed.data.agency, parsed.data.name, actor))) {
			return refuse('renameAgency', { field: 'agency', problem: 'not_found' }, { id, values: raw });
		}
		saved(url, 'agency_renamed', `agency-${id}`);
	},

	setAgencyKind: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['agency', 'kind']);
		const id = rowIdOf(raw.agency);
		const parsed = readForm(AgencyKind, raw);
		if ('problems' in parsed) return refuse('setAgencyKind', parsed.problems, { id, values: raw });
		const result = await settings.setAgencyKind(db, mallId, parsed.data.agency, parsed.data.kind || null, actor);
		if (result !== 'saved') return refuse('setAgencyKind', { field: result === 'not_found' ? 'agency' : 'kind', problem: 'not_found' }, { id, values: raw });
		saved(url, 'agency_kind_saved', `agency-${id}`);
	},

	createService: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['agency', 'code', 'name', 'free']);
		const id = rowIdOf(raw.agency);
		const parsed = readForm(NewService, raw);
		if ('problems' in parsed) return refuse('createService', parsed.problems, { id, values: raw });
		const { agency: agencyId, code, name, free: isFree } = parsed.data;
		const created = await settings.createService(db, mallId, { agencyId, code, name, isFree }, actor);
		if ('error' in created) {
			const problem = created.error === 'code_taken' ? ({ field: 'code', problem: 'taken' } as const) : ({ field: 'agency', problem: 'not_found' } as const);
			return refuse('createService', problem, { id, values: raw });
		}
		saved(url, 'service_created', `service-${created.id}`);
	},

	renameService: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['service', 'name']);
		const id = rowIdOf(raw.service);
		const parsed = readForm(RenamedService, raw);
		if ('problems' in parsed) return refuse('renameService', parsed.problems, { id, values: raw });
		if (!(await settings.renameService(db, mallId, parsed.data.service, parsed.data.name, actor))) {
			return refuse('renameService', { field: 'service', problem: 'not_found' }, { id, values: raw });
		}
		saved(url, 'service_renamed', `service-${id}`);
	},

	archiveAgency: async ({ locals, request, url }) => {
		return archiveOrRestore(await adminOf(locals), await request.formData(), url, 'agency', true);
	},

	restoreAgency: async ({ locals, request, url }) => {
		return archiveOrRestore(await adminOf(locals), await request.formData(), url, 'agency', false);
	},

	archiveService: async ({ locals, request, url }) => {
		return archiveOrRestore(await adminOf(locals), await request.formData(), url, 'service', true);
	},

	restoreService: async ({ locals, request, url }) => {
		return archiveOrRestore(await adminOf(locals), await request.formData(), url, 'service', false);
	}
};

/** Archive or restore an agency or a service of the admin's mall (organization/archive: nothing below it changes). */
type Unit = Extract<ArchivableUnit, 'agency' | 'service'>;
async function archiveOrRestore({ db, mallId, actor }: Awaited<ReturnType<typeof adminOf>>, form: FormData, url: URL, unit: Unit, archived: boolean) {
	const action = `${archived ? 'archive' : 'restore'}${unit === 'agency' ? 'Agency' : 'Service'}`;
	const raw = formValues(form, [unit]);
	const id = rowIdOf(raw[unit]);
	const parsed = readForm(unit === 'agency' ? SomeAgency : SomeService, raw);
	if ('problems' in parsed) return refuse(action, parsed.problems, { id });
	const unitId = 'agency' in parsed.data ? parsed.data.agency : parsed.data.service;
	if (!(await setArchived(db, mallId, unit, unitId, archived, actor))) return refuse(action, { field: unit, problem: 'not_found' }, { id });
	saved(url, `${unit}_${archived ? 'archived' : 'restored'}`, `${unit}-${id}`);
}
