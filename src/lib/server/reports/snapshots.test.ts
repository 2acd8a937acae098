/**
 * A finalized report is found by the SHA-256 of its canonical JSON: the bytes must never change with the library
 * that writes them. The examples are RFC 8785's own (§3.2.2 serialization, §3.2.3 key order).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './snapshots';

describe('canonicalJson (RFC 8785)', () => {
	it('writes the RFC sample as the RFC does, and its hash stays pinned', () => {
		const sample = {
			numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
			string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
			literals: [null, true, false]
		};
		const text = canonicalJson(sample);
		expect(text).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
		expect(sha256Hex(text)).toBe('2d5e01a318d0f0879ab568c4be289c8b1f64ef8921a53c6277d5e069978baacb');
	});

	it('orders keys by UTF-16 code unit, drops undefined members and uses toJSON', () => {
		const keys = { '\u20ac': 5, '\r': 1, '\ufb33': 7, '1': 2, '\ud83d\ude00': 6, '\u0080': 3, '\u00f6': 4 };
		expect(canonicalJson(keys)).toBe('{"\\r":1,"1":2,"\u0080":3,"\u00f6":4,"\u20ac":5,"\ud83d\ude00":6,"\ufb33":7}');
		expect(canonicalJson({ b: undefined, a: [undefined, new Date(0)] })).toBe('{"a":[null,"1970-01-01T00:00:00.000Z"]}');
	});
});
