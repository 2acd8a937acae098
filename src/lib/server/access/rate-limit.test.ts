import { describe, expect, it } from 'vitest';
import { addressKey } from './rate-limit';

describe('addressKey', () => {
	it.each([
		['192.0.2.1', '192.0.2.1'],
		['::ffff:192.0.2.1', '192.0.2.1'],
		['::FFFF:192.0.2.1', '192.0.2.1'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2::7', '2001:db8:1:2::/64'],
		['2001:0db8:0001:0002:aaaa::1', '2001:db8:1:2::/64'],
		['2001:db8::', '2001:db8:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64']
	])('%s counts as %s', (address, key) => {
		expect(addressKey(address)).toBe(key);
	});
});
