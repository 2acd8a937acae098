import { describe, expect, it } from 'vitest';
import { hashPin, isValidPin } from '../server/kiosk/pin';
import { verifyPin } from './pin';

describe('staff PIN', () => {
	it('verifies in WebCrypto what the server hashed', async () => {
		const stored = hashPin('2468', 1000);
		expect(stored).toMatch(/^pbkdf2-sha256\$1000\$[\w-]{22}\$[\w-]{43}$/);
		expect(await verifyPin('2468', stored)).toBe(true);
		expect(await verifyPin('2469', stored)).toBe(false);
		expect(await verifyPin('2468', 'garbage')).toBe(false);
	});

	it('salts each hash', () => {
		expect(hashPin('2468', 1000)).not.toBe(hashPin('2468', 1000));
	});

	it.each([
		['2468', true],
		['12345678', true],
		['123', false],
		['123456789', false],
		['12a4', false]
	])('%s is a valid PIN: %s', (pin, valid) => {
		expect(isValidPin(pin)).toBe(valid);
	});
});
