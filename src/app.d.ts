// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Access } from '$lib/domain/roles';
import type { SessionUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A stable machine-readable code for API clients (e.g. "device_revoked"). */
			code?: string;
			/** For an unexpected error: the id it was logged under (the page shows it, never a stack). */
			id?: string;
		}
		interface Locals {
			/** The signed-in user, if any (set by the authenticate hook). */
			user: SessionUser | null;
			/** What the user may see and do: for a reader across halls, limited to the hall in view (if any). */
			access: Access | null;
			/** Everything the user may read: their hall, or the halls of their region or the nation (the halls page). */
			reach: Access | null;
			/** Set when the request failed because the database could not be reached (answered 503). */
			databaseUnavailable?: boolean;
		}
		interface Platform {
			/** adapter-node's incoming request (absent under the dev server). */
			req?: import('node:http').IncomingMessage;
		}
	}
}

export {};
