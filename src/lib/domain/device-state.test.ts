import { describe, expect, it } from 'vitest';
import { deviceState } from './device-state';

describe('deviceState', () => {
	it.each([
		[{ revoked: false, silent: false, missing: 0 }, 'ok'],
		[{ revoked: false, silent: false, missing: 1 }, 'gaps'],
		[{ revoked: false, silent: false, missing: 250 }, 'gaps'],
		[{ revoked: false, silent: true, missing: 0 }, 'silent'],
		[{ revoked: false, silent: true, missing: 3 }, 'silent'],
		[{ revoked: true, silent: false, missing: 0 }, 'revoked'],
		[{ revoked: true, silent: false, missing: 3 }, 'revoked'],
		[{ revoked: true, silent: true, missing: 3 }, 'revoked']
	] as const)('%j → %s', (device, expected) => {
		expect(deviceState(device)).toBe(expected);
	});
});
