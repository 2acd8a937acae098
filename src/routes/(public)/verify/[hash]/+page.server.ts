import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { findSnapshotByHash } from '$lib/server/reports/snapshots';

/** Anyone holding a finalized report's SHA-256 may check its figures: the hash is the secret, and it is 256 bits. */
export const load: PageServerLoad = async ({ params }) => {
	const hash = params.hash.toLowerCase();
	const snapshot = await findSnapshotByHash(await getDb(), hash);
	if (!snapshot) error(404, { message: 'no finalized report has this SHA-256', code: 'not_found' });
	const { report } = snapshot;
	return {
		hash,
		intact: snapshot.intact,
		finalizedAt: snapshot.finalizedAt,
		receivedBy: snapshot.receivedBy,
		published: snapshot.published,
		identity: report.identity,
		period: report.period,
		figures: report.figures,
		unsur: report.unsur,
		method: { instrument: report.method.instrument, respondents: report.method.respondents }
	};
};
