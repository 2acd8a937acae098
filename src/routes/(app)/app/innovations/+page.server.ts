import type { PageServerLoad } from './$types';
import { canAdminister, readsOnly } from '$lib/domain/roles';
import { signedIn } from '$lib/server/access/page-access';
import { getDb } from '$lib/server/db';
import { listInnovations } from '$lib/server/innovation/innovations';

export const load: PageServerLoad = async ({ locals }) => {
	const { access } = signedIn(locals);
	return {
		innovations: await listInnovations(await getDb(), access),
		canCreate: !readsOnly(access) && (canAdminister(access) || (access.agencyIds?.length ?? 0) > 0)
	};
};
