/**
 * The kiosk as a standalone Svelte app, built apart from SvelteKit's client (vite.kiosk.config.ts): a counter
 * tablet loads only the Svelte runtime and the survey, not the router and the dashboard's code.
 */
import { mount } from 'svelte';
import Kiosk from '../lib/kiosk/Kiosk.svelte';

declare const __PUAS_VERSION__: string;

mount(Kiosk, { target: document.getElementById('kiosk')!, props: { version: __PUAS_VERSION__ } });

// The service worker (SvelteKit's, built from src/service-worker.ts) keeps the kiosk working offline.
if ('serviceWorker' in navigator && !import.meta.env.DEV) {
	addEventListener('load', () => void navigator.serviceWorker.register('/service-worker.js'));
}
