/**
 * Comments, complaints and follow-up items: filters (with % and _ taken literally), the manager's reach, marking a
 * complaint once, and closed_at following the status.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MallAccess } from '../../src/lib/server/access/page-access';
import { createUser } from '../../src/lib/server/auth/users';
import { complaints, followUps, responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { COMMENTS_PER_PAGE, likePattern, listComments, parseCommentQuery, type CommentFilter } from '../../src/lib/server/follow-up/comments';
import { findComplaint, markComplaint } from '../../src/lib/server/follow-up/complaints';
import { createFollowUp, FollowUpFormSchema, listFollowUps, setFollowUpStatus } from '../../src/lib/server/follow-up/follow-ups';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

const ZONE = 'Asia/Makassar';
let handle: TestDb;
let org: Organization;
let admin: MallAccess;
let managerA: MallAccess;
let managerB: MallAccess;
let evaluator: MallAccess;
const ids: Record<string, string> = {};

const status = (promise: Promise<unknown>) =>
	promise.then(
		() => 'ok',
		(err: { status?: number }) => err.status ?? err
	);

const comments = (access: MallAccess, filter: Partial<CommentFilter> = {}) => listComments(handle.db, access, { page: 1, ...filter }, ZONE);
const texts = async (access: MallAccess, filter: Partial<CommentFilter> = {}) => (await comments(access, filter)).rows.map((r) => r.comment);

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'follow-up-mall', ZONE);
	const user = async (email: string, role: MallAccess['role'], agencyIds: number[] | null): Promise<MallAccess> => {
		const created = await createUser(handle.db, { mallId: org.mall.id, email, name: email, password: 'kuda-lompat-jendela-biru', role, agencyIds: agencyIds ?? [] });
		if (!('userId' in created)) throw new Error(`createUser: ${created.error}`);
		return { userId: created.userId, role, mallId: org.mall.id, agencyIds };
	};
	admin = await user('admin@fu.example', 'admin', null);
	managerA = await user('manager-a@fu.example', 'manager', [org.a.agency.id]);
	managerB = await user('manager-b@fu.example', 'manager', [org.b.agency.id]);
	evaluator = await user('evaluator@fu.example', 'evaluator', null);

	const rows: [string, 'a' | 'b', (number | null)[], string | null, string][] = [
		// key, agency, answers (U1..U9), comment, submitted at (UTC; Kupang is UTC+8)
		['queue', 'a', [3, 3, 1, 4, 3, 3, 3, 3, 3], 'Antrean terlalu lama, mohon tambah petugas.', '2026-03-02T02:00:00Z'],
		['percent', 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], 'Saya 100% puas dengan layanan.', '2026-03-02T03:00:00Z'],
		['underscore', 'a', [2, 2, 2, 2, 2, 2, 2, null, 2], 'Petugas nama_loket kurang ramah.', '2026-03-02T04:00:00Z'],
		['backslash', 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], 'Berkas di folder C:\\dokumen hilang.', '2026-03-01T15:59:00Z'],
		['midnight', 'a', [2, 3, 2, 3, 2, 3, 2, 3, 2], 'Datang tepat tengah malam? Tidak, pagi.', '2026-03-01T16:30:00Z'],
		['agencyB', 'b', [1, 1, 1, 1, 1, 1, 1, 1, 1], 'Antrean di instansi B juga lama.', '2026-03-02T05:00:00Z'],
		['blank', 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], '   ', '2026-03-02T06:00:00Z'],
		['none', 'a', [3, 3, 3, 3, 3, 3, 3, 3, 3], null, '2026-03-02T07:00:00Z']
	];
	for (const [key, unit, answers, comment, at] of rows) {
		const row = responseRow(org, unit, answers, { comment, submittedAt: new Date(at) });
		ids[key] = row.id!;
		await handle.db.insert(responses).values(row);
	}
});
afterAll(async () => {
	await handle?.close();
});

describe('comments', () => {
	it('lists non-empty comments of the mall, newest first, with answers by unsur code', async () => {
		const page = await comments(admin);
		expect(page.rows.map((r) => r.responseId)).toEqual([ids.agencyB, ids.underscore, ids.percent, ids.queue, ids.midnight, ids.backslash]);
		expect(page.total).toBe(6);
		expect(page.rows[1]?.answers.slice(6)).toEqual([
			{ code: 'U7', value: 2 },
			{ code: 'U8', value: null },
			{ code: 'U9', value: 2 }
		]);
		expect(page.rows[0]).toMatchObject({ agency: 'Agency b', service: 'Service b', counterCode: 'b-01', complaint: null });
	});

	it('searches case-insensitively with %, _ and \\ taken literally', async () => {
		expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
		expect(await texts(admin, { search: 'ANTREAN' })).toHaveLength(2);
		expect(await texts(admin, { search: '%' })).toEqual(['Saya 100% puas dengan layanan.']);
		expect(await texts(admin, { search: '_' })).toEqual(['Petugas nama_loket kurang ramah.']);
		expect(await texts(admin, { search: 'C:\\dok' })).toEqual(['Berkas di folder C:\\dokumen hilang.']);
		expect(await texts(admin, { search: 'nama loket' })).toEqual([]);
	});

	it('filters by an unsur’s answer, or by the response’s rounded mean', async () => {
		expect(await texts(admin, { unsur: 'U3', score: '1' })).toEqual(['Antrean di instansi B juga lama.', 'Antrean terlalu lama, mohon tambah petugas.']);
		expect((await comments(admin, { unsur: 'U8', score: 'low' })).rows.map((r) => r.responseId)).toEqual([ids.agencyB]);
		// U8 skipped does not match "answered U8"
		expect((await comments(admin, { unsur: 'U8' })).rows.map((r) => r.responseId)).not.toContain(ids.underscore);
		// means: queue 26/9 = 2.89 → 3; underscore 2; midnight 22/9 = 2.44 → 2; agencyB 1
		expect((await comments(admin, { score: '2' })).rows.map((r) => r.responseId)).toEqual([ids.underscore, ids.midnight]);
		expect((await comments(admin, { score: 'low' })).rows.map((r) => r.responseId)).toEqual([ids.agencyB, ids.underscore, ids.midnight]);
		expect((await comments(admin, { score: '3' })).rows.map((r) => r.responseId)).toEqual([ids.queue, ids.backslash]);
	});

	it('cuts periods at local midnight in the mall’s zone', async () => {
		// 2026-03-01T16:30Z is 2 March 00:30 in Kupang; 15:59Z is still 1 March.
		const march2 = await comments(admin, { from: '2026-03-02', to: '2026-03-02' });
		expect(march2.rows.map((r) => r.responseId)).toContain(ids.midnight);
		expect(march2.rows.map((r) => r.responseId)).not.toContain(ids.backslash);
		expect((await comments(admin, { to: '2026-03-01' })).rows.map((r) => r.responseId)).toEqual([ids.backslash]);
	});

	it('a manager reads only their agencies, also when asking for another agency', async () => {
		expect((await comments(managerA)).rows.every((r) => r.agencyId === org.a.agency.id)).toBe(true);
		expect((await comments(managerA)).total).toBe(5);
		expect(await comments(managerA, { agencyId: org.b.agency.id })).toMatchObject({ total: 0, rows: [] });
		expect(await texts(managerB)).toEqual(['Antrean di instansi B juga lama.']);
		expect((await comments({ ...admin, mallId: admin.mallId + 1000 })).total).toBe(0);
	});

	it('reads the query string, naming what it could not understand', () => {
		const parse = (query: string) => parseCommentQuery(new URLSearchParams(query));
		expect(parse('q=%25&unsur=U3&score=low&agency=2&from=2026-03-01&to=2026-03-31&page=2')).toEqual({
			filter: { search: '%', unsur: 'U3', score: 'low', agencyId: 2, from: '2026-03-01', to: '2026-03-31', page: 2 },
			invalid: []
		});
		expect(parse('period=month&value=2026-02').filter).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
		expect(parse('period=custom&from=2026-02-03&to=2026-02-05')).toMatchObject({ filter: { from: '2026-02-03', to: '2026-02-05' }, invalid: [] });
		expect(parse('unsur=U10&score=5&agency=99999999999&from=2026-02-30&page=0').invalid).toEqual(['unsur', 'score', 'agency', 'page', 'from']);
		expect(parse('from=2026-03-02&to=2026-03-01').invalid).toEqual(['to']);
		expect(parse('period=month&value=2026-13').invalid).toEqual(['period']);
		expect(parse('q=&unsur=&score=&agency=').filter).toEqual({ page: 1 });
	});

	it('pages by ' + COMMENTS_PER_PAGE, async () => {
		const many = Array.from({ length: COMMENTS_PER_PAGE + 1 }, (_, i) =>
			responseRow(org, 'b', [3, 3, 3, 3, 3, 3, 3, 3, 3], { comment: `halaman ${i}`, submittedAt: new Date(Date.UTC(2026, 0, 5, 0, i)) })
		);
		await handle.db.insert(responses).values(many);
		const first = await comments(managerB, { search: 'halaman' });
		expect(first).toMatchObject({ total: COMMENTS_PER_PAGE + 1, pages: 2, page: 1 });
		expect(first.rows).toHaveLength(COMMENTS_PER_PAGE);
		const second = await comments(managerB, { search: 'halaman', page: 2 });
		expect(second.rows.map((r) => r.comment)).toEqual(['halaman 0']);
		// A page past the end shows the last one.
		expect((await comments(managerB, { search: 'halaman', page: 9 })).page).toBe(2);
	});
});

describe('complaints', () => {
	it('marks a response once; marking again is refused with the existing complaint', async () => {
		const first = await markComplaint(handle.db, managerA, ids.queue!);
		expect(first).toEqual({ status: 'created', complaintId: expect.any(Number) });
		expect(await markComplaint(handle.db, admin, ids.queue!)).toEqual({ status: 'already_marked', complaintId: first.complaintId });
		expect(await handle.db.select().from(complaints).where(eq(complaints.responseId, ids.queue!))).toEqual([
			expect.objectContaining({ agencyId: org.a.agency.id, markedBy: managerA.userId })
		]);
		const row = (await comments(admin, { search: 'mohon tambah' })).rows[0];
		expect(row?.complaint).toMatchObject({ id: first.complaintId, followUps: 0, openFollowUps: 0 });
	});

	it('refuses other agencies (404), evaluators (403) and unknown responses (404)', async () => {
		expect(await status(markComplaint(handle.db, managerB, ids.percent!))).toBe(404);
		expect(await status(markComplaint(handle.db, evaluator, ids.percent!))).toBe(403);
		expect(await status(markComplaint(handle.db, admin, crypto.randomUUID()))).toBe(404);
		expect(await status(markComplaint(handle.db, { ...admin, mallId: admin.mallId + 1000 }, ids.percent!))).toBe(404);
		expect(await handle.db.select().from(complaints).where(eq(complaints.responseId, ids.percent!))).toEqual([]);
	});

	it('finds a complaint only within the reader’s reach', async () => {
		const { complaintId } = await markComplaint(handle.db, managerB, ids.agencyB!);
		expect(await findComplaint(handle.db, managerB, complaintId)).toMatchObject({ comment: 'Antrean di instansi B juga lama.', counterCode: 'b-01' });
		expect(await findComplaint(handle.db, managerA, complaintId)).toBeNull();
		expect(await findComplaint(handle.db, evaluator, complaintId)).not.toBeNull();
	});
});

describe('follow-up items', () => {
	const form = (fields: Record<string, string>) => v.parse(FollowUpFormSchema, { action: 'Tambah petugas', owner: 'Kepala loket', due_date: '2026-04-30', ...fields });

	it('needs an agency and an unsur without a complaint, and names wrong fields', () => {
		const wrong = (fields: Record<string, string>) =>
			v.safeParse(FollowUpFormSchema, { action: 'x', owner: 'y', due_date: '2026-04-30', ...fields }).issues?.map((i) => i.path?.[0]?.key);
		expect(wrong({})).toEqual(['agency', 'unsur']);
		expect(wrong({ complaint: '1' })).toBeUndefined();
		expect(wrong({ agency: '1', unsur: 'U3' })).toBeUndefined();
		expect(wrong({ agency: '1', unsur: 'U0' })).toEqual(['unsur']);
		expect(wrong({ complaint: '1', action: ' ', owner: '', due_date: '2026-02-30' })).toEqual(['action', 'owner', 'due_date']);
	});

	it('creates from a complaint (its agency) or free; refuses other agencies and evaluators', async () => {
		const { complaintId } = await markComplaint(handle.db, managerA, ids.underscore!);
		const fromComplaint = await createFollowUp(handle.db, managerA, form({ complaint: String(complaintId) }));
		const free = await createFollowUp(handle.db, managerA, form({ agency: String(org.a.agency.id), unsur: 'U9', action: 'Perbaiki AC' }));
		const stored = await handle.db.select().from(followUps);
		expect(stored.find((f) => f.id === fromComplaint)).toMatchObject({ agencyId: org.a.agency.id, complaintId, status: 'planned', closedAt: null, dueDate: '2026-04-30' });
		expect(stored.find((f) => f.id === free)).toMatchObject({ agencyId: org.a.agency.id, complaintId: null, unsurCode: 'U9', createdBy: managerA.userId });

		expect(await status(createFollowUp(handle.db, managerB, form({ complaint: String(complaintId) })))).toBe(404);
		expect(await status(createFollowUp(handle.db, managerB, form({ agency: String(org.a.agency.id), unsur: 'U1' })))).toBe(404);
		expect(await status(createFollowUp(handle.db, evaluator, form({ complaint: String(complaintId) })))).toBe(403);
		expect(await status(createFollowUp(handle.db, admin, form({ complaint: '999999' })))).toBe(404);

		const list = await listFollowUps(handle.db, managerA, { complaintId });
		expect(list.rows.map((r) => [r.id, r.complaint?.comment])).toEqual([[fromComplaint, 'Petugas nama_loket kurang ramah.']]);
		expect((await listFollowUps(handle.db, managerB)).rows).toEqual([]);
		expect((await comments(admin, { search: 'nama_loket' })).rows[0]?.complaint).toMatchObject({ followUps: 1, openFollowUps: 1 });
	});

	it('closing stamps closed_at, moving between closed states keeps it, reopening clears it', async () => {
		const id = await createFollowUp(handle.db, admin, form({ agency: String(org.b.agency.id), unsur: 'U3' }));
		const closedAt = async () => (await handle.db.select().from(followUps).where(eq(followUps.id, id)))[0]!.closedAt;

		await setFollowUpStatus(handle.db, managerB, id, 'in_progress', new Date('2026-03-03T00:00:00Z'));
		expect(await closedAt()).toBeNull();
		await setFollowUpStatus(handle.db, managerB, id, 'done', new Date('2026-03-04T00:00:00Z'));
		expect(await closedAt()).toEqual(new Date('2026-03-04T00:00:00Z'));
		await setFollowUpStatus(handle.db, managerB, id, 'cancelled', new Date('2026-03-05T00:00:00Z'));
		expect(await closedAt()).toEqual(new Date('2026-03-04T00:00:00Z'));
		await setFollowUpStatus(handle.db, managerB, id, 'planned', new Date('2026-03-06T00:00:00Z'));
		expect(await closedAt()).toBeNull();

		expect(await status(setFollowUpStatus(handle.db, managerA, id, 'done'))).toBe(404);
		expect(await status(setFollowUpStatus(handle.db, evaluator, id, 'done'))).toBe(403);
		expect(await closedAt()).toBeNull();

		await setFollowUpStatus(handle.db, managerB, id, 'cancelled', new Date('2026-03-07T00:00:00Z'));
		const list = await listFollowUps(handle.db, managerB, { status: 'cancelled' });
		expect(list.rows.map((r) => [r.id, r.status, r.closedAt])).toEqual([[id, 'cancelled', new Date('2026-03-07T00:00:00Z')]]);
		expect(list.counts).toEqual({ planned: 0, in_progress: 0, done: 0, cancelled: 1 });
	});
});
