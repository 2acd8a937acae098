import { describe, expect, it } from 'vitest';
import { queueTimeProblems, ticketExpiry, ticketState } from './tickets';

const now = new Date('2026-03-02T02:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('queueTimeProblems', () => {
	it.each([
		[{}, []],
		[{ issuedAt: at(-30), calledAt: at(-10), servedAt: at(-1) }, []],
		[{ issuedAt: at(-30), calledAt: at(-30), servedAt: at(-30) }, []],
		[{ issuedAt: at(4) }, []],
		[{ issuedAt: at(6) }, ['issuedAt']],
		[{ servedAt: at(10) }, ['servedAt']],
		[{ issuedAt: at(-10), calledAt: at(-20) }, ['calledAt']],
		[{ calledAt: at(-10), servedAt: at(-20) }, ['servedAt']],
		[{ issuedAt: at(-10), servedAt: at(-20) }, ['servedAt']]
	] as const)('%o → %o', (times, fields) => {
		expect(queueTimeProblems(times, now).map((p) => p.field)).toEqual(fields);
	});
});

describe('ticketExpiry and ticketState', () => {
	it('expires after the lifetime, and a used ticket stays used', () => {
		const expiresAt = ticketExpiry(now, 24);
		expect(expiresAt.toISOString()).toBe('2026-03-03T02:00:00.000Z');
		expect(ticketState({ expiresAt, used: false }, at(60))).toBe('usable');
		expect(ticketState({ expiresAt, used: false }, expiresAt)).toBe('expired');
		expect(ticketState({ expiresAt, used: true }, at(1))).toBe('used');
	});
});
