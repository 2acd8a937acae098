import { describe, expect, it } from 'vitest';
import { canActOnAgency, canActOnUnit, canAdminister, canOperate, canPublishReport, canReachMall, canReadAgency, canReadComments, canReadMall, canReadUnit, readsAcrossHalls, readsOnly, type Access } from './roles';

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

describe('readers across halls', () => {
	const ntt: Access = { userId: 1, role: 'evaluator', mallId: null, region: '53', agencyIds: null };
	const kotaKupang: Access = { userId: 2, role: 'evaluator', mallId: null, region: '53.71', agencyIds: null };
	const nation: Access = { userId: 3, role: 'evaluator', mallId: null, agencyIds: null };
	const operator: Access = { userId: 4, role: 'operator', mallId: null, agencyIds: null };
	const hallAdmin: Access = { userId: 5, role: 'admin', mallId: 7, agencyIds: null };
	const kupang = { id: 7, regionCode: '53.71' };
	const sikka = { id: 8, regionCode: '53.07' };
	const denpasar = { id: 9, regionCode: '51.71' };
	const unplaced = { id: 10, regionCode: null };

	it('reach the halls of their province or kabupaten/kota, the nation every hall', () => {
		expect([kupang, sikka, denpasar, unplaced].map((mall) => canReachMall(ntt, mall))).toEqual([true, true, false, false]);
		expect([kupang, sikka, denpasar, unplaced].map((mall) => canReachMall(kotaKupang, mall))).toEqual([true, false, false, false]);
		expect([kupang, sikka, denpasar, unplaced].map((mall) => canReachMall(nation, mall))).toEqual([true, true, true, true]);
		expect([kupang, sikka].map((mall) => canReachMall(hallAdmin, mall))).toEqual([true, false]);
		// "53.7" is no prefix of "53.71" as a region: codes match whole segments.
		expect(canReachMall({ ...ntt, region: '5' }, kupang)).toBe(false);
	});

	it('read only; an operator reads no comment and runs the installation', () => {
		expect([ntt, operator, hallAdmin].map(readsOnly)).toEqual([true, true, false]);
		expect([ntt, operator, hallAdmin].map(canReadComments)).toEqual([true, false, true]);
		expect(canActOnAgency(operator, 1)).toBe(false);
		expect([operator, nation, hallAdmin, { ...hallAdmin, mallId: null }, { ...hallAdmin, mallId: null, region: '53' }].map(canOperate)).toEqual([true, false, false, true, false]);
		expect([ntt, operator, hallAdmin].map(readsAcrossHalls)).toEqual([true, true, false]);
	});
});
