import type { LayoutServerLoad } from './$types';
import { signedIn } from '$lib/server/access/page-access';

export const load: LayoutServerLoad = ({ locals }) => {
	const { user } = signedIn(locals);
	return { user: { name: user.name, email: user.email, role: user.role } };
};
