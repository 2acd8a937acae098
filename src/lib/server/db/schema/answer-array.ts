import { customType } from 'drizzle-orm/pg-core';

/** Parse PostgreSQL's text form of a one-dimensional smallint[] ("{4,NULL,3}"). */
export function parseSmallintArray(text: string): (number | null)[] {
	const inner = text.trim().replace(/^\{|\}$/g, '');
	if (inner === '') return [];
	return inner.split(',').map((item) => (item.trim().toUpperCase() === 'NULL' ? null : Number(item)));
}

/** PostgreSQL's text form of a smallint[]; a string is taken as already in that form. */
export function serializeSmallintArray(values: string | readonly (number | null)[]): string {
	if (typeof values === 'string') return values;
	return `{${values.map((value) => (value === null ? 'NULL' : String(value))).join(',')}}`;
}

/**
 * A smallint[] whose NULL elements (skipped answers) survive the round trip on both drivers. drizzle's stock
 * `smallint().array()` turns NULL elements into NaN on postgres.js (see the parser set in ../client.ts).
 */
export const answerArray = customType<{ data: (number | null)[]; driverData: string | (number | null)[] }>({
	dataType: () => 'smallint[]',
	toDriver: serializeSmallintArray,
	fromDriver: (value) =>
		typeof value === 'string' ? parseSmallintArray(value) : value.map((item) => (item === null ? null : Number(item)))
});
