import { error, json, type RequestHandler } from '@sveltejs/kit';
import * as v from 'valibot';
import { canCheckIntegrity } from '$lib/domain/integrity';
import { requireReader } from '$lib/server/access/guards';
import { checkIntegrity } from '$lib/server/integrity/checks';
import { agencyInMall, hallOfRequest, integrityJson, IntegrityQuerySchema } from '$lib/server/integrity/query';
import { fieldErrors } from '$lib/server/responses/schema';

/**
 * The integrity checks of a hall's local days from..to (at most 366), or of one agency: every flag with its rule,
 * subject, day, evidence and review, the IKM with and without the flagged responses, and the phone-open share per
 * counter. Admins and evaluators (and admin API tokens); managers 403; another hall's agency or hall 404.
 */
export const GET: RequestHandler = async (event) => {
	const { db, access } = await requireReader(event);
	if (!canCheckIntegrity(access.role)) error(403, { message: 'admins and evaluators only', code: 'forbidden' });
	const parsed = v.safeParse(IntegrityQuerySchema, Object.fromEntries(event.url.searchParams));
	if (!parsed.success) {
		error(400, { message: fieldErrors(parsed.issues).map((e) => `${e.field}: ${e.message}`).join('; '), code: 'invalid_query' });
	}
	const { from, to, agency, mall } = parsed.output;
	if (access.mallId === null && mall === undefined) error(400, { message: 'mall: required with an installation-wide token', code: 'invalid_query' });
	const mallId = await hallOfRequest(db, access, mall);
	if (mallId === null) error(404, { message: `no hall ${mall}`, code: 'not_found' });
	const hallAccess = { ...access, mallId };
	if (agency !== undefined && !(await agencyInMall(db, hallAccess, agency))) error(404, { message: `no agency ${agency}`, code: 'not_found' });
	const { report } = await checkIntegrity(db, hallAccess, { from, to, unit: agency === undefined ? null : { type: 'agency', id: agency } });
	return json(integrityJson(report));
};
