import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './ingest';

describe('arrayLiteral', () => {
	it.each([
		[[1, null, 3], '{1,NULL,3}'],
		[['a', null], '{"a",NULL}'],
		[['say "hi"', 'back\\slash', '{x,y}', 'NULL'], '{"say \\"hi\\"","back\\\\slash","{x,y}","NULL"}'],
		[[], '{}']
	])('%j → %s', (values, literal) => {
		expect(arrayLiteral(values)).toBe(literal);
	});
});
