import { describe, expect, it } from 'vitest';
import { parseScope } from './scope';

describe('parseScope', () => {
	it.each([
		['mall-1', { type: 'mall', id: 1 }],
		['agency-3', { type: 'agency', id: 3 }],
		['service-12', { type: 'service', id: 12 }],
		['counter-2147483647', { type: 'counter', id: 2147483647 }],
		['counter-2147483648', null],
		['agency-0', null],
		['agency-', null],
		['agency-3x', null],
		['desk-3', null],
		['Agency-3', null],
		['', null]
	])('%j → %j', (text, scope) => {
		expect(parseScope(text)).toEqual(scope);
	});
});
