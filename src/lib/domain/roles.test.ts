import { describe, expect, it } from 'vitest';
import { canActOnAgency, canActOnUnit, canAdminister, canPublishReport, canReadAgency, canReadMall, canReadUnit, type Access } from './roles';

const admin: Access = { userId: 1, role: 'admin', mallId: 1, agencyIds: null };
const evaluator: Access = { userId: 2, role: 'evaluator', mallId: 1, agencyIds: null };
const manager: Access = { userId: 3, role: 'manager', mallId: 1, agencyIds: [7, 9] };

describe('roles', () => {
	it.each([
		['admin', admin, [true, true, true, true, true]],
		['evaluator', evaluator, [true, true, false, true, false]],
		['manager', manager, [true, false, true, false, false]]
	] as const)('%s: read own agency, read other agency, act on own agency, read mall, administer', (_, access, expected) => {
		expect([canReadAgency(access, 7), canReadAgency(access, 8), canActOnAgency(access, 7), canReadMall(access), canAdminister(access)]).toEqual([
			expected[0],
			access.agencyIds === null ? true : expected[1],
			expected[2],
			expected[3],
			expected[4]
		]);
		expect(canActOnAgency(access, 8)).toBe(access.role === 'admin');
	});
});

describe('canPublishReport', () => {
	it.each([
		['admin', admin, [true, true, true]],
		['evaluator', evaluator, [false, false, false]],
		['manager', manager, [false, true, false]]
	] as const)('%s: the mall, own agency 7, other agency 8', (_, access, expected) => {
		expect([canPublishReport(access, null), canPublishReport(access, 7), canPublishReport(access, 8)]).toEqual(expected);
	});
});

describe('canReadUnit and canActOnUnit', () => {
	it.each([
		['admin', admin, [true, true, true], [true, true, true]],
		['evaluator', evaluator, [true, true, true], [false, false, false]],
		['manager', manager, [false, true, false], [false, true, false]]
	] as const)('%s: the mall, own agency 7, other agency 8', (_, access, read, act) => {
		expect([canReadUnit(access, null), canReadUnit(access, 7), canReadUnit(access, 8)]).toEqual(read);
		expect([canActOnUnit(access, null), canActOnUnit(access, 7), canActOnUnit(access, 8)]).toEqual(act);
	});
});
