/**
 * Where the CLIs (npm run device:* / user:* / token:* / kiosk:pin, rollups:rebuild) find the running server.
 */
import { describe, expect, it } from 'vitest';
import { serverUrl } from '../../scripts/lib/server-url';

describe('serverUrl', () => {
	it.each([
		['nothing set: port 3000', undefined, {}, { url: 'http://localhost:3000' }],
		['PORT alone', undefined, { PORT: '8080' }, { url: 'http://localhost:8080' }],
		['an empty PORT counts as unset', undefined, { PORT: '' }, { url: 'http://localhost:3000' }],
		['ORIGIN before PORT', undefined, { ORIGIN: 'https://puas.example.go.id', PORT: '8080' }, { url: 'https://puas.example.go.id' }],
		['PUAS_URL before ORIGIN', undefined, { PUAS_URL: 'http://127.0.0.1:5000', ORIGIN: 'https://puas.example.go.id' }, { url: 'http://127.0.0.1:5000' }],
		['an empty PUAS_URL counts as unset', undefined, { PUAS_URL: '', PORT: '4000' }, { url: 'http://localhost:4000' }],
		['--url before everything', 'http://10.0.0.5:3001', { PUAS_URL: 'http://127.0.0.1:5000', ORIGIN: 'https://x.go.id', PORT: '8080' }, { url: 'http://10.0.0.5:3001' }],
		['a trailing slash or path is dropped (the API is at the root)', 'http://localhost:3000/app/', {}, { url: 'http://localhost:3000' }]
	] as const)('%s', (_, flag, env, expected) => {
		expect(serverUrl(flag, env)).toEqual(expected);
	});

	it.each([
		['--url without a scheme', 'localhost:3000', {}, '--url (localhost:3000) must start with http:// or https://'],
		['--url that is no address', 'puas', {}, '--url (puas) is not an address like http://localhost:3000'],
		['a PORT that is no number', undefined, { PORT: 'abc' }, 'PORT (http://localhost:abc) is not an address like http://localhost:3000'],
		['PUAS_URL of another scheme', undefined, { PUAS_URL: 'ftp://host' }, 'PUAS_URL (ftp://host) must start with http:// or https://']
	] as const)('names the setting at fault: %s', (_, flag, env, problem) => {
		expect(serverUrl(flag, env)).toEqual({ problem });
	});
});
