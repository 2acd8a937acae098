/**
 * What every answer carries (CSP with nonces, no framing, nosniff, a referrer policy, HSTS behind https), redirects
 * that never leave the site, and the client address read from a trusted proxy's header when one is configured.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { hasPostgres, startServer, type RunningServer } from './harness';
import { MANAGER, prepareHall } from './fixtures';

describe.skipIf(!hasPostgres)('security headers and redirects', () => {
	let server: RunningServer;
	beforeAll(async () => {
		// As behind the TLS proxy the README describes: the proxy's X-Forwarded-For names the client.
		server = await startServer({ env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' } });
		await prepareHall(server);
	});
	afterAll(async () => {
		await server?.stop();
	});

	it.each([
		['/', true],
		['/login', true],
		['/publik', true],
		['/s/A-01', true],
		// The counter's QR poster is printed, never framed.
		['/poster/A-01', true],
		// The kiosk shell runs no inline script at all (only /kiosk-app/kiosk.js), so it needs no nonce.
		['/kiosk', false]
	])('%s: a CSP with scripts from this site only, no framing, nosniff, a referrer policy', async (path, inlineScripts) => {
		const response = await fetch(`${server.url}${path}`);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(inlineScripts ? /script-src 'self' 'nonce-[\w+/=]+'(;|$)/ : /script-src 'self'(;|$)/);
		expect(csp).not.toContain('unsafe-eval');
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('same-origin');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		// Plain http here: no HSTS (it would pin a browser to https that this origin does not serve).
		expect(response.headers.get('strict-transport-security')).toBeNull();
	});

	it('API answers may not be framed or sniffed either', async () => {
		const response = await fetch(`${server.url}/api/v1/openapi.json`);
		expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it.each(['/\\evil.example', '//evil.example', '/\\/evil.example', 'https://evil.example/', '\t//evil.example'])(
		'the language switch and sign-in never redirect to %j',
		async (to) => {
			const language = await fetch(`${server.url}/bahasa`, {
				method: 'POST',
				headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ locale: 'en', to }),
				redirect: 'manual'
			});
			expect(language.status).toBe(303);
			expect(new URL(language.headers.get('location')!, server.url).origin).toBe(server.url);
			const login = await fetch(`${server.url}/login?to=${encodeURIComponent(to)}`, {
				method: 'POST',
				headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.99' },
				body: new URLSearchParams({ email: MANAGER.email, password: MANAGER.password }),
				redirect: 'manual'
			});
			expect(login.status).toBe(303);
			expect(login.headers.get('location')).toBe('/app');
		}
	);

	it('counts sign-in failures by the address the trusted proxy names', async () => {
		for (const address of ['198.51.100.7', '198.51.100.8']) {
			await fetch(`${server.url}/login`, {
				method: 'POST',
				headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
				body: new URLSearchParams({ email: MANAGER.email, password: 'not-the-password' }),
				redirect: 'manual'
			});
		}
		const keys = rowsOf<{ key: string }>(await server.database.db.execute(sql`select key from rate_limits where key like 'login-fail-address:%' order by key`)).map((r) => r.key);
		expect(keys).toEqual(expect.arrayContaining(['login-fail-address:198.51.100.7', 'login-fail-address:198.51.100.8']));
	});
});

describe.skipIf(!hasPostgres)('behind https', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ env: { ORIGIN: 'https://puas.example' } });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('sends HSTS when the public origin is https', async () => {
		const response = await fetch(`${server.url}/login`);
		expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
	});
});
