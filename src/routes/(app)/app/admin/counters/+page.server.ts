import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as settings from '$lib/server/organization/settings';
import { setArchived } from '$lib/server/organization/archive';
import * as fields from '$lib/server/forms/fields';
import { adminOf } from '$lib/server/access/page-access';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	// Every counter (archived ones to restore); the new counter's service is picked among those in use.
	const [counters, agencies] = await Promise.all([settings.listCounters(db, mallId, { includeArchived: true }), settings.listAgenciesWithServices(db, mallId)]);
	return { counters, agencies };
};

const NewCounter = v.object({ service: fields.id, code: fields.counterCode, name: fields.name });
const CounterSurvey = v.object({ counter: fields.id, surveyMode: fields.surveyMode, minIntervalSeconds: fields.minIntervalSeconds, phoneChannel: fields.phoneChannel });
const SomeCounter = v.object({ counter: fields.id });

export const actions: Actions = {
	createCounter: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['service', 'code', 'name']);
		const parsed = readForm(NewCounter, raw);
		if ('problems' in parsed) return refuse('createCounter', parsed.problems, { values: raw });
		const { service: serviceId, ...counter } = parsed.data;
		const created = await settings.createCounter(db, mallId, { serviceId, ...counter }, actor);
		if ('error' in created) {
			const problem = created.error === 'code_taken' ? ({ field: 'code', problem: 'taken' } as const) : ({ field: 'service', problem: 'not_found' } as const);
			return refuse('createCounter', problem, { values: raw });
		}
		saved(url, 'counter_created', `counter-${created.id}`);
	},

	updateCounter: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['counter', 'surveyMode', 'minIntervalSeconds', 'phoneChannel']);
		const id = rowIdOf(raw.counter);
		const parsed = readForm(CounterSurvey, raw);
		if ('problems' in parsed) return refuse('updateCounter', parsed.problems, { id, values: raw });
		const { counter: counterId, ...change } = parsed.data;
		if (!(await settings.updateCounterSettings(db, mallId, counterId, change, actor))) {
			return refuse('updateCounter', { field: 'counter', problem: 'not_found' }, { id, values: raw });
		}
		saved(url, 'counter_updated', `counter-${id}`);
	},

	/** Out of service: hidden from pickers, the kiosk and the phone survey, its tablet unpaired; its history stays. */
	archiveCounter: async ({ locals, request, url }) => {
		return archiveOrRestore(await adminOf(locals), await request.formData(), url, true);
	},

	restoreCounter: async ({ locals, request, url }) => {
		return archiveOrRestore(await adminOf(locals), await request.formData(), url, false);
	}
};

async function archiveOrRestore({ db, mallId, actor }: Awaited<ReturnType<typeof adminOf>>, form: FormData, url: URL, archived: boolean) {
	const action = archived ? 'archiveCounter' : 'restoreCounter';
	const raw = formValues(form, ['counter']);
	const id = rowIdOf(raw.counter);
	const parsed = readForm(SomeCounter, raw);
	if ('problems' in parsed) return refuse(action, parsed.problems, { id });
	if (!(await setArchived(db, mallId, 'counter', parsed.data.counter, archived, actor))) return refuse(action, { field: 'counter', problem: 'not_found' }, { id });
	saved(url, archived ? 'counter_archived' : 'counter_restored', `counter-${id}`);
}
