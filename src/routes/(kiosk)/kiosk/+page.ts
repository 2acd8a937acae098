// The kiosk shell is static HTML that loads the standalone kiosk app (src/kiosk-app); no SvelteKit client runs
// here, and the service worker keeps the shell so the kiosk opens with no network at all.
export const ssr = true;
export const csr = false;
export const prerender = true;
