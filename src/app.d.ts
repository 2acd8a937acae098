// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Access } from '$lib/domain/roles';
import type { SessionUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A stable machine-readable code for API clients (e.g. "device_revoked"). */
			code?: string;
		}
		interface Locals {
			/** The signed-in user, if any (set by the authenticate hook). */
			user: SessionUser | null;
			/** What the user may see and do. */
			access: Access | null;
		}
	}
}

export {};
