/**
 * Builds the kiosk (src/kiosk-app) into static/kiosk-app before the SvelteKit build, which then serves it as static
 * files and lists it for the service worker to cache. Run by `npm run build`.
 */
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { appVersion } from './version.config.js';

export default defineConfig({
	plugins: [svelte({ preprocess: vitePreprocess(), compilerOptions: { runes: true } })],
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	define: { __PUAS_VERSION__: JSON.stringify(appVersion) },
	publicDir: false,
	build: {
		outDir: 'static/kiosk-app',
		emptyOutDir: true,
		target: 'es2022',
		cssCodeSplit: false,
		rolldownOptions: {
			input: fileURLToPath(new URL('./src/kiosk-app/main.ts', import.meta.url)),
			checks: { bundlerTimings: false },
			output: {
				entryFileNames: 'kiosk.js',
				chunkFileNames: 'kiosk-[name]-[hash].js',
				assetFileNames: 'kiosk.[ext]'
			}
		}
	}
});
