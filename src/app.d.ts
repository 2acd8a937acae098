// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** A stable machine-readable code for API clients (e.g. "device_revoked"). */
			code?: string;
		}
	}
}

export {};
