import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import { SKM_2017 } from '$lib/domain/instruments';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import * as fields from '$lib/server/forms/fields';
import { analyseImpact, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from '$lib/server/innovation/impact';
import { findInnovation } from '$lib/server/innovation/innovations';

const DaysSchema = v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(MIN_WINDOW_DAYS), v.maxValue(MAX_WINDOW_DAYS));

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const rawId = url.searchParams.get('id');
	if (rawId === null) redirect(303, '/app/innovations');
	const id = v.safeParse(fields.id, rawId);
	if (!id.success) error(404, { message: 'not found', code: 'not_found' });
	const db = await getDb();
	const innovation = await findInnovation(db, access, id.output);
	const rawDays = url.searchParams.get('days');
	const days = rawDays === null || rawDays === '' ? { success: true as const, output: DEFAULT_WINDOW_DAYS } : v.safeParse(DaysSchema, rawDays);
	const compare = url.searchParams.get('compare') === '1';
	const analysis = await analyseImpact(db, access, innovation, { days: days.success ? days.output : DEFAULT_WINDOW_DAYS, compare });
	return {
		innovation,
		analysis,
		daysInvalid: !days.success,
		daysInput: rawDays ?? String(DEFAULT_WINDOW_DAYS),
		compare,
		limits: { min: MIN_WINDOW_DAYS, max: MAX_WINDOW_DAYS },
		unsur: SKM_2017.items.map((item) => ({ code: item.code, name: item.name }))
	};
};
