import { describe, expect, it } from 'vitest';
import { isValidNip } from './nip';

describe('isValidNip', () => {
	it.each([
		['198503152010011003', true],
		['199012312015122001', true],
		['197602292001011001', true], // 1976 is a leap year
		['19850315201001100', false], // 17 digits
		['1985031520100110031', false], // 19 digits
		['19850315 201001100', false],
		['198513152010011003', false], // month 13
		['197702292001011001', false], // 29 February 1977 did not exist
		['198503152010131003', false], // appointed in month 13
		['198503152010013003', false], // sex digit 3
		['198503151980011003', false], // appointed before being born
		['', false]
	])('%j → %s', (nip, valid) => {
		expect(isValidNip(nip)).toBe(valid);
	});
});
