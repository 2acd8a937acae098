import type { LayoutServerLoad } from './$types';
import { signedInUser } from '$lib/server/access/page-access';
import { canReadComments, readsAcrossHalls } from '$lib/domain/roles';
import { getDb } from '$lib/server/db';
import { mallName } from '$lib/server/organization/queries';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { user, access, reach } = signedInUser(locals);
	// A reader across halls sees the halls page, and a hall's pages (read only) once one is in view.
	const hallInView = readsAcrossHalls(reach) && access.mallId !== null ? { id: access.mallId, name: await mallName(await getDb(), access.mallId) } : null;
	return {
		user: { name: user.name, email: user.email, role: user.role },
		acrossHalls: readsAcrossHalls(reach),
		hallInView,
		readsComments: canReadComments(access)
	};
};
