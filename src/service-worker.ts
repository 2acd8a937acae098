/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Keeps the kiosk working with no network. Only the kiosk registers this worker (src/kiosk-app/main.ts), so it
 * precaches the kiosk alone: its shell (/kiosk), the standalone kiosk app (static/kiosk-app, built by
 * vite.kiosk.config.ts, lazy chunks included) and the icon the shell names — about 35 KB gzip. SvelteKit's client
 * build (the dashboard, Chart.js, the phone survey) is neither precached nor intercepted: those pages load from the
 * network and the browser's HTTP cache as if there were no worker. The shell is fetched fresh when possible and
 * served from the cache when not. API calls are never cached: responses wait in the kiosk's IndexedDB outbox instead.
 * tests/e2e/kiosk/kiosk-precache.spec.ts holds the cache to this list and its size budget.
 */
import { base, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `puas-${version}`;
/** The kiosk's shell page, rendered by the server (with its security headers) and kept for offline starts. */
const KIOSK_SHELL = `${base}/kiosk`;
/** What the shell loads: the kiosk app's files and the favicon of src/app.html. */
const KIOSK_ASSETS = files.filter((path) => path.startsWith(`${base}/kiosk-app/`) || path === `${base}/favicon.svg`);
const PRECACHE = [...KIOSK_ASSETS, KIOSK_SHELL];
const ASSETS = new Set(KIOSK_ASSETS);
/** How long a request for the shell may take before the cached copy is used. */
const NETWORK_TIMEOUT_MS = 4_000;

worker.addEventListener('install', (event) => {
	// `no-cache`: these paths are not hashed (kiosk.js, kiosk.css, /kiosk), so the browser's HTTP cache could hold the
	// previous release's copy; revalidating costs a 304 for what the page has just loaded.
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'no-cache' }))))
			.then(() => worker.skipWaiting())
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
			.then(() => worker.clients.claim())
	);
});

async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	try {
		const response = await Promise.race([
			fetch(request),
			new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS))
		]);
		if (response.ok && !response.redirected) await cache.put(KIOSK_SHELL, response.clone());
		return response;
	} catch (error) {
		const cached = await cache.match(KIOSK_SHELL);
		if (cached) return cached;
		throw error;
	}
}

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== worker.location.origin) return;
	if (ASSETS.has(url.pathname)) {
		// Built with the worker's version: the cached copy is the right one.
		event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
	} else if (url.pathname === KIOSK_SHELL) {
		event.respondWith(networkFirst(request));
	}
});
