import * as v from 'valibot';
import { renderSVG } from 'uqr';
import type { Actions, PageServerLoad } from './$types';
import { createPairingCode } from '$lib/server/kiosk/pairing';
import { listDevices, revokeDevice } from '$lib/server/kiosk/devices';
import * as settings from '$lib/server/organization/settings';
import * as fields from '$lib/server/forms/fields';
import { adminOf } from '$lib/server/access/page-access';
import { formValues, readForm, refuse, rowIdOf, saved } from '$lib/server/forms/read-form';

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId, access } = await adminOf(locals);
	const [devices, counters] = await Promise.all([listDevices(db, access), settings.listCounters(db, mallId)]);
	return { devices, counters: counters.map(({ id, code, name }) => ({ id, code, name })) };
};

const Pairing = v.object({ counter: fields.id });
const RenamedDevice = v.object({ device: fields.id, name: fields.name });
const RevokedDevice = v.object({ device: fields.id });

export const actions: Actions = {
	/** A one-time code is shown once (the database keeps only its hash), so this answers with it instead of a 303. */
	pair: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['counter']);
		const parsed = readForm(Pairing, raw);
		if ('problems' in parsed) return refuse('pair', parsed.problems, { values: raw });
		const counter = await settings.findCounter(db, mallId, parsed.data.counter);
		if (!counter) return refuse('pair', { field: 'counter', problem: 'not_found' }, { values: raw });
		const { code, expiresAt } = await createPairingCode(db, counter, new Date(), actor);
		const pairUrl = new URL(`/kiosk?pair=${code}`, url.origin).toString();
		return { pairing: { code, expiresAt, pairUrl, qrSvg: renderSVG(pairUrl, { border: 1 }), counter: { code: counter.code, name: counter.name } } };
	},

	renameDevice: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['device', 'name']);
		const id = rowIdOf(raw.device);
		const parsed = readForm(RenamedDevice, raw);
		if ('problems' in parsed) return refuse('renameDevice', parsed.problems, { id, values: raw });
		if (!(await settings.renameDevice(db, mallId, parsed.data.device, parsed.data.name, actor))) {
			return refuse('renameDevice', { field: 'device', problem: 'not_found' }, { id, values: raw });
		}
		saved(url, 'device_renamed', `device-${id}`);
	},

	revokeDevice: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), ['device']);
		const id = rowIdOf(raw.device);
		const parsed = readForm(RevokedDevice, raw);
		if ('problems' in parsed) return refuse('revokeDevice', parsed.problems, { id });
		if (!(await revokeDevice(db, parsed.data.device, mallId, new Date(), actor))) return refuse('revokeDevice', { field: 'device', problem: 'not_found' }, { id });
		saved(url, 'device_revoked', `device-${id}`);
	}
};
