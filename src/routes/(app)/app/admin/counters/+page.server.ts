import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as settings from '$lib/server/organization/settings';
import * as fields from '$lib/server/forms/fields';
import { adminOf } from '$lib/server/access/page-access';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	const [counters, agencies] = await Promise.all([settings.listCounters(db, mallId), settings.listAgenciesWithServices(db, mallId)]);
	return { counters, agencies };
};

const NewCounter = v.object({ service: fields.id, code: fields.counterCode, name: fields.name });
const CounterSurvey = v.object({ counter: fields.id, surveyMode: fields.surveyMode, minIntervalSeconds: fields.minIntervalSeconds });

export const actions: Actions = {
	createCounter: async ({ locals, request, url }) => {
		const { db, mallId } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['service', 'code', 'name']);
		const parsed = readForm(NewCounter, raw);
		if ('problems' in parsed) return refuse('createCounter', parsed.problems, { values: raw });
		const { service: serviceId, ...counter } = parsed.data;
		const created = await settings.createCounter(db, mallId, { serviceId, ...counter });
		if ('error' in created) {
			const problem = created.error === 'code_taken' ? ({ field: 'code', problem: 'taken' } as const) : ({ field: 'service', problem: 'not_found' } as const);
			return refuse('createCounter', problem, { values: raw });
		}
		saved(url, 'counter_created', `counter-${created.id}`);
	},

	updateCounter: async ({ locals, request, url }) => {
		const { db, mallId } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['counter', 'surveyMode', 'minIntervalSeconds']);
		const id = rowIdOf(raw.counter);
		const parsed = readForm(CounterSurvey, raw);
		if ('problems' in parsed) return refuse('updateCounter', parsed.problems, { id, values: raw });
		const { counter: counterId, ...change } = parsed.data;
		if (!(await settings.updateCounterSettings(db, mallId, counterId, change))) {
			return refuse('updateCounter', { field: 'counter', problem: 'not_found' }, { id, values: raw });
		}
		saved(url, 'counter_updated', `counter-${id}`);
	}
};
