/**
 * Which routes need what, decided by route group (the hooks enforce it before any load or action runs):
 * everything under (app) needs a signed-in user, (app)/app/admin an admin; API handlers guard themselves
 * (requireDevice / requireAdmin / requireOperator / requireReader / allowPublic); the rest is public.
 */
export type RoutePolicy = 'public' | 'signed-in' | 'admin' | 'api';

export function policyFor(routeId: string | null): RoutePolicy {
	if (routeId === null) return 'public'; // no route: SvelteKit answers 404
	if (routeId.startsWith('/(app)/app/admin')) return 'admin';
	if (routeId.startsWith('/(app)')) return 'signed-in';
	if (routeId.startsWith('/api/')) return 'api';
	return 'public';
}
