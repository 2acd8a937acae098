/**
 * Many halls in one installation: a region's IKM pooled over every respondent of its halls equals the engine over the
 * union of their raw answers, the mean of the halls is labelled and differs where it should, agency kinds select
 * like with like, and every reader across halls reads only its own region — on PGlite and on PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_CODES } from '../../src/lib/domain/instruments';
import type { Access } from '../../src/lib/domain/roles';
import { computeIkm, meanOfPublishedIkms, tallyAnswers } from '../../src/lib/domain/skm';
import { sql } from 'drizzle-orm';
import { accessOf, createUser } from '../../src/lib/server/auth/users';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { counterArchivedAt } from '../../src/lib/server/db/archived';
import { rowsOf as resultRows } from '../../src/lib/server/db/client';
import { setHallArchived } from '../../src/lib/server/organization/archive';
import { setAgencyKind } from '../../src/lib/server/organization/settings';
import { agencies, malls, responses, users } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { computeIndicators } from '../../src/lib/server/indicators/indicators';
import { figuresByGroupings, groupFigures, type GroupFigures, type Grouping, type RollupScope } from '../../src/lib/server/indicators/rollup-tallies';
import { hallOfRequest } from '../../src/lib/server/integrity/query';
import { hallsInReach } from '../../src/lib/server/regions/halls';
import { computeRegionIndicators, type RegionIndicators } from '../../src/lib/server/regions/region-indicators';
import { rebuildRollups } from '../../src/lib/server/rollups/rebuild';
import { publishStandardInstruments } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

const evaluator = (region?: string): Access => ({ userId: null, role: 'evaluator', mallId: null, ...(region ? { region } : {}), agencyIds: null });
const PASSWORD = 'lembar-kopi-Tenggara-7391';

describe('halls across regions', () => {
	let handle: TestDb;
	// Kota Kupang and Kabupaten Kupang (NTT, 53) and Kota Denpasar (Bali, 51).
	let kotaKupang: Organization;
	let kabKupang: Organization;
	let denpasar: Organization;
	const answersOf = new Map<string, { answers: (number | null)[]; month: string }[]>(); // "<mall id>:<a|b>" → each row's answers and month

	let seed = 7;
	const random = () => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};

	async function fill(org: Organization, unit: 'a' | 'b', count: number, low: number) {
		const rows = Array.from({ length: count }, (_, i) => {
			const answers = SKM_CODES.map(() => (random() < 0.05 ? null : Math.min(4, low + Math.floor(random() * (5 - low)))));
			// Edge days in January and March around the whole month of February (local dates in the hall's zone).
			const day = ['2026-01-20T03:00:00Z', '2026-02-10T03:00:00Z', '2026-03-05T03:00:00Z'][i % 3]!;
			return responseRow(org, unit, answers, { submittedAt: new Date(day) });
		});
		await handle.db.insert(responses).values(rows);
		answersOf.set(
			`${org.mall.id}:${unit}`,
			rows.map((r) => ({ answers: r.answers as (number | null)[], month: (r.submittedAt as Date).toISOString().slice(0, 7) }))
		);
	}

	const rowsWithMonths = (...keys: [Organization, 'a' | 'b'][]) => keys.flatMap(([org, unit]) => answersOf.get(`${org.mall.id}:${unit}`) ?? []);
	const rowsOf = (...keys: [Organization, 'a' | 'b'][]) => rowsWithMonths(...keys).map((r) => r.answers);
	const engine = (rows: (number | null)[][]) => computeIkm(tallyAnswers(rows, SKM_CODES));
	const period = { from: '2026-01-15', to: '2026-03-20', granularity: 'month' as const };

	async function region(code: string | null, access: Access, agencyKind?: string): Promise<RegionIndicators> {
		const scope = code === null ? { type: 'nation' as const } : { type: 'region' as const, code };
		const result = await computeRegionIndicators(handle.db, { ...period, scope, ...(agencyKind ? { agencyKind } : {}) }, access);
		if (typeof result === 'string') throw new Error(result);
		return result;
	}

	beforeAll(async () => {
		handle = await freshDb();
		kotaKupang = await createOrganization(handle.db, 'mpp-kota-kupang');
		kabKupang = await createOrganization(handle.db, 'mpp-kabupaten-kupang');
		denpasar = await createOrganization(handle.db, 'mpp-kota-denpasar');
		await handle.db.update(malls).set({ regionCode: '53.71' }).where(eq(malls.id, kotaKupang.mall.id));
		await handle.db.update(malls).set({ regionCode: '53.01' }).where(eq(malls.id, kabKupang.mall.id));
		await handle.db.update(malls).set({ regionCode: '51.71' }).where(eq(malls.id, denpasar.mall.id));
		for (const org of [kotaKupang, kabKupang, denpasar]) await handle.db.update(agencies).set({ kindCode: 'dukcapil' }).where(eq(agencies.id, org.a.agency.id));
		// A large, content hall and a small, unhappy one: pooled, the large one weighs more; the mean of halls does not.
		await fill(kotaKupang, 'a', 300, 3);
		await fill(kotaKupang, 'b', 150, 2);
		await fill(kabKupang, 'a', 40, 1);
		await fill(kabKupang, 'b', 20, 1);
		await fill(denpasar, 'a', 90, 2);
		await rebuildRollups(handle.db);
	});
	afterAll(async () => {
		await handle?.close();
	});

	it('pools a province over every respondent of its halls: the engine over the union of their raw answers', async () => {
		const ntt = await region('53', evaluator('53'));
		const union = rowsOf([kotaKupang, 'a'], [kotaKupang, 'b'], [kabKupang, 'a'], [kabKupang, 'b']);
		expect(ntt.method).toBe('pooled');
		expect(ntt.scope).toEqual({ type: 'region', code: '53', name: 'Nusa Tenggara Timur' });
		expect(ntt.respondents).toBe(union.length);
		expect(ntt.ikmExact).toBe(engine(union).ikmExact);
		expect(ntt.ikm).toBe(engine(union).ikm);
		expect(ntt.unsur.map((u) => [u.sum, u.n])).toEqual(engine(union).unsur.map((u) => [u.sum, u.n]));
		expect(ntt.halls.map((h) => h.slug)).toEqual(['mpp-kabupaten-kupang', 'mpp-kota-kupang']);
		// Each hall's own figure is its own answers'.
		const kota = ntt.halls.find((h) => h.id === kotaKupang.mall.id)!;
		expect(kota.ikm).toBe(engine(rowsOf([kotaKupang, 'a'], [kotaKupang, 'b'])).ikm);
		expect(kota.province).toEqual({ code: '53', name: 'Nusa Tenggara Timur' });
		// The series: one month each, pooled the same way (January's edge days, February whole, March's edge days).
		const months = rowsWithMonths([kotaKupang, 'a'], [kotaKupang, 'b'], [kabKupang, 'a'], [kabKupang, 'b']);
		expect(ntt.series.map((s) => s.period)).toEqual(['2026-01', '2026-02', '2026-03']);
		for (const bucket of ntt.series) {
			const own = months.filter((r) => r.month === bucket.period).map((r) => r.answers);
			expect(bucket.respondents, bucket.period).toBe(own.length);
			expect(bucket.ikmExact, bucket.period).toBe(engine(own).ikmExact);
		}
	});

	it('gives each hall its IKM per bucket and its respondents per channel when asked (the halls page)', async () => {
		const result = await computeRegionIndicators(handle.db, { ...period, scope: { type: 'region', code: '53' }, hallDetail: true }, evaluator('53'));
		if (typeof result === 'string') throw new Error(result);
		const kota = result.halls.find((h) => h.id === kotaKupang.mall.id)!;
		const own = rowsWithMonths([kotaKupang, 'a'], [kotaKupang, 'b']);
		expect(kota.spark).toEqual(['2026-01', '2026-02', '2026-03'].map((month) => engine(own.filter((r) => r.month === month).map((r) => r.answers)).ikm));
		expect(kota.channels).toEqual({ kiosk: 0, qr: own.length, ticket: 0, import: 0 });
		// Without asking, the API's shape: no detail.
		expect((await region('53', evaluator('53'))).halls[0]).not.toHaveProperty('spark');
	});

	it('labels the mean of the halls and keeps it apart from the pooled IKM', async () => {
		const ntt = await region('53', evaluator());
		const mean = meanOfPublishedIkms(ntt.halls.map((h) => h.ikm));
		expect(ntt.meanOfHalls).toEqual({ ...mean, method: 'mean_of_halls' });
		expect(ntt.meanOfHalls.units).toBe(2);
		// The small unhappy hall pulls the mean down far more than the pooled figure.
		expect(ntt.meanOfHalls.ikm).not.toBe(ntt.ikm);
		expect(ntt.meanOfHalls.ikm!).toBeLessThan(ntt.ikm!);
	});

	it('reads the nation over every hall, and a kabupaten/kota over its own', async () => {
		const nation = await region(null, evaluator());
		expect(nation.scope).toEqual({ type: 'nation', code: null, name: 'Indonesia' });
		expect(nation.halls).toHaveLength(3);
		const everything = rowsOf([kotaKupang, 'a'], [kotaKupang, 'b'], [kabKupang, 'a'], [kabKupang, 'b'], [denpasar, 'a']);
		expect(nation.ikmExact).toBe(engine(everything).ikmExact);
		const kota = await region('53.71', evaluator('53'));
		expect(kota.halls.map((h) => h.id)).toEqual([kotaKupang.mall.id]);
		expect(kota.respondents).toBe(rowsOf([kotaKupang, 'a'], [kotaKupang, 'b']).length);
	});

	it('compares the agencies of one kind across halls', async () => {
		const dukcapil = await region(null, evaluator(), 'dukcapil');
		expect(dukcapil.agencyKind?.code).toBe('dukcapil');
		const union = rowsOf([kotaKupang, 'a'], [kabKupang, 'a'], [denpasar, 'a']);
		expect(dukcapil.respondents).toBe(union.length);
		expect(dukcapil.ikmExact).toBe(engine(union).ikmExact);
		expect(dukcapil.halls.find((h) => h.id === kotaKupang.mall.id)!.ikm).toBe(engine(rowsOf([kotaKupang, 'a'])).ikm);
		// A kind no hall's agency names lists no hall and gives no figure.
		const pos = await region(null, evaluator(), 'pos');
		expect(pos.halls).toEqual([]);
		expect(pos.respondents).toBe(0);
		expect(pos.ikm).toBeNull();
	});

	it('lets a hall name its agency’s kind, within its hall and the catalogue only', async () => {
		const actor = { userId: null, label: 'test' };
		expect(await setAgencyKind(handle.db, kabKupang.mall.id, kabKupang.b.agency.id, 'pos', actor)).toBe('saved');
		expect(await setAgencyKind(handle.db, kabKupang.mall.id, kotaKupang.b.agency.id, 'pos', actor)).toBe('not_found');
		expect(await setAgencyKind(handle.db, kabKupang.mall.id, kabKupang.b.agency.id, 'no-such-kind', actor)).toBe('unknown_kind');
		const pos = await region('53', evaluator('53'), 'pos');
		expect(pos.halls.map((h) => h.id)).toEqual([kabKupang.mall.id]);
		expect(pos.respondents).toBe(rowsOf([kabKupang, 'b']).length);
		expect(await setAgencyKind(handle.db, kabKupang.mall.id, kabKupang.b.agency.id, null, actor)).toBe('saved');
		expect((await region('53', evaluator('53'), 'pos')).halls).toEqual([]);
	});

	it('refuses what lies outside the reader’s region, an unknown region and an unknown kind', async () => {
		const period2 = { ...period };
		const ask = (scope: { type: 'region'; code: string } | { type: 'nation' }, access: Access, agencyKind?: string) =>
			computeRegionIndicators(handle.db, { ...period2, scope, ...(agencyKind ? { agencyKind } : {}) }, access);
		expect(await ask({ type: 'nation' }, evaluator('53'))).toBe('not_readable');
		expect(await ask({ type: 'region', code: '51' }, evaluator('53'))).toBe('not_readable');
		expect(await ask({ type: 'region', code: '53' }, evaluator('53.71'))).toBe('not_readable');
		const hallAdmin: Access = { userId: null, role: 'admin', mallId: kotaKupang.mall.id, agencyIds: null };
		expect(await ask({ type: 'region', code: '53.71' }, hallAdmin)).toBe('not_readable');
		expect(await ask({ type: 'region', code: '99' }, evaluator())).toBe('unknown_region');
		expect(await ask({ type: 'nation' }, evaluator(), 'no-such-kind')).toBe('unknown_agency_kind');
	});

	it('lets a province evaluator read the halls of its province and nothing of another', async () => {
		const ntt = evaluator('53');
		expect((await hallsInReach(handle.db, ntt)).map((h) => h.id).sort()).toEqual([kotaKupang.mall.id, kabKupang.mall.id].sort());
		expect((await hallsInReach(handle.db, evaluator())).length).toBe(3);
		expect((await hallsInReach(handle.db, { userId: null, role: 'admin', mallId: denpasar.mall.id, agencyIds: null })).map((h) => h.id)).toEqual([denpasar.mall.id]);
		const own = await computeIndicators(handle.db, { scope: 'mall', id: kabKupang.mall.id, ...period }, ntt);
		expect(own?.respondents).toBe(rowsOf([kabKupang, 'a'], [kabKupang, 'b']).length);
		expect(await computeIndicators(handle.db, { scope: 'mall', id: denpasar.mall.id, ...period }, ntt)).toBeNull();
		expect(await computeIndicators(handle.db, { scope: 'agency', id: denpasar.a.agency.id, ...period }, ntt)).toBeNull();
		expect(await hallOfRequest(handle.db, ntt, kotaKupang.mall.id)).toBe(kotaKupang.mall.id);
		expect(await hallOfRequest(handle.db, ntt, denpasar.mall.id)).toBeNull();
	});

	it('archives a hall: its counters out of service, its accounts signed out and refused, its figures kept; and restores it', async () => {
		const admin = await createUser(handle.db, { name: 'Admin Denpasar', email: 'admin@denpasar.x.id', password: PASSWORD, mallId: denpasar.mall.id, role: 'admin' });
		if (!('userId' in admin)) throw new Error(JSON.stringify(admin));
		const session = await createSession(handle.db, admin.userId);
		const before = await region(null, evaluator());
		const at = new Date('2026-06-01T00:00:00Z');
		const operator = { userId: null, label: 'test operator' };
		expect(await setHallArchived(handle.db, denpasar.mall.id, true, operator, at)).toBe(true);
		const archivedAt = async () =>
			resultRows<{ at: Date | string | null }>(await handle.db.execute(sql`select ${counterArchivedAt(sql`${denpasar.mall.id}::int`, sql`${denpasar.a.counter.id}::int`)} as at`))[0]!.at;
		expect(new Date((await archivedAt())!).toISOString()).toBe(at.toISOString());
		expect(await validateSessionToken(handle.db, session.token)).toBeNull();
		expect(await signIn(handle.db, { email: 'admin@denpasar.x.id', password: PASSWORD, address: '127.0.0.9' })).toEqual({ error: 'invalid' });
		// The hall's past figures stay, marked archived.
		const after = await region(null, evaluator());
		expect(after.respondents).toBe(before.respondents);
		expect(after.halls.find((h) => h.id === denpasar.mall.id)?.archived).toBe(true);
		expect(await setHallArchived(handle.db, 987654, true, operator)).toBe(false);
		expect(await setHallArchived(handle.db, denpasar.mall.id, false, operator)).toBe(true);
		expect(await archivedAt()).toBeNull();
		expect(await signIn(handle.db, { email: 'admin@denpasar.x.id', password: PASSWORD, address: '127.0.0.9' })).toMatchObject({ userId: admin.userId });
	});

	it('keeps accounts in their reach: hall roles in a hall, operators in none, regions for evaluators only', async () => {
		const base = { name: 'Penilai', password: PASSWORD };
		expect(await createUser(handle.db, { ...base, email: 'a@x.id', mallId: null, role: 'admin' })).toEqual({ error: 'hall_required', field: 'mall' });
		expect(await createUser(handle.db, { ...base, email: 'b@x.id', mallId: kotaKupang.mall.id, role: 'operator' })).toEqual({ error: 'no_hall_for_operator', field: 'mall' });
		expect(await createUser(handle.db, { ...base, email: 'c@x.id', mallId: kotaKupang.mall.id, regionScope: '53', role: 'evaluator' })).toEqual({
			error: 'region_only_for_evaluators',
			field: 'region'
		});
		expect(await createUser(handle.db, { ...base, email: 'd@x.id', mallId: null, regionScope: '99', role: 'evaluator' })).toEqual({ error: 'unknown_region', field: 'region' });
		const created = await createUser(handle.db, { ...base, email: 'inspektorat@ntt.go.id', mallId: null, regionScope: '53', role: 'evaluator' });
		if (!('userId' in created)) throw new Error(JSON.stringify(created));
		const [row] = await handle.db.select().from(users).where(eq(users.id, created.userId));
		expect(await accessOf(handle.db, row!)).toEqual({ userId: created.userId, role: 'evaluator', mallId: null, region: '53', agencyIds: null });
		const operator = await createUser(handle.db, { ...base, name: 'Operator', email: 'operator@x.id', mallId: null, role: 'operator' });
		if (!('userId' in operator)) throw new Error(JSON.stringify(operator));
		const [operatorRow] = await handle.db.select().from(users).where(eq(users.id, operator.userId));
		expect(await accessOf(handle.db, operatorRow!)).toEqual({ userId: operator.userId, role: 'operator', mallId: null, agencyIds: null });
		// The table refuses what the module would: a manager without a hall.
		await expect(
			handle.db.insert(users).values({ mallId: null, email: 'e@x.id', name: 'X', passwordHash: 'x', role: 'manager' })
		).rejects.toThrow();
	});
});

describe('one read of the rollups for several groupings', () => {
	let handle: TestDb;
	let kupang: Organization;
	let jakarta: Organization;

	beforeAll(async () => {
		handle = await freshDb();
		const instruments = await publishStandardInstruments(handle.db);
		kupang = await createOrganization(handle.db, 'mpp-kupang', 'Asia/Makassar');
		jakarta = await createOrganization(handle.db, 'mpp-jakarta', 'Asia/Jakarta');
		const quick = instruments.get('quick')!;
		let seed = 11;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		const channels = ['kiosk', 'qr', 'import'] as const; // a ticket rating needs its ticket
		// Over 20 Jan – 10 Apr 2026: edge days in January and April around whole months; SKM (complete and partial) and quick.
		const rows = Array.from({ length: 400 }, (_, i) => {
			const org = i % 3 === 0 ? jakarta : kupang;
			const at = new Date(Date.parse('2026-01-20T01:00:00Z') + Math.floor(random() * 80 * 24) * 3_600_000);
			const overrides = { submittedAt: at, channel: channels[i % channels.length]!, status: i % 7 === 0 ? ('partial' as const) : ('complete' as const) };
			if (i % 5 === 0) return responseRow(org, i % 2 === 0 ? 'a' : 'b', [1 + Math.floor(random() * 4)], { ...overrides, instrumentId: quick.id, status: 'complete' });
			return responseRow(org, i % 2 === 0 ? 'a' : 'b', SKM_CODES.map(() => (random() < 0.05 ? null : 1 + Math.floor(random() * 4))), overrides);
		});
		await handle.db.insert(responses).values(rows);
		await rebuildRollups(handle.db);
	});
	afterAll(async () => {
		await handle?.close();
	});

	const sorted = (figures: GroupFigures) => ({
		tallies: [...figures.tallies].sort((a, b) => `${a.key} ${a.code}`.localeCompare(`${b.key} ${b.code}`)),
		counts: [...figures.counts].sort((a, b) => a.key.localeCompare(b.key))
	});

	it('gives each grouping what its own read gives (whole months and edge days, daily rows, units, channels)', async () => {
		const range = { from: '2026-01-25', to: '2026-04-05' };
		const cases: { scope: RollupScope; groupings: Grouping[] }[] = [
			{ scope: { type: 'malls', ids: [kupang.mall.id, jakarta.mall.id] }, groupings: [{ by: 'bucket', granularity: 'month' }, { by: 'mall' }, { by: 'mall', granularity: 'month' }, { by: 'mall-channel' }] },
			{ scope: { type: 'malls', ids: [kupang.mall.id] }, groupings: [{ by: 'bucket', granularity: 'week' }, { by: 'mall' }, { by: 'channel' }, { by: 'none' }] },
			{ scope: { type: 'agencies', ids: [kupang.a.agency.id, jakarta.a.agency.id] }, groupings: [{ by: 'bucket', granularity: 'quarter' }, { by: 'mall' }, { by: 'agency', granularity: 'day' }] },
			{ scope: { type: 'mall', id: kupang.mall.id }, groupings: [{ by: 'bucket', granularity: 'year' }, { by: 'agency' }, { by: 'service', granularity: 'semester' }] }
		];
		for (const { scope, groupings } of cases) {
			const together = await figuresByGroupings(handle.db, scope, range, groupings);
			expect(together).toHaveLength(groupings.length);
			for (const [i, grouping] of groupings.entries()) {
				const alone = await groupFigures(handle.db, scope, range, grouping);
				expect(alone.tallies.length, JSON.stringify(grouping)).toBeGreaterThan(0);
				expect(sorted(together[i]!), `${JSON.stringify(scope)} ${JSON.stringify(grouping)}`).toEqual(sorted(alone));
			}
		}
		// Quick ratings are counted per group too, and one channel's rows only when asked.
		const [byChannel] = await figuresByGroupings(handle.db, { type: 'malls', ids: [kupang.mall.id] }, range, [{ by: 'channel' }], 'qr');
		expect(sorted(byChannel!)).toEqual(sorted(await groupFigures(handle.db, { type: 'malls', ids: [kupang.mall.id] }, range, { by: 'channel' }, 'qr')));
		expect(byChannel!.counts.some((c) => c.quick1 + c.quick2 + c.quick3 + c.quick4 > 0)).toBe(true);
		expect(await figuresByGroupings(handle.db, { type: 'malls', ids: [kupang.mall.id] }, { from: '2025-01-01', to: '2025-12-31' }, [{ by: 'none' }, { by: 'mall' }])).toEqual([
			{ tallies: [], counts: [] },
			{ tallies: [], counts: [] }
		]);
	});

	it('reads a large set of halls in two halves and sums them: the same figures as one read of its halls', async () => {
		// 118 halls without a response between the two that have some: Kupang in the first half, Jakarta in the second.
		const empty = resultRows<{ id: number }>(
			await handle.db.execute(sql`insert into malls (slug, name, city, time_zone)
				select 'mpp-kosong-' || n, 'MPP Kosong ' || n, 'Kota', 'Asia/Jakarta' from generate_series(1, 118) n returning id`)
		).map((r) => r.id);
		const range = { from: '2026-01-25', to: '2026-04-05' };
		const groupings: Grouping[] = [{ by: 'bucket', granularity: 'month' }, { by: 'mall' }, { by: 'mall-channel' }, { by: 'bucket', granularity: 'week' }, { by: 'none' }];
		const many = await figuresByGroupings(handle.db, { type: 'malls', ids: [kupang.mall.id, ...empty, jakarta.mall.id] }, range, groupings);
		const few = await figuresByGroupings(handle.db, { type: 'malls', ids: [kupang.mall.id, jakarta.mall.id] }, range, groupings);
		expect(many.map(sorted)).toEqual(few.map(sorted));
		expect(few[0]!.counts.length).toBeGreaterThan(1);
	});
});
