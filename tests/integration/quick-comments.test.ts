/**
 * Quick ratings on the comments page: each comment with its face's labels and the reasons chosen after a low score,
 * the filter by reason (in SQL, beside the other filters), an unknown reason named as not understood, and a
 * manager's reach unchanged.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_V1 } from '../../src/lib/domain/instruments';
import type { MallAccess } from '../../src/lib/server/access/page-access';
import { createUser } from '../../src/lib/server/auth/users';
import { rowsOf } from '../../src/lib/server/db/client';
import { responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { listComments, parseCommentQuery, type CommentFilter } from '../../src/lib/server/follow-up/comments';
import { quickReasons, type QuickReason } from '../../src/lib/server/indicators/quick';
import { publishStandardInstruments } from '../../src/lib/server/surveys/instruments';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

const ZONE = 'Asia/Makassar';
let handle: TestDb;
let org: Organization;
let admin: MallAccess;
let managerA: MallAccess;
let managerB: MallAccess;
let reasons: QuickReason[];
const ids: Record<string, string> = {};

const comments = (access: MallAccess, filter: Partial<CommentFilter> = {}) => listComments(handle.db, access, { page: 1, ...filter }, ZONE);
const idsOf = async (access: MallAccess, filter: Partial<CommentFilter> = {}) => (await comments(access, filter)).rows.map((r) => r.responseId).sort();

/** The hall's commented responses that chose `code`, read straight from the table (of one agency when given). */
async function choosing(code: string, agencyId?: number): Promise<string[]> {
	const rows = rowsOf<{ id: string }>(
		await handle.db.execute(sql`select id from responses
			where mall_id = ${org.mall.id} and comment is not null and btrim(comment) <> '' and ${code} = any(reasons)
				${agencyId === undefined ? sql`` : sql`and agency_id = ${agencyId}`}`)
	);
	return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'quick-comments-mall', ZONE);
	const quick = (await publishStandardInstruments(handle.db)).get(QUICK_V1.code)!;
	reasons = await quickReasons(handle.db);
	const user = async (email: string, role: MallAccess['role'], agencyIds: number[] | null): Promise<MallAccess> => {
		const created = await createUser(handle.db, { mallId: org.mall.id, email, name: email, password: 'kuda-lompat-jendela-biru', role, agencyIds: agencyIds ?? [] });
		if (!('userId' in created)) throw new Error(`createUser: ${created.error}`);
		return { userId: created.userId, role, mallId: org.mall.id, agencyIds };
	};
	admin = await user('admin@quick.example', 'admin', null);
	managerA = await user('manager-a@quick.example', 'manager', [org.a.agency.id]);
	managerB = await user('manager-b@quick.example', 'manager', [org.b.agency.id]);

	const rows: [string, 'a' | 'b', number, string[] | null, string | null][] = [
		// key, agency, the face (1–4), reasons, comment
		['slowUnclear', 'a', 1, ['lama', 'persyaratan'], 'Antrean lama dan syaratnya membingungkan.'],
		['slow', 'a', 2, ['lama'], 'Menunggu hampir dua jam.'],
		['happy', 'a', 4, null, 'Cepat, terima kasih.'],
		['rude', 'b', 1, ['tidak-ramah', 'lama'], 'Petugas ketus dan lambat.'],
		['procedure', 'b', 2, ['prosedur'], 'Harus bolak-balik ke tiga loket.'],
		['silent', 'a', 1, ['lama'], null]
	];
	for (const [i, [key, unit, face, chosen, comment]] of rows.entries()) {
		const row = responseRow(org, unit, [face], {
			instrumentId: quick.id,
			reasons: chosen,
			comment,
			submittedAt: new Date(Date.UTC(2026, 2, 2, 2, i))
		});
		ids[key] = row.id!;
		await handle.db.insert(responses).values(row);
	}
	const skm = responseRow(org, 'a', [2, 3, 1, 4, 3, 3, 3, 3, 3], { comment: 'Antrean lama di loket SKM.', submittedAt: new Date('2026-03-02T03:00:00Z') });
	ids.skm = skm.id!;
	await handle.db.insert(responses).values(skm);
});
afterAll(async () => {
	await handle?.close();
});

