/**
 * The demo seed: once, only into an empty database, with the patterns the demo promises.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { STANDARD_AGENCY_KINDS } from '../../src/lib/domain/agency-kinds';
import { canReachMall } from '../../src/lib/domain/roles';
import { accessOf } from '../../src/lib/server/auth/users';
import { DEMO_STAGED_COUNTER, generateDemoResponses } from '../../src/lib/server/demo/generate';
import { DEMO_AGENCIES, DEMO_KUPANG, DEMO_MALL, DEMO_OPENING_HOURS } from '../../src/lib/server/demo/kupang';
import { seedDemoIfEmpty } from '../../src/lib/server/demo/seed';
import { DEMO_SIKKA } from '../../src/lib/server/demo/sikka';
import { DEMO_USERS } from '../../src/lib/server/demo/users';
import { hallsInReach } from '../../src/lib/server/regions/halls';
import { computeRegionIndicators } from '../../src/lib/server/regions/region-indicators';
import { freshDb } from './db';

// Six months keep the test quick (~12 000 responses in Kupang, ~2 400 in Sikka); the seed streams the same way for any length.
const until = new Date('2024-07-01T00:00:00+08:00');
let handle: TestDb;
beforeAll(async () => {
	handle = await freshDb();
});
afterAll(async () => {
	await handle?.close();
});

const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(query))[0]!;

describe('seedDemoIfEmpty', () => {
	it('seeds every generated response once, even when called concurrently', async () => {
		const results = await Promise.all([seedDemoIfEmpty(handle.db, until), seedDemoIfEmpty(handle.db, until)]);
		const kupang = [...generateDemoResponses(until)].length;
		const sikka = [...generateDemoResponses(until, { hall: DEMO_SIKKA })].length;
		expect(results.filter((r) => r.seeded)).toEqual([{ seeded: true, responses: kupang + sikka }]);
		const perHall = rowsOf<{ slug: string; n: number }>(
			await handle.db.execute(sql`select m.slug, count(r.id)::int as n from malls m left join responses r on r.mall_id = m.id group by m.slug order by m.slug`)
		);
		expect(perHall).toEqual([
			{ slug: DEMO_SIKKA.mall.slug, n: sikka },
			{ slug: DEMO_MALL.slug, n: kupang }
		]);
	});

	it('opens with the two demo alert rules and the alerts they raise on SIM-01 and a Dukcapil counter', async () => {
		expect(await one<{ n: number }>(sql`select count(*)::int as n from alert_rules`)).toEqual({ n: 2 });
		const raised = rowsOf<{ code: string }>(
			await handle.db.execute(sql`select c.code from alerts a join counters c on c.id = a.counter_id where a.acknowledged_at is null order by 1`)
		).map((r) => r.code);
		expect(raised).toContain('SIM-01');
		expect(raised.some((code) => code.startsWith('DKP-'))).toBe(true);
	});

	it('does nothing on a database that already has a mall', async () => {
		expect(await seedDemoIfEmpty(handle.db, new Date('2024-12-31T00:00:00Z'))).toEqual({ seeded: false, responses: 0 });
	});

	it('creates about twelve agencies in Kupang with one to four services and counters each', async () => {
		const shape = rowsOf<{ agency: string; services: number; counters: number }>(
			await handle.db.execute(sql`
				select a.code as agency, count(distinct s.id)::int as services, count(distinct c.id)::int as counters
				from agencies a join malls m on m.id = a.mall_id join services s on s.agency_id = a.id join counters c on c.service_id = s.id
				where m.slug = ${DEMO_MALL.slug}
				group by a.code`)
		);
		expect(shape).toHaveLength(DEMO_AGENCIES.length);
		expect(shape.length).toBeGreaterThanOrEqual(11);
		for (const row of shape) {
			expect(row.services).toBeGreaterThanOrEqual(1);
			expect(row.services).toBeLessThanOrEqual(4);
			expect(row.counters).toBeGreaterThanOrEqual(1);
			expect(row.counters).toBeLessThanOrEqual(4);
		}
	});

	it('puts nothing outside opening hours (Mon–Fri 08:00–15:30, both halls) but the staged episode', async () => {
		const outside = await one<{ n: number; staged: number; earliest: string; latest: string }>(sql`
			select count(*) filter (where extract(isodow from local) > 5 or local::time < '08:00' or local::time >= '15:30')::int as n,
				count(*) filter (where code = ${DEMO_STAGED_COUNTER} and local::time < '08:00' and answers = '{4,4,4,4,4,4,4,4,4}')::int as staged,
				min(local::time) filter (where local::time >= '08:00')::text as earliest, max(local::time)::text as latest
			from (select r.submitted_at at time zone 'Asia/Makassar' as local, c.code, r.answers
				from responses r join counters c on c.id = r.counter_id) t`);
		// Three January mornings of 24 all-4 taps before opening, on one tablet (generate.ts, stagedEpisode).
		expect(outside).toMatchObject({ n: 3 * 24, staged: 3 * 24 });
		const hours = rowsOf<{ opening_hours: Record<string, unknown> }>(await handle.db.execute(sql`select opening_hours from malls`));
		expect(hours.map((h) => h.opening_hours)).toEqual([DEMO_OPENING_HOURS, DEMO_OPENING_HOURS]);
		expect(outside.earliest < '08:30:00').toBe(true);
		expect(outside.latest > '15:00:00').toBe(true);
	});

	it('is busier in the morning and quiet on Friday after 11:00', async () => {
		const shares = await one<{ morning: number; afternoon: number; friday_late: number; thursday_late: number }>(sql`
			select count(*) filter (where local::time between '09:00' and '11:00')::float / count(*) as morning,
				count(*) filter (where local::time between '13:00' and '15:00')::float / count(*) as afternoon,
				count(*) filter (where extract(isodow from local) = 5 and local::time >= '11:00')::float
					/ nullif(count(*) filter (where extract(isodow from local) = 5), 0) as friday_late,
				count(*) filter (where extract(isodow from local) = 4 and local::time >= '11:00')::float
					/ nullif(count(*) filter (where extract(isodow from local) = 4), 0) as thursday_late
			from (select submitted_at at time zone 'Asia/Makassar' as local from responses) t`);
		expect(shares.morning).toBeGreaterThan(1.5 * shares.afternoon);
		expect(shares.friday_late).toBeLessThan(0.6 * shares.thursday_late);
	});

	it('scores free services "Gratis" (U4 = 4) every time U4 is answered', async () => {
		const u4 = await one<{ free_not_4: number; paid_not_4: number }>(sql`
			select count(*) filter (where s.is_free and r.answers[4] <> 4)::int as free_not_4,
				count(*) filter (where not s.is_free and r.answers[4] <> 4)::int as paid_not_4
			from responses r join services s on s.id = r.service_id`);
		expect(u4.free_not_4).toBe(0);
		expect(u4.paid_not_4).toBeGreaterThan(0);
	});

	it('makes the slow counters weak on U3 (Waktu Penyelesaian)', async () => {
		// The two halls' counter codes differ, so grouping by code keeps each counter apart.
		const slowCodes = [DEMO_KUPANG, DEMO_SIKKA].flatMap((hall) =>
			hall.agencies.flatMap((a) => a.services.flatMap((s) => s.counters.filter((c) => c.slow).map((c) => c.code)))
		);
		const rows = rowsOf<{ code: string; u3: number; others: number }>(
			await handle.db.execute(sql`
				select c.code, avg(r.answers[3])::float as u3, avg((r.answers[1] + r.answers[2] + r.answers[5]) / 3.0)::float as others
				from responses r join counters c on c.id = r.counter_id group by c.code`)
		);
		for (const row of rows) {
			if (slowCodes.includes(row.code)) expect(row.others - row.u3, row.code).toBeGreaterThan(0.6);
			else expect(row.others - row.u3, row.code).toBeLessThan(0.4);
		}
	});

	it('has some skipped answers (mostly U8), some partial responses and Indonesian comments, and no identifiers', async () => {
		const stats = await one<{ total: number; partial: number; u8_skipped: number; u1_skipped: number; comments: number }>(sql`
			select count(*)::int as total, count(*) filter (where status = 'partial')::int as partial,
				count(*) filter (where status = 'complete' and answers[8] is null)::int as u8_skipped,
				count(*) filter (where status = 'complete' and answers[1] is null)::int as u1_skipped,
				count(comment)::int as comments
			from responses`);
		expect(stats.partial / stats.total).toBeGreaterThan(0.01);
		expect(stats.partial / stats.total).toBeLessThan(0.06);
		expect(stats.u8_skipped).toBeGreaterThan(2 * stats.u1_skipped);
		expect(stats.u1_skipped).toBeGreaterThan(0);
		expect(stats.comments / stats.total).toBeGreaterThan(0.05);
		const comment = await one<{ comment: string }>(sql`select comment from responses where comment is not null limit 1`);
		const columns = rowsOf<{ column_name: string }>(
			await handle.db.execute(sql`select column_name from information_schema.columns where table_name = 'responses'`)
		).map((c) => c.column_name);
		expect(columns.filter((c) => /name|nik|phone|telepon|email|address|alamat/.test(c))).toEqual([]);
		expect(comment.comment).toMatch(/\b(dan|yang|mohon|petugas|pelayanan|layanan|antrean|terlalu|sudah|terima kasih|kurang|tidak|ada|ruang|tempat|sebaiknya|tolong|urusan|senang|besti|loket|harus|prosedurnya)\b/i);
	});

	it('numbers each tablet\'s responses 1..n without gaps and records the highest', async () => {
		const devices = rowsOf<{ device_id: number; n: number; max_seq: number; distinct_seq: number; highest_seq: number }>(
			await handle.db.execute(sql`
				select r.device_id, count(*)::int as n, max(r.device_seq)::int as max_seq, count(distinct r.device_seq)::int as distinct_seq,
					d.highest_seq
				from responses r join devices d on d.id = r.device_id
				group by r.device_id, d.highest_seq`)
		);
		expect(devices.length).toBeGreaterThan(10);
		for (const device of devices) expect(device).toMatchObject({ max_seq: device.n, distinct_seq: device.n, highest_seq: device.n });
		const qr = await one<{ n: number }>(sql`select count(*)::int as n from responses where channel = 'qr' and device_id is null`);
		expect(qr.n).toBeGreaterThan(0);
	});
});

describe('the demo across halls', () => {
	it('seeds MPP Kabupaten Sikka in 53.07, a fifth of Kupang, with its own IKM', async () => {
		const halls = rowsOf<{ slug: string; short_name: string; region_code: string; time_zone: string; agencies: number; counters: number; responses: number; volumes: number }>(
			await handle.db.execute(sql`
				select m.slug, m.short_name, m.region_code, m.time_zone,
					(select count(*)::int from agencies a where a.mall_id = m.id) as agencies,
					(select count(*)::int from counters c join devices d on d.counter_id = c.id where c.mall_id = m.id) as counters,
					(select count(*)::int from responses r where r.mall_id = m.id) as responses,
					(select count(*)::int from service_volumes v where v.mall_id = m.id) as volumes
				from malls m order by m.id`)
		);
		expect(halls.map((h) => [h.slug, h.region_code, h.time_zone])).toEqual([
			[DEMO_MALL.slug, '53.71', 'Asia/Makassar'],
			['mpp-kabupaten-sikka', '53.07', 'Asia/Makassar']
		]);
		const [kupang, sikka] = halls as [(typeof halls)[0], (typeof halls)[0]];
		expect(sikka).toMatchObject({ short_name: 'MPP Sikka', agencies: DEMO_SIKKA.agencies.length });
		expect(sikka.agencies).toBeGreaterThanOrEqual(4);
		// A counter (with its demo tablet) per service.
		expect(sikka.counters).toBe(DEMO_SIKKA.agencies.reduce((n, a) => n + a.services.length, 0));
		expect(sikka.responses / kupang.responses).toBeGreaterThan(0.15);
		expect(sikka.responses / kupang.responses).toBeLessThan(0.25);
		expect(sikka.volumes).toBeGreaterThan(0);

		// The region view of NTT (province 53) shows both halls, from the rollups, with IKMs that differ visibly.
		const nation = await accessOf(handle.db, { id: 0, mallId: null, role: 'operator' });
		const ntt = await computeRegionIndicators(handle.db, { scope: { type: 'region', code: '53' }, granularity: 'month', from: '2024-01-01', to: '2024-06-30' }, nation);
		if (typeof ntt === 'string') throw new Error(ntt);
		const bySlug = new Map(ntt.halls.map((h) => [h.slug, h]));
		expect(bySlug.get(DEMO_MALL.slug)!.respondents).toBe(kupang.responses);
		expect(bySlug.get('mpp-kabupaten-sikka')!.respondents).toBe(sikka.responses);
		expect(ntt.respondents).toBe(kupang.responses + sikka.responses);
		expect(bySlug.get(DEMO_MALL.slug)!.ikm! - bySlug.get('mpp-kabupaten-sikka')!.ikm!).toBeGreaterThan(2);
	});

	it('gives the agencies of both halls their kind from the catalogue (Kupang\'s Dinas Sosial has none)', async () => {
		const rows = rowsOf<{ slug: string; code: string; kind: string | null }>(
			await handle.db.execute(sql`
				select m.slug, a.code, k.code as kind from agencies a join malls m on m.id = a.mall_id left join agency_kinds k on k.code = a.kind_code`)
		);
		const kindOf = (slug: string, code: string) => rows.find((r) => r.slug === slug && r.code === code)?.kind;
		expect(rows).toHaveLength(DEMO_AGENCIES.length + DEMO_SIKKA.agencies.length);
		// Only kinds every installation starts with (the migration's), none an operator would have to add.
		const standard = new Set(STANDARD_AGENCY_KINDS.map((k) => k.code));
		expect(rows.filter((r) => r.kind !== null && !standard.has(r.kind))).toEqual([]);
		expect(rows.filter((r) => r.kind === null).map((r) => [r.slug, r.code])).toEqual([[DEMO_MALL.slug, 'dinsos']]);
		expect(kindOf(DEMO_MALL.slug, 'bank-ntt')).toBe('bank-daerah');
		expect(kindOf(DEMO_MALL.slug, 'kantah')).toBe('bpn');
		expect(kindOf('mpp-kabupaten-sikka', 'samsat')).toBe('samsat');
		// The kind the region view compares across halls: Dukcapil in both.
		expect(rows.filter((r) => r.kind === 'dukcapil').map((r) => r.slug).sort()).toEqual([DEMO_SIKKA.mall.slug, DEMO_MALL.slug].sort());
		const dukcapil = await computeRegionIndicators(
			handle.db,
			{ scope: { type: 'region', code: '53' }, granularity: 'month', from: '2024-01-01', to: '2024-06-30', agencyKind: 'dukcapil' },
			await accessOf(handle.db, { id: 0, mallId: null, role: 'operator' })
		);
		if (typeof dukcapil === 'string') throw new Error(dukcapil);
		expect(dukcapil.halls).toHaveLength(2);
		expect(dukcapil.halls.every((h) => h.respondents > 0)).toBe(true);
	});

	it('has the five demo accounts: three of Kupang, an operator of no hall, and an evaluator of the province', async () => {
		const users = rowsOf<{ id: number; email: string; role: 'operator' | 'admin' | 'manager' | 'evaluator'; mall_id: number | null; region_scope: string | null }>(
			await handle.db.execute(sql`select id, email, role, mall_id, region_scope from users order by id`)
		);
		expect(users.map((u) => u.email)).toEqual(DEMO_USERS.map((u) => u.email));
		const halls = rowsOf<{ id: number; slug: string; regionCode: string }>(await handle.db.execute(sql`select id, slug, region_code as "regionCode" from malls`));
		const kupang = halls.find((h) => h.slug === DEMO_MALL.slug)!;
		const reach = async (email: string) => {
			const user = users.find((u) => u.email === email)!;
			const access = await accessOf(handle.db, { id: user.id, mallId: user.mall_id, regionScope: user.region_scope, role: user.role });
			return { access, halls: halls.filter((h) => canReachMall(access, h)).map((h) => h.slug).sort() };
		};
		for (const email of ['admin@puas.demo', 'manager@puas.demo', 'evaluator@puas.demo']) {
			expect(users.find((u) => u.email === email)!.mall_id, email).toBe(kupang.id);
			expect((await reach(email)).halls, email).toEqual([DEMO_MALL.slug]);
		}
		const both = halls.map((h) => h.slug).sort();
		const operator = await reach('operator@puas.demo');
		expect(operator.access).toMatchObject({ role: 'operator', mallId: null });
		expect(operator.access.region).toBeUndefined();
		expect(operator.halls).toEqual(both);
		const inspektorat = await reach('inspektorat@puas.demo');
		expect(inspektorat.access).toMatchObject({ role: 'evaluator', mallId: null, region: '53' });
		expect(inspektorat.halls).toEqual(both);
		expect((await hallsInReach(handle.db, inspektorat.access, '53.07')).map((h) => h.slug)).toEqual([DEMO_SIKKA.mall.slug]);
		// The province's evaluator reads NTT, not another province.
		expect(await computeRegionIndicators(handle.db, { scope: { type: 'region', code: '52' }, granularity: 'month' }, inspektorat.access)).toBe('not_readable');
	});
});
