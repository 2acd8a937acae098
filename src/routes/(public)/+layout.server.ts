import type { LayoutServerLoad } from './$types';

/** Whether a visitor is signed in: the header then links to the dashboard instead of the sign-in page. */
export const load: LayoutServerLoad = ({ locals }) => ({ signedIn: locals.user !== null });
