/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Keeps the kiosk working with no network: its shell (/kiosk), the app's built assets and static files are
 * cached at install; pages are fetched fresh when possible and served from the cache when not. API calls are
 * never cached: responses wait in the kiosk's IndexedDB outbox instead.
 */
import { build, files, prerendered, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `puas-${version}`;
/** The kiosk's shell page, rendered by the server (with its security headers) and kept for offline starts. */
const KIOSK_SHELL = '/kiosk';
const PRECACHE = [...build, ...files, ...prerendered, KIOSK_SHELL];
const PRECACHED = new Set(PRECACHE);
/** How long a page request may take before the cached copy is used. */
const NETWORK_TIMEOUT_MS = 4_000;

worker.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(PRECACHE))
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
		if (response.ok && PRECACHED.has(new URL(request.url).pathname)) await cache.put(request, response.clone());
		return response;
	} catch (error) {
		const cached = (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match(new URL(request.url).pathname));
		if (cached) return cached;
		throw error;
	}
}

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== worker.location.origin || url.pathname.startsWith('/api/')) return;
	if (build.includes(url.pathname) || files.includes(url.pathname)) {
		// Hashed or static assets: the cached copy is the right one.
		event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
	} else if (PRECACHED.has(url.pathname)) {
		event.respondWith(networkFirst(request));
	}
});
