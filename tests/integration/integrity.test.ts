/**
 * The integrity checks on the demo: the staged episode and injected staff-tapping of every kind are flagged (≥ 90 %
 * of the injected responses), clean device-days almost never (≤ 2 %); the IKM with and without the flagged responses
 * is the engine's on the respective raw answers; a review is audited once per flag.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import { isStraightLine } from '../../src/lib/domain/integrity';
import { localDate } from '../../src/lib/domain/periods';
import { computeIkm, tallyAnswers } from '../../src/lib/domain/skm';
import { rowsOf } from '../../src/lib/server/db/client';
import { auditLog, counters, devices, instruments, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { DEMO_STAGED_COUNTER, generateDemoResponses } from '../../src/lib/server/demo/generate';
import { DEMO_MALL } from '../../src/lib/server/demo/kupang';
import { seedDemoIfEmpty } from '../../src/lib/server/demo/seed';
import { checkIntegrity, reviewRaisedFlag, type Flag } from '../../src/lib/server/integrity/checks';
import { findDefaultMall } from '../../src/lib/server/organization/queries';
import { freshDb } from './db';

// Six months of the demo (~12 000 responses) hold one staged episode (three January mornings).
const until = new Date('2024-07-01T00:00:00+08:00');
const range = { from: '2024-01-01', to: '2024-06-30', unit: null };
const zone = DEMO_MALL.timeZone;
let handle: TestDb;
let access: { userId: number | null; role: 'evaluator'; mallId: number; agencyIds: null };

beforeAll(async () => {
	handle = await freshDb();
	await seedDemoIfEmpty(handle.db, until);
	access = { userId: null, role: 'evaluator', mallId: (await findDefaultMall(handle.db))!.id, agencyIds: null };
});
afterAll(async () => {
	await handle?.close();
});

/** The subject-day a flag speaks of ("device:12:2024-01-15"); above_served speaks of a service's month. */
const subjectDay = (flag: Flag) => `${flag.subjectType}:${flag.subjectId}:${flag.day}`;

/** A local instant in the demo's zone. */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

