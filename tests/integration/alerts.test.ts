/**
 * Alert rules and their evaluation: when a counter's window mean fires, when it does not, no duplicate open alerts
 * (also with two evaluations at once), firing again after an acknowledgement only on fresh evidence, and who may
 * see, change and acknowledge what.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QUICK_V1 } from '../../src/lib/domain/instruments';
import type { MallAccess } from '../../src/lib/server/access/page-access';
import { acknowledgeAlert, evaluateNow, listAlerts } from '../../src/lib/server/alerts/alerts';
import { evaluateAlerts } from '../../src/lib/server/alerts/evaluate';
import { createRule, deleteRule, listRules, RuleFormSchema, setRuleEnabled } from '../../src/lib/server/alerts/rules';
import { createUser } from '../../src/lib/server/auth/users';
import { agencies, alertRules, alerts, counters, responses, services } from '../../src/lib/server/db/schema';
import { seedDemoAlerts } from '../../src/lib/server/demo/alerts';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { publishInstrument } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let admin: MallAccess;
let managerA: MallAccess;
let managerB: MallAccess;
let evaluator: MallAccess;

const NOW = new Date('2026-03-02T06:00:00Z');
const minutesAgo = (minutes: number, from = NOW) => new Date(from.getTime() - minutes * 60_000);
const bad = [2, 2, 2, 2, 2, 2, 2, 2, 2];
const good = [4, 4, 4, 4, 4, 4, 4, 4, 4];

async function addResponses(unit: 'a' | 'b', answers: (number | null)[], times: Date[], overrides: Partial<typeof responses.$inferInsert> = {}) {
	await handle.db.insert(responses).values(times.map((submittedAt) => responseRow(org, unit, answers, { submittedAt, ...overrides })));
}

async function addRule(values: Partial<typeof alertRules.$inferInsert> = {}) {
	const [rule] = await handle.db
		.insert(alertRules)
		.values({ mallId: org.mall.id, agencyId: org.a.agency.id, name: 'test', windowMinutes: 60, threshold: 3, minResponses: 3, ...values })
		.returning();
	return rule!;
}

const status = (promise: Promise<unknown>) =>
	promise.then(
		() => 'ok',
		(err: { status?: number }) => err.status ?? err
	);

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'alerts-mall');
	const user = async (email: string, role: MallAccess['role'], agencyIds: number[] | null): Promise<MallAccess> => {
		const created = await createUser(handle.db, { mallId: org.mall.id, email, name: email.split('@')[0]!, password: 'kuda-lompat-jendela-biru', role, agencyIds: agencyIds ?? [] });
		if (!('userId' in created)) throw new Error(`createUser: ${created.error}`);
		return { userId: created.userId, role, mallId: org.mall.id, agencyIds };
	};
	admin = await user('admin@test.example', 'admin', null);
	managerA = await user('manager-a@test.example', 'manager', [org.a.agency.id]);
	managerB = await user('manager-b@test.example', 'manager', [org.b.agency.id]);
	evaluator = await user('evaluator@test.example', 'evaluator', null);
});
afterAll(async () => {
	await handle?.close();
});
beforeEach(async () => {
	await handle.db.delete(alerts);
	await handle.db.delete(alertRules);
	await handle.db.delete(responses);
});

describe('evaluateAlerts', () => {
	it('fires when the window mean is below the threshold with at least min_responses', async () => {
		const rule = await addRule();
		await addResponses('a', bad, [minutesAgo(10), minutesAgo(20), minutesAgo(30)]);
		const result = await evaluateAlerts(handle.db, NOW);
		expect(result.skipped).toBe(false);
		expect(result.raised).toEqual([
			expect.objectContaining({ ruleId: rule.id, agencyId: org.a.agency.id, counterId: org.a.counter.id, meanScore: 2, responses: 3 })
		]);
		const [stored] = await handle.db.select().from(alerts);
		expect(stored).toMatchObject({ triggeredAt: NOW, meanScore: 2, responses: 3, acknowledgedAt: null });
	});

	it('pools every answered item (skipped ones are not zeros) and counts responses', async () => {
		await addRule({ threshold: 3.2 });
		await addResponses('a', [4, 4, 4, 4, 4, 4, 4, 4, 4], [minutesAgo(1)]);
		await addResponses('a', [1, 1, 1, null, null, null, null, null, null], [minutesAgo(2), minutesAgo(3)]);
		const { raised } = await evaluateAlerts(handle.db, NOW);
		// (36 + 3 + 3) / (9 + 3 + 3) = 2.8
		expect(raised[0]?.meanScore).toBeCloseTo(2.8, 10);
		expect(raised[0]?.responses).toBe(3);
	});

	it('does not fire below min_responses, at or above the threshold, or on responses outside (now − window, now]', async () => {
		await addRule();
		await addResponses('a', bad, [minutesAgo(10), minutesAgo(20)]);
		expect((await evaluateAlerts(handle.db, NOW)).raised).toEqual([]);
		// Outside the window: exactly 60 minutes ago (the window is open there), and after now.
		await addResponses('a', bad, [minutesAgo(60), minutesAgo(-1)]);
		expect((await evaluateAlerts(handle.db, NOW)).raised).toEqual([]);
		// Three in the window, but the mean is exactly the threshold: not below it.
		await addResponses('a', [3, 3, 3, 3, 3, 3, 3, 3, 3], [minutesAgo(5)]);
		await addResponses('a', [4, 4, 4, 4, 4, 4, 4, 4, 4], [minutesAgo(6)]);
		// window now: 2, 2, 3, 4 → mean 2.75 < 3 with 4 responses — that fires; make it 3.0 instead:
		await addResponses('a', good, [minutesAgo(7), minutesAgo(8)]);
		// 2 + 2 + 3 + 4 + 4 + 4 = 19 / 6 = 3.1666 ≥ 3
		expect((await evaluateAlerts(handle.db, NOW)).raised).toEqual([]);
		expect(await handle.db.select().from(alerts)).toHaveLength(0);
	});

	it('counts only IKM instruments (quick-mode ratings do not feed it)', async () => {
		const quick = await publishInstrument(handle.db, QUICK_V1);
		await addRule();
		await addResponses('a', [1], [minutesAgo(1), minutesAgo(2), minutesAgo(3)], { instrumentId: quick.id });
		expect((await evaluateAlerts(handle.db, NOW)).raised).toEqual([]);
	});

	it('keeps to the rule scope: one counter, one agency, or the whole mall; disabled rules never fire', async () => {
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		await addResponses('b', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		const onB = await addRule({ agencyId: org.b.agency.id, counterId: org.b.counter.id });
		const mallWide = await addRule({ agencyId: null });
		await addRule({ enabled: false });
		const { raised } = await evaluateAlerts(handle.db, NOW);
		const pairs = raised.map((a) => `${a.ruleId}:${a.counterId}:${a.agencyId}`).sort();
		expect(pairs).toEqual(
			[`${onB.id}:${org.b.counter.id}:${org.b.agency.id}`, `${mallWide.id}:${org.a.counter.id}:${org.a.agency.id}`, `${mallWide.id}:${org.b.counter.id}:${org.b.agency.id}`].sort()
		);
	});

	it('never opens a second alert for a rule and counter while one is open', async () => {
		await addRule();
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		expect((await evaluateAlerts(handle.db, NOW)).raised).toHaveLength(1);
		expect((await evaluateAlerts(handle.db, new Date(NOW.getTime() + 60_000))).raised).toHaveLength(0);
		expect(await handle.db.select().from(alerts)).toHaveLength(1);
	});

	it('after an acknowledgement fires again only on min_responses newer responses that are still bad', async () => {
		await addRule();
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		const [first] = (await evaluateAlerts(handle.db, NOW)).raised;
		const acknowledgedAt = new Date(NOW.getTime() + 60_000);
		expect(await acknowledgeAlert(handle.db, managerA, first!.id, acknowledgedAt)).toBe(true);

		// The same evidence does not bring it back a minute later.
		const later = new Date(NOW.getTime() + 2 * 60_000);
		expect((await evaluateAlerts(handle.db, later)).raised).toEqual([]);
		// Two newer bad responses are not enough yet; the third is.
		await addResponses('a', bad, [new Date(acknowledgedAt.getTime() + 10_000), new Date(acknowledgedAt.getTime() + 20_000)]);
		expect((await evaluateAlerts(handle.db, later)).raised).toEqual([]);
		await addResponses('a', bad, [new Date(acknowledgedAt.getTime() + 30_000)]);
		const again = await evaluateAlerts(handle.db, later);
		expect(again.raised).toEqual([expect.objectContaining({ counterId: org.a.counter.id, responses: 3, meanScore: 2 })]);
		expect(await handle.db.select().from(alerts)).toHaveLength(2);
	});

	it('two evaluations at once raise each alert once', async () => {
		await addRule();
		await addRule({ agencyId: null, name: 'mall' });
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		await addResponses('b', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		const results = await Promise.all([evaluateAlerts(handle.db, NOW), evaluateAlerts(handle.db, NOW), evaluateAlerts(handle.db, NOW)]);
		expect(results.reduce((n, r) => n + r.raised.length, 0)).toBe(3);
		expect(await handle.db.select().from(alerts)).toHaveLength(3);
	});
});

describe('acknowledging', () => {
	it('records who and when; the first acknowledgement stands; others may not', async () => {
		await addRule();
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		const [raised] = (await evaluateAlerts(handle.db, NOW)).raised;
		expect(await status(acknowledgeAlert(handle.db, managerB, raised!.id))).toBe(404);
		expect(await status(acknowledgeAlert(handle.db, evaluator, raised!.id))).toBe(403);
		expect(await status(acknowledgeAlert(handle.db, { ...admin, mallId: admin.mallId + 1000 }, raised!.id))).toBe(404);

		const at = new Date('2026-03-02T07:00:00Z');
		expect(await acknowledgeAlert(handle.db, managerA, raised!.id, at)).toBe(true);
		expect(await acknowledgeAlert(handle.db, admin, raised!.id, new Date('2026-03-02T08:00:00Z'))).toBe(false);
		const [stored] = await handle.db.select().from(alerts).where(eq(alerts.id, raised!.id));
		expect(stored).toMatchObject({ acknowledgedBy: managerA.userId, acknowledgedAt: at });

		const lists = await listAlerts(handle.db, admin);
		expect(lists.open).toEqual([]);
		expect(lists.acknowledged[0]?.acknowledged).toEqual({ by: 'manager-a', at });
	});

	it('lists only the alerts of the reader’s agencies', async () => {
		await addRule({ agencyId: null });
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		await addResponses('b', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		await evaluateAlerts(handle.db, NOW);
		expect((await listAlerts(handle.db, managerA)).open.map((a) => a.agencyId)).toEqual([org.a.agency.id]);
		expect((await listAlerts(handle.db, managerB)).open.map((a) => a.agencyId)).toEqual([org.b.agency.id]);
		expect((await listAlerts(handle.db, evaluator)).open).toHaveLength(2);
	});

	it('evaluateNow refuses evaluators and reports only readable alerts', async () => {
		await addRule({ agencyId: null });
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		await addResponses('b', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		expect(await status(evaluateNow(handle.db, evaluator, NOW))).toBe(403);
		const result = await evaluateNow(handle.db, managerA, NOW);
		expect(result.raised.map((a) => a.agencyId)).toEqual([org.a.agency.id]);
		expect(await handle.db.select().from(alerts)).toHaveLength(2);
	});
});

describe('rules', () => {
	const form = (fields: Record<string, string>) =>
		v.parse(RuleFormSchema, { name: 'Rata-rata rendah', window: '30', window_unit: 'days', threshold: '3,5', min_responses: '20', ...fields });

	it('reads a form with a decimal comma and a window unit; names the wrong field', () => {
		expect(form({ agency: '1' })).toMatchObject({ threshold: 3.5, window: 30, window_unit: 'days', agency: 1, counter: '' });
		const wrong = (fields: Record<string, string>) =>
			v.safeParse(RuleFormSchema, { name: 'x', window: '30', window_unit: 'days', threshold: '3', min_responses: '5', ...fields }).issues?.map((i) => i.path?.[0]?.key);
		expect(wrong({ threshold: '1' })).toEqual(['threshold']);
		expect(wrong({ threshold: '4,01' })).toEqual(['threshold']);
		expect(wrong({ threshold: 'abc' })).toEqual(['threshold']);
		expect(wrong({ window: '4', window_unit: 'minutes' })).toEqual(['window']);
		expect(wrong({ window: '366', window_unit: 'days' })).toEqual(['window']);
		expect(wrong({ min_responses: '0' })).toEqual(['min_responses']);
		expect(wrong({ name: '  ' })).toEqual(['name']);
		expect(wrong({ agency: '99999999999' })).toEqual(['agency']);
	});

	it('managers create rules for their agencies only; "every agency" is for admins; evaluators create nothing', async () => {
		const created = await createRule(handle.db, managerA, form({ agency: String(org.a.agency.id) }));
		expect(created).toEqual({ id: expect.any(Number) });
		const [stored] = await handle.db.select().from(alertRules);
		expect(stored).toMatchObject({ agencyId: org.a.agency.id, counterId: null, windowMinutes: 43_200, threshold: 3.5, minResponses: 20 });

		expect(await status(createRule(handle.db, managerA, form({ agency: String(org.b.agency.id) })))).toBe(404);
		expect(await status(createRule(handle.db, managerA, form({ counter: String(org.b.counter.id) })))).toBe(404);
		expect(await status(createRule(handle.db, managerA, form({ agency: '' })))).toBe(403);
		expect(await status(createRule(handle.db, evaluator, form({ agency: String(org.a.agency.id) })))).toBe(403);
		expect(await createRule(handle.db, admin, form({ agency: '' }))).toEqual({ id: expect.any(Number) });
	});

	it('a counter decides the agency and must belong to the chosen one', async () => {
		const byCounter = await createRule(handle.db, managerB, form({ counter: String(org.b.counter.id) }));
		expect('id' in byCounter).toBe(true);
		const [stored] = await handle.db.select().from(alertRules);
		expect(stored).toMatchObject({ agencyId: org.b.agency.id, counterId: org.b.counter.id });
		expect(await createRule(handle.db, admin, form({ agency: String(org.a.agency.id), counter: String(org.b.counter.id) }))).toEqual({
			invalid: ['counter']
		});
	});

	it('lists, enables, disables and deletes within the access', async () => {
		const ruleA = await addRule();
		const ruleB = await addRule({ agencyId: org.b.agency.id });
		const mallWide = await addRule({ agencyId: null });
		const listed = await listRules(handle.db, managerA);
		expect(listed.map((r) => [r.id, r.canChange])).toEqual([
			[mallWide.id, false],
			[ruleA.id, true]
		]);
		expect((await listRules(handle.db, evaluator)).every((r) => !r.canChange)).toBe(true);

		expect(await status(setRuleEnabled(handle.db, managerA, ruleB.id, false))).toBe(404);
		expect(await status(setRuleEnabled(handle.db, managerA, mallWide.id, false))).toBe(403);
		expect(await status(setRuleEnabled(handle.db, evaluator, ruleA.id, false))).toBe(403);
		expect(await status(deleteRule(handle.db, managerA, ruleB.id))).toBe(404);

		await setRuleEnabled(handle.db, managerA, ruleA.id, false);
		expect((await handle.db.select().from(alertRules).where(eq(alertRules.id, ruleA.id)))[0]?.enabled).toBe(false);
		await deleteRule(handle.db, admin, mallWide.id);
		expect((await listRules(handle.db, admin)).map((r) => r.id).sort()).toEqual([ruleA.id, ruleB.id].sort());
	});

	it('a deleted counter rule takes its alerts with it', async () => {
		const rule = await addRule({ counterId: org.a.counter.id });
		await addResponses('a', bad, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
		await evaluateAlerts(handle.db, NOW);
		await deleteRule(handle.db, managerA, rule.id);
		expect(await handle.db.select().from(alerts)).toHaveLength(0);
		expect(await handle.db.select().from(counters).where(eq(counters.id, org.a.counter.id))).toHaveLength(1);
	});
});

describe('seedDemoAlerts', () => {
	it('raises an alert on the weakest Dukcapil counter and keeps to the SIM-01 rule; a second call adds nothing', async () => {
		const mall = org.mall.id;
		const make = async (agencyCode: string, counterCodes: string[]) => {
			const [agency] = await handle.db.insert(agencies).values({ mallId: mall, code: agencyCode, name: agencyCode }).returning();
			const [service] = await handle.db
				.insert(services)
				.values({ mallId: mall, agencyId: agency!.id, code: `${agencyCode}-svc`, name: agencyCode, isFree: true })
				.returning();
			const made = [];
			for (const code of counterCodes) {
				const [counter] = await handle.db
					.insert(counters)
					.values({ mallId: mall, agencyId: agency!.id, serviceId: service!.id, code, name: code, instrumentId: org.instrument.id })
					.returning();
				made.push({ agency: agency!, service: service!, counter: counter! });
			}
			return made;
		};
		const [dkp1, dkp2] = await make('dukcapil', ['DKP-01', 'DKP-02']);
		const [sim] = await make('satpas-sim', ['SIM-01']);
		const until = new Date('2026-03-02T08:00:00Z');
		const rows = (unit: NonNullable<typeof dkp1>, answers: number[], n: number) =>
			Array.from({ length: n }, (_, i) => ({
				...responseRow(org, 'a', answers),
				agencyId: unit.agency.id,
				serviceId: unit.service.id,
				counterId: unit.counter.id,
				submittedAt: new Date(until.getTime() - (i + 1) * 3_600_000)
			}));
		await handle.db.insert(responses).values([
			...rows(dkp1!, [4, 4, 3, 4, 3, 4, 3, 4, 4], 25), // 33/9 = 3.667
			...rows(dkp2!, [3, 4, 3, 4, 3, 3, 3, 4, 4], 25), // 31/9 = 3.444 → target 3.45
			...rows(sim!, [3, 3, 3, 3, 3, 3, 3, 3, 3], 25) // 3.0 < 3.10
		]);
		const result = await seedDemoAlerts(handle.db, mall, until);
		const raised = result.raised.map((a) => a.counterId).sort();
		expect(raised).toEqual([dkp2!.counter.id, sim!.counter.id].sort());
		const rules = await handle.db.select().from(alertRules);
		expect(rules.find((r) => r.agencyId === dkp1!.agency.id)).toMatchObject({ threshold: 3.45, counterId: null, windowMinutes: 43_200, minResponses: 20 });
		expect(rules.find((r) => r.counterId === sim!.counter.id)).toMatchObject({ threshold: 3.1 });
		expect(await seedDemoAlerts(handle.db, mall, until)).toEqual({ skipped: true, raised: [] });
		expect(await handle.db.select().from(alertRules)).toHaveLength(2);
	});
});
