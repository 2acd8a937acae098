import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { canonicalDownload } from '$lib/server/reports/exports';
import { findSnapshotByHash } from '$lib/server/reports/snapshots';

/** GET /verify/<hash>/json: the snapshot's canonical bytes — `sha256sum` of the file is the hash. */
export const GET: RequestHandler = async ({ params }) => {
	const snapshot = await findSnapshotByHash(await getDb(), params.hash.toLowerCase());
	if (!snapshot) error(404, { message: 'no finalized report has this SHA-256', code: 'not_found' });
	return canonicalDownload(snapshot.canonical, snapshot.hash);
};
