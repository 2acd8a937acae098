import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { localDate } from '$lib/domain/periods';
import { MIN_PUBLISHED_CELL } from '$lib/domain/privacy';
import { canPublishReport } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { actorOf } from '$lib/server/audit/audit';
import { getDb } from '$lib/server/db';
import { formValues, readForm, refuse } from '$lib/server/forms/read-form';
import { homeScope, scopeOptions } from '$lib/server/indicators/dashboard';
import { findScope } from '$lib/server/indicators/queries';
import { mallTimeZone } from '$lib/server/organization/queries';
import { parsePeriodParams, readScopePeriod } from '$lib/server/indicators/query-params';
import { parseScope } from '$lib/domain/scope';
import { buildReport } from '$lib/server/reports/report';
import { optionalText } from '$lib/server/forms/fields';
import { finalizeReport, listSnapshots, setPublished, SUPERSEDE_REASON_MAX, type FinalizeRefusal, type SnapshotScope } from '$lib/server/reports/snapshots';
import type { FieldProblem } from '$lib/forms/problems';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { access } = signedIn(locals);
	const db = await getDb();
	const params = url.searchParams;
	const timeZone = await mallTimeZone(db, access.mallId);
	const today = localDate(new Date(), timeZone);
	const { scope, period, errors } = readScopePeriod(params, { scope: await homeScope(db, access), today });
	// A unit that does not exist and one the user may not read answer the same 404.
	const report = await buildReport(db, access, scope, period);
	const found = await findScope(db, scope, access);
	if (!report || !found) error(404, { message: 'not found', code: 'not_found' });
	const snapshots = scope.type === 'counter' ? [] : await listSnapshots(db, access, scope);
	return {
		scope,
		scopeKey: `${scope.type}-${scope.id}`,
		options: (await scopeOptions(db, access, scope)).filter((o) => o.type !== 'counter'),
		period,
		today,
		errors,
		report,
		snapshots,
		/** The current final report of the page's scope and period: finalizing again replaces it (with a reason). */
		current: snapshots.find((s) => s.periodKind === period.kind && s.periodValue === period.value && !s.supersededAt)?.hash ?? null,
		canFinalize: scope.type !== 'counter' && canPublishReport(access, found.agencyId),
		finalized: params.get('finalized'),
		superseded: params.get('superseded') !== null,
		imported: params.get('imported')
	};
};

/** The report's own query (scope and period) from the page URL, for the 303 back to it. */
function backTo(url: URL, extra: Record<string, string> = {}): string {
	const params = new URLSearchParams([...url.searchParams].filter(([key]) => !key.startsWith('/') && !['finalized', 'superseded', 'imported'].includes(key)));
	for (const [key, value] of Object.entries(extra)) params.set(key, value);
	return `${url.pathname}?${params}`;
}

const Publication = v.object({
	hash: v.pipe(v.string('required'), v.regex(/^[0-9a-f]{64}$/, 'not_found')),
	published: v.pipe(v.nullable(v.string()), v.transform((value) => value === 'true'))
});

const Finalization = v.object({ reason: optionalText(SUPERSEDE_REASON_MAX) });

/** Each refusal of finalizeReport as the field and problem the form shows (problems.ts words them). */
const FINALIZE_PROBLEMS: Record<Exclude<FinalizeRefusal, 'forbidden'>, FieldProblem> = {
	not_ended: { field: 'period', problem: 'range' },
	empty: { field: 'period', problem: 'too_few' },
	reason_required: { field: 'reason', problem: 'required' },
	concurrent: { field: 'form', problem: 'taken' }
};

export const actions: Actions = {
	/**
	 * Freeze the report of the page's scope and period as a snapshot (an ended period with respondents); with a reason,
	 * replace the current one. Back to the page showing its hash.
	 */
	finalize: async ({ locals, request, url }) => {
		const { user, access } = signedIn(locals);
		const scope = parseScope(url.searchParams.get('scope') ?? '');
		const period = parsePeriodParams(url.searchParams);
		if (!scope || scope.type === 'counter' || !period) return refuse('finalize', { field: 'form', problem: 'invalid' });
		const raw = formValues(await request.formData(), ['reason']);
		const parsed = readForm(Finalization, raw);
		if ('problems' in parsed) return refuse('finalize', parsed.problems, { values: raw });
		const result = await finalizeReport(await getDb(), access, user.id, scope as SnapshotScope, period, { reason: parsed.data.reason || null, actor: actorOf(user) });
		if (result.refused === 'forbidden') error(403, { message: 'you may not finalize this report', code: 'forbidden' });
		if (result.refused) return refuse('finalize', FINALIZE_PROBLEMS[result.refused], { values: raw });
		redirect(303, backTo(url, result.supersedes ? { finalized: result.hash, superseded: '' } : { finalized: result.hash }));
	},
	/** Publish a snapshot on /publik (not one of fewer than MIN_PUBLISHED_CELL respondents), or withdraw it. */
	publish: async ({ locals, request, url }) => {
		const { access } = signedIn(locals);
		const parsed = readForm(Publication, formValues(await request.formData(), ['hash', 'published']));
		if ('problems' in parsed) return refuse('publish', parsed.problems);
		const { hash, published } = parsed.data;
		const result = await setPublished(await getDb(), access, hash, published);
		if (result === 'not_found') error(403, { message: 'you may not publish this report', code: 'forbidden' });
		if (result === 'too_few') return refuse('publish', { field: 'hash', problem: 'too_few', min: MIN_PUBLISHED_CELL });
		if (result === 'superseded') return refuse('publish', { field: 'hash', problem: 'not_allowed' });
		redirect(303, backTo(url));
	}
};
