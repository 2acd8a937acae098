import { describe, expect, it } from 'vitest';
import { sameOriginTarget } from './redirects';

const ORIGIN = 'https://puas.example';

describe('sameOriginTarget', () => {
	it.each([
		['/app', '/app'],
		['/app/reports?scope=agency-3&period=year&value=2025', '/app/reports?scope=agency-3&period=year&value=2025'],
		['/app#ranking', '/app#ranking'],
		['app', '/app'],
		['https://puas.example/app/alerts', '/app/alerts'],
		['/./app/../app/comments', '/app/comments']
	])('keeps %j as %j', (target, expected) => {
		expect(sameOriginTarget(target, ORIGIN)).toBe(expected);
	});

	it.each([
		'/\\evil.example',
		'\\\\evil.example',
		'//evil.example',
		'///evil.example',
		'/\\/evil.example/app',
		'https://evil.example/app',
		'http://puas.example/app',
		'https://puas.example.evil.example/',
		'https://puas.example@evil.example/',
		'javascript:alert(1)',
		'data:text/html,hi',
		'\t//evil.example',
		'/\t/evil.example',
		'java\nscript:alert(1)',
		''
	])('refuses %j', (target) => {
		expect(sameOriginTarget(target, ORIGIN, '/fallback')).toBe('/fallback');
	});

	// A browser resolves these on this site too; what comes back must stay here when resolved again.
	it.each([
		['https:evil.example', '/evil.example'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example']
	])('resolves %j on this site, as a browser would', (target, expected) => {
		const result = sameOriginTarget(target, ORIGIN, '/fallback');
		expect(result).toBe(expected);
		expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
	});
});
