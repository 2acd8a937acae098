import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { SKM_2017 } from '$lib/domain/instruments';
import { localDate } from '$lib/domain/periods';
import { assertReadsComments, signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { FOLLOW_UP_STATUSES, listFollowUps, setFollowUpStatus, StatusFormSchema } from '$lib/server/follow-up/follow-ups';
import * as fields from '$lib/server/forms/fields';
import { formValues, readForm, refuse, rowIdOf } from '$lib/server/forms/read-form';
import { mallTimeZone } from '$lib/server/organization/queries';
import { readsOnly } from '$lib/domain/roles';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	assertReadsComments(access);
	const db = await getDb();
	const status = v.safeParse(v.picklist(FOLLOW_UP_STATUSES), url.searchParams.get('status'));
	const complaint = v.safeParse(fields.id, url.searchParams.get('complaint') ?? '');
	const timeZone = await mallTimeZone(db, access.mallId);
	const list = await listFollowUps(db, access, {
		status: status.success ? status.output : undefined,
		complaintId: complaint.success ? complaint.output : undefined
	});
	return {
		...list,
		status: status.success ? status.output : null,
		complaintId: complaint.success ? complaint.output : null,
		statuses: FOLLOW_UP_STATUSES,
		today: localDate(new Date(), timeZone),
		timeZone,
		unsur: SKM_2017.items.map((item) => ({ code: item.code, name: item.name })),
		canAct: !readsOnly(access)
	};
};

export const actions: Actions = {
	/** Move an item to another status; back to the same view (303) with a notice. */
	setStatus: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const raw = formValues(await request.formData(), ['id', 'status']);
		const parsed = readForm(StatusFormSchema, raw);
		if ('problems' in parsed) return refuse('setStatus', parsed.problems, { id: rowIdOf(raw.id), values: raw });
		await setFollowUpStatus(await getDb(), access, parsed.data.id, parsed.data.status);
		// Not `saved`: the 303 keeps the view's filters (?status=, ?complaint=).
		redirect(303, `${withoutAction(url, ['saved', 'status'])}#follow-up-${parsed.data.id}`);
	}
};

/** The view's URL without SvelteKit's named-action key (`?/setStatus`) and an old notice, for the 303 back to it. */
function withoutAction(url: URL, notice?: [string, string]): string {
	const params = new URLSearchParams([...url.searchParams].filter(([key]) => !key.startsWith('/') && key !== 'saved'));
	if (notice) params.set(notice[0], notice[1]);
	const search = params.toString();
	return url.pathname + (search ? `?${search}` : '');
}
