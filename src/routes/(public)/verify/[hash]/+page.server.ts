import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { verificationOf } from '$lib/server/reports/publication';
import { findSnapshotByHash } from '$lib/server/reports/snapshots';

/** Anyone holding a finalized report's SHA-256 may check it: the hash is the secret, and it is 256 bits. */
export const load: PageServerLoad = async ({ params }) => {
	const snapshot = await findSnapshotByHash(await getDb(), params.hash.toLowerCase());
	if (!snapshot) error(404, { message: 'no finalized report has this SHA-256', code: 'not_found' });
	return verificationOf(snapshot);
};
