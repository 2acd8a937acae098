// The kiosk shell is HTML that loads the standalone kiosk app (src/kiosk-app); no SvelteKit client runs here. It is
// rendered per request (not prerendered) so it carries the security headers, and the service worker keeps a copy so
// the kiosk opens with no network at all.
export const ssr = true;
export const csr = false;
