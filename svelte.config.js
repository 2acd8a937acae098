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
		serviceWorker: { register: false },
		// Scripts only from this origin, SvelteKit's inline ones by nonce; no framing (the kiosk and the poster too).
		// Styles allow 'unsafe-inline': Svelte writes style attributes (chart sizes, bar widths) into the markup.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};