describe('integrity checks on the demo', () => {
	it('flags the staged episode and at most 2 % of the clean device-days', async () => {
		const { report, flaggedIds } = await checkIntegrity(handle.db, access, range);
		const staged = [...generateDemoResponses(until)].filter((r) => r.counterCode === DEMO_STAGED_COUNTER && r.submittedAt.getTime() < at(localDate(r.submittedAt, zone), '08:00').getTime());
		expect(staged).toHaveLength(3 * 24);
		const stagedFlagged = staged.filter((r) => flaggedIds.has(r.id)).length / staged.length;

		const [device] = await handle.db
			.select({ id: devices.id })
			.from(devices)
			.innerJoin(counters, eq(counters.id, devices.counterId))
			.where(eq(counters.code, DEMO_STAGED_COUNTER));
		const stagedDays = new Set(staged.map((r) => `device:${device!.id}:${localDate(r.submittedAt, zone)}`));
		for (const rule of ['burst', 'straight_line', 'outside_hours'] as const) {
			expect(report.flags.filter((f) => f.rule === rule && stagedDays.has(subjectDay(f))), rule).toHaveLength(3);
		}
		const burst = report.flags.find((f) => f.rule === 'burst' && stagedDays.has(subjectDay(f)))!;
		expect(burst.evidence).toMatchObject({ rule: 'burst', responses: 24, bursts: [{ count: 8 }, { count: 8 }, { count: 8 }] });

		const days = rowsOf<{ subject_day: string }>(
			await handle.db.execute(sql`
				select distinct case when device_id is not null then 'device:' || device_id else 'counter:' || counter_id end
					|| ':' || to_char(submitted_at at time zone ${zone}, 'YYYY-MM-DD') as subject_day
				from responses where mall_id = ${access.mallId} and counter_id is not null`)
		)
			.map((r) => r.subject_day)
			.filter((day) => !stagedDays.has(day));
		const flaggedDays = new Set(report.flags.filter((f) => f.subjectType !== 'service').map(subjectDay).filter((day) => !stagedDays.has(day)));
		const cleanShare = flaggedDays.size / days.length;
		console.log(`staged demo episode: ${(100 * stagedFlagged).toFixed(1)} % of its ${staged.length} responses flagged`);
		console.log(`clean demo data: ${flaggedDays.size} of ${days.length} device- or counter-days flagged (${(100 * cleanShare).toFixed(2)} %)`);
		expect(stagedFlagged).toBe(1);
		expect(cleanShare).toBeLessThanOrEqual(0.02);
		// The staged taps also lift their service's January above the citizens it served: the one above_served flag.
		expect(report.flags.filter((f) => f.rule === 'above_served').map((f) => [f.subject, f.day])).toEqual([['Penerbitan Kartu Keluarga', '2024-01']]);
	});

	it('gives the IKM with and without the flagged responses the engine gives on the raw answers', async () => {
		const { report, flaggedIds } = await checkIntegrity(handle.db, access, range);
		const raw = await handle.db.select({ id: responses.id, answers: responses.answers }).from(responses).where(eq(responses.mallId, access.mallId));
		const ikm = (rows: typeof raw) => computeIkm(tallyAnswers(rows.map((r) => r.answers.slice(0, SKM_CODES.length)), SKM_CODES));
		expect(report.withFlagged).toEqual({ n: raw.length, result: ikm(raw) });
		const kept = raw.filter((r) => !flaggedIds.has(r.id));
		expect(report.withoutFlagged).toEqual({ n: kept.length, result: ikm(kept) });
		expect(report.flaggedResponses).toBe(raw.length - kept.length);
		// All-4 taps lift the IKM: without them it is lower.
		expect(report.withoutFlagged.result.ikmExact!).toBeLessThan(report.withFlagged.result.ikmExact!);
	});

	it('flags at least 90 % of injected staff-tapping: bursts, straight-lining, outside hours, above served', async () => {
		const [instrument] = await handle.db.select({ id: instruments.id }).from(instruments).where(eq(instruments.code, 'skm-2017'));
		const units = rowsOf<{ counter_id: number; service_id: number; agency_id: number; device_id: number; code: string }>(
			await handle.db.execute(sql`
				select c.id as counter_id, c.service_id, c.agency_id, d.id as device_id, c.code
				from counters c join devices d on d.counter_id = c.id where c.mall_id = ${access.mallId} order by c.code`)
		);
		const unit = (code: string) => units.find((u) => u.code === code)!;
		let seq = 1_000_000;
		const injected: (typeof responses.$inferInsert)[] = [];
		const tap = (code: string, submittedAt: Date, answers: number[], channel: 'kiosk' | 'qr' = 'kiosk') => {
			const u = unit(code);
			injected.push({
				id: crypto.randomUUID(),
				mallId: access.mallId,
				agencyId: u.agency_id,
				serviceId: u.service_id,
				counterId: u.counter_id,
				deviceId: channel === 'kiosk' ? u.device_id : null,
				deviceSeq: channel === 'kiosk' ? (seq += 1) : null,
				instrumentId: instrument!.id,
				submittedAt,
				channel,
				status: 'complete',
				answers
			});
		};
		const varied = (i: number) => [3, 4, 3, 3, 4, 3, 3 + (i % 2), 2, 3];
		// Bursts in opening hours, varied answers: ten taps in seven minutes on three mornings.
		for (const day of ['2024-03-05', '2024-03-06', '2024-03-07']) for (let i = 0; i < 10; i++) tap('SIM-02', new Date(at(day, '10:00').getTime() + i * 42_000), varied(i));
		// Straight-lining in opening hours, one tap every 25 minutes: all-3 all day.
		for (const day of ['2024-04-09', '2024-04-10']) for (let i = 0; i < 14; i++) tap('BNT-01', new Date(at(day, '08:10').getTime() + i * 25 * 60_000), [3, 3, 3, 3, 3, 3, 3, 3, 3]);
		// Outside opening hours, slowly and with varied answers: evenings and a Sunday.
		for (const [day, time] of [['2024-05-14', '17:05'], ['2024-05-14', '18:20'], ['2024-05-15', '19:40'], ['2024-05-19', '10:00'], ['2024-05-19', '11:30']] as const) {
			tap('POS-01', at(day, time), varied(1));
		}
		// More phone ratings than citizens served in a month: one an hour through a smaller service's QR code.
		const [small] = rowsOf<{ service_id: number; served: number; stored: number; code: string }>(
			await handle.db.execute(sql`
				select v.service_id, v.served, (select count(*)::int from responses r where r.service_id = v.service_id
					and to_char(r.submitted_at at time zone ${zone}, 'YYYY-MM') = '2024-02') as stored, c.code
				from service_volumes v join counters c on c.service_id = v.service_id
				where v.mall_id = ${access.mallId} and v.month = '2024-02-01' order by v.served limit 1`)
		);
		const before = injected.length;
		for (let i = 0; i < small!.served - small!.stored + 5; i++) {
			const day = `2024-02-${String(5 + (i % 20)).padStart(2, '0')}`;
			tap(small!.code, at(day, `${String(9 + Math.floor(i / 20) % 6).padStart(2, '0')}:${String(7 * (i % 8)).padStart(2, '0')}`), varied(i), 'qr');
		}
		expect(injected.length - before).toBeGreaterThan(4);
		await handle.db.insert(responses).values(injected);

		const { report, flaggedIds } = await checkIntegrity(handle.db, access, range);
		const flagged = injected.filter((r) => flaggedIds.has(r.id!)).length / injected.length;
		console.log(`injected staff-tapping: ${(100 * flagged).toFixed(1)} % of ${injected.length} injected responses flagged`);
		expect(flagged).toBeGreaterThanOrEqual(0.9);
		const rules = new Set(report.flags.map((f) => f.rule));
		for (const rule of ['burst', 'straight_line', 'outside_hours', 'above_served', 'sequence_gap'] as const) expect(rules, rule).toContain(rule);
		const served = report.flags.find((f) => f.rule === 'above_served' && f.day === '2024-02')!;
		expect(served).toMatchObject({ subjectType: 'service', subjectId: small!.service_id, day: '2024-02', evidence: { served: small!.served, source: 'volumes' } });
		const straight = report.flags.find((f) => f.rule === 'straight_line' && f.day === '2024-04-09')!;
		expect(straight.evidence).toMatchObject({ n: 14, straight: 14 });
		expect(injected.filter((r) => isStraightLine(r.answers!)).every((r) => flaggedIds.has(r.id!))).toBe(true);
	});

	it('records one audited review per raised flag, and refuses an unknown or repeated one', async () => {
		const { report } = await checkIntegrity(handle.db, access, { from: '2024-01-01', to: '2024-01-31', unit: null });
		const flag = report.flags.find((f) => f.rule === 'burst')!;
		const actor = { userId: null, label: 'evaluator@example.test' };
		expect(await reviewRaisedFlag(handle.db, access, actor, flag.key, 'Petugas menekan tablet sendiri; sudah ditegur.')).toBe('reviewed');
		expect(await reviewRaisedFlag(handle.db, access, actor, flag.key, 'lagi')).toBe('taken');
		expect(await reviewRaisedFlag(handle.db, access, actor, 'burst:device:999999:2024-01-15', 'x')).toBe('not_found');
		expect(await reviewRaisedFlag(handle.db, { ...access, mallId: access.mallId + 1 }, actor, flag.key, 'x')).toBe('not_found');
		const entries = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'integrity.review'));
		expect(entries).toEqual([expect.objectContaining({ mallId: access.mallId, actor: actor.label, after: { flag: flag.key, note: 'Petugas menekan tablet sendiri; sudah ditegur.' } })]);
		const again = await checkIntegrity(handle.db, access, { from: '2024-01-01', to: '2024-01-31', unit: null });
		expect(again.report.flags.find((f) => f.key === flag.key)!.review).toMatchObject({ reviewer: actor.label });
	});
});
