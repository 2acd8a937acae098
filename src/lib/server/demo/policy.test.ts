import { describe, expect, it } from 'vitest';
import { shouldSeedDemo } from './policy';

describe('shouldSeedDemo', () => {
	it.each([
		[undefined, 'pglite', true],
		[undefined, 'postgres', false],
		['', 'pglite', true],
		['1', 'postgres', true],
		['1', 'pglite', true],
		['0', 'pglite', false],
		['0', 'postgres', false]
	] as const)('PUAS_DEMO=%s on %s → %s', (setting, kind, expected) => {
		expect(shouldSeedDemo(setting, kind)).toBe(expected);
	});
});