describe('quick ratings among the comments', () => {
	it('the fixtures store the reasons chosen, and every one of them is a reason of quick mode', async () => {
		const stored = rowsOf<{ reason: string }>(
			await handle.db.execute(sql`select distinct unnest(reasons) as reason from responses where mall_id = ${org.mall.id} order by 1`)
		);
		expect(stored.map((r) => r.reason)).toEqual(['lama', 'persyaratan', 'prosedur', 'tidak-ramah']);
		expect(reasons.map((r) => r.code)).toEqual(expect.arrayContaining(stored.map((r) => r.reason)));
	});

	it('shows a quick comment with its face’s labels and the reasons chosen; an SKM comment keeps its answers', async () => {
		const page = await comments(admin);
		expect(page.total).toBe(6);
		const byId = new Map(page.rows.map((row) => [row.responseId, row]));
		expect(byId.get(ids.slowUnclear!)?.quick).toEqual({
			value: 1,
			face: { id: 'Tidak puas', en: 'Dissatisfied' },
			reasons: ['lama', 'persyaratan']
		});
		expect(byId.get(ids.procedure!)?.quick).toEqual({ value: 2, face: { id: 'Kurang puas', en: 'Somewhat dissatisfied' }, reasons: ['prosedur'] });
		expect(byId.get(ids.happy!)?.quick).toEqual({ value: 4, face: { id: 'Sangat puas', en: 'Very satisfied' }, reasons: [] });
		expect(byId.get(ids.skm!)).toMatchObject({ quick: null, answers: expect.arrayContaining([{ code: 'U3', value: 1 }]) });
		expect(byId.get(ids.skm!)?.answers).toHaveLength(9);
		// A quick rating without a comment is no comment.
		expect(byId.has(ids.silent!)).toBe(false);
	});

	it('filters by reason in SQL: exactly the commented responses whose reasons hold the code', async () => {
		for (const { code } of reasons) {
			expect(await idsOf(admin, { reason: code }), code).toEqual(await choosing(code));
		}
		expect(await idsOf(admin, { reason: 'lama' })).toEqual([ids.slowUnclear, ids.slow, ids.rude].sort());
		expect((await comments(admin, { reason: 'fasilitas' })).total).toBe(0);
	});

	it('combines the reason with the agency, the score and the words', async () => {
		expect(await idsOf(admin, { reason: 'lama', agencyId: org.a.agency.id })).toEqual(await choosing('lama', org.a.agency.id));
		expect(await idsOf(admin, { reason: 'lama', agencyId: org.a.agency.id })).toEqual([ids.slowUnclear, ids.slow].sort());
		expect(await idsOf(admin, { reason: 'lama', agencyId: org.b.agency.id })).toEqual([ids.rude]);
		expect(await idsOf(admin, { reason: 'lama', score: '1' })).toEqual([ids.slowUnclear, ids.rude].sort());
		// The SKM comment says "lama" in words but chose no reason.
		expect(await idsOf(admin, { reason: 'lama', search: 'lama' })).toEqual([ids.slowUnclear]);
	});

	it('reads ?reason= from the query, naming an unknown or over-long code as not understood', () => {
		const codes = reasons.map((r) => r.code);
		const parse = (query: string) => parseCommentQuery(new URLSearchParams(query), codes);
		expect(parse('reason=lama&agency=2')).toEqual({ filter: { reason: 'lama', agencyId: 2, page: 1 }, invalid: [] });
		expect(parse('reason=%20Tidak-Ramah%20').filter.reason).toBe('tidak-ramah');
		expect(parse('reason=').filter.reason).toBeUndefined();
		for (const bad of ['bogus', 'x'.repeat(41), 'lama;drop', '%00']) {
			const parsed = parse(`reason=${encodeURIComponent(bad)}&score=low`);
			expect(parsed.invalid, bad).toEqual(['reason']);
			expect(parsed.filter, bad).toEqual({ score: 'low', page: 1 });
		}
		// A code no version of quick mode defines is unknown, however well formed.
		expect(parseCommentQuery(new URLSearchParams('reason=lama')).invalid).toEqual(['reason']);
	});

	it('keeps a manager to their agencies, with or without a reason', async () => {
		expect(await idsOf(managerB, { reason: 'lama' })).toEqual([ids.rude]);
		expect(await idsOf(managerB, { reason: 'lama', agencyId: org.a.agency.id })).toEqual([]);
		expect(await idsOf(managerB)).toEqual([ids.rude, ids.procedure].sort());
		expect(await idsOf(managerA, { reason: 'lama' })).toEqual([ids.slowUnclear, ids.slow].sort());
		expect(await idsOf(managerA, { reason: 'prosedur' })).toEqual([]);
		expect((await comments({ ...admin, mallId: admin.mallId + 1000 }, { reason: 'lama' })).total).toBe(0);
	});
});
