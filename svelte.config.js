import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { appVersion } from './version.config.js';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter(),
		version: { name: appVersion },
		// The kiosk registers the service worker itself (its page runs no SvelteKit client); other pages need none.
		serviceWorker: { register: false }
	}
};
