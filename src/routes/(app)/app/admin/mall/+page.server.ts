import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { MAX_LOGO_BYTES } from '$lib/domain/logo';
import { regionChoices } from '$lib/domain/regions';
import { adminOf } from '$lib/server/access/page-access';
import { HOURS_FIELDS, KioskPinForm, logoProblem, MALL_FIELDS, MallSettingsForm, openingHoursOf, OpeningHoursForm, PIN_FIELDS } from '$lib/server/forms/mall-settings-form';
import { formValues, readForm, refuse, saved } from '$lib/server/forms/read-form';
import * as mall from '$lib/server/organization/mall-settings';

/** The admin's own hall, gone meanwhile. */
const NOT_FOUND = { message: 'not found', code: 'not_found' };

export const load: PageServerLoad = async ({ locals }) => {
	const { db, mallId } = await adminOf(locals);
	const settings = await mall.findMallSettings(db, mallId);
	if (!settings) error(404, NOT_FOUND);
	return { settings, provinces: regionChoices(), maxLogoKb: MAX_LOGO_BYTES / 1024 };
};

export const actions: Actions = {
	saveMall: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), MALL_FIELDS);
		const parsed = readForm(MallSettingsForm, raw);
		if ('problems' in parsed) return refuse('saveMall', parsed.problems, { values: raw });
		const { region, ...identity } = parsed.data;
		const result = await mall.updateMallSettings(db, mallId, actor, { ...identity, regionCode: region });
		if (result === 'not_found') error(404, NOT_FOUND);
		if ('problem' in result) return refuse('saveMall', { field: 'region', problem: 'not_found' }, { values: raw });
		saved(url, result.rebuilt ? 'mall_rebuilt' : 'mall_saved', 'identity');
	},

	/** The PIN is never sent back, not even in a refusal. */
	setPin: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const parsed = readForm(KioskPinForm, formValues(await request.formData(), PIN_FIELDS));
		if ('problems' in parsed) return refuse('setPin', parsed.problems);
		if (!(await mall.setMallKioskPin(db, mallId, actor, parsed.data.pin))) error(404, NOT_FOUND);
		saved(url, 'kiosk_pin_set', 'kiosk-pin');
	},

	saveHours: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const raw = formValues(await request.formData(), HOURS_FIELDS);
		const parsed = readForm(OpeningHoursForm, raw);
		if ('problems' in parsed) return refuse('saveHours', parsed.problems, { values: raw });
		const hours = openingHoursOf(parsed.data as Record<string, string>);
		if ('problems' in hours) return refuse('saveHours', hours.problems, { values: raw });
		if (!(await mall.saveOpeningHours(db, mallId, actor, hours.data))) error(404, NOT_FOUND);
		saved(url, 'hours_saved', 'hours');
	},

	setLogo: async ({ locals, request, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return refuse('setLogo', logoProblem('required'));
		// Checked before the bytes are read: the body limit lets a file somewhat too large reach this sentence.
		if (file.size > MAX_LOGO_BYTES) return refuse('setLogo', logoProblem('too_large'));
		const result = await mall.setMallLogo(db, mallId, actor, new Uint8Array(await file.arrayBuffer()));
		if (result === 'not_found') error(404, NOT_FOUND);
		if ('problem' in result) return refuse('setLogo', logoProblem(result.problem));
		saved(url, 'logo_saved', 'logo');
	},

	removeLogo: async ({ locals, url }) => {
		const { db, mallId, actor } = await adminOf(locals);
		if (!(await mall.removeMallLogo(db, mallId, actor))) error(404, NOT_FOUND);
		saved(url, 'logo_removed', 'logo');
	}
};
