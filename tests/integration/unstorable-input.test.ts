/**
 * Input PostgreSQL would refuse — a NUL, a lone UTF-16 surrogate, a date that does not exist, an id past 2³¹ − 1 — is
 * refused item by item with the field named, and never takes the good items of its batch down with it.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKM_2017 } from '../../src/lib/domain/instruments';
import { responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { parseCommentQuery } from '../../src/lib/server/follow-up/comments';
import { previewUpload, storeUpload } from '../../src/lib/server/import/historical';
import { parsePeriod } from '../../src/lib/domain/report-period';
import { loadCounters, recordResponses, type Submitter } from '../../src/lib/server/responses/ingest';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let submitter: Submitter;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'nul-mall');
	submitter = { mallId: org.mall.id, channel: 'kiosk', deviceId: org.a.device.id, counters: await loadCounters(handle.db, [org.a.counter.id]) };
});
afterAll(async () => {
	await handle?.close();
});

let seq = 0;
const item = (overrides: Record<string, unknown> = {}) => ({
	id: crypto.randomUUID(),
	seq: ++seq,
	counterId: org.a.counter.id,
	instrument: { code: SKM_2017.code, version: SKM_2017.version },
	submittedAt: '2026-11-27T02:00:00.000Z',
	status: 'complete',
	answers: [4, 3, 3, 4, 3, 3, 4, 3, 4],
	...overrides
});

describe('a batch with unstorable fields', () => {
	it.each([
		['a NUL in the comment', { comment: 'antre\u0000lama' }, 'comment', /U\+0000/],
		['a lone surrogate in the comment', { comment: 'bagus \ud83d sekali' }, 'comment', /surrogate/],
		['a NUL in a reason code', { reasons: ['lama\u0000'] }, 'reasons.0', /U\+0000/],
		['a NUL in the instrument code', { instrument: { code: 'skm\u0000', version: 1 } }, 'instrument.code', /U\+0000/],
		['30 February', { submittedAt: '2025-02-30T10:00:00.000Z' }, 'submittedAt', /exist/],
		['hour 24', { submittedAt: '2026-11-27T24:00:00Z' }, 'submittedAt', /ISO 8601/],
		['a counter id past 2³¹ − 1', { counterId: 9_999_999_999 }, 'counterId', /2147483647/],
		['a sequence number past 2³¹ − 1', { seq: 2 ** 31 }, 'seq', /2147483647/],
		['a UUID that is not one', { id: '------------------------------------' }, 'id', /UUID/]
	])('rejects the item with %s and stores the good items beside it', async (_, overrides, field, message) => {
		const good = [item(), item()];
		const bad = item(overrides);
		const results = await recordResponses(handle.db, submitter, [good[0], bad, good[1]]);
		expect(results.map((r) => r.status), JSON.stringify(results)).toEqual(['stored', 'rejected', 'stored']);
		expect(results[1]!.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
		const stored = await handle.db.select({ id: responses.id }).from(responses).where(inArray(responses.id, good.map((g) => g.id)));
		expect(stored).toHaveLength(2);
	});

	it('keeps a comment with emoji and every other character PostgreSQL stores', async () => {
		const good = item({ comment: 'Pelayanan 👍 cepat — terima kasih; “ramah” \t sekali' });
		expect((await recordResponses(handle.db, submitter, [good]))[0]!.status).toBe('stored');
		const [row] = await handle.db.select({ comment: responses.comment }).from(responses).where(eq(responses.id, good.id));
		expect(row!.comment).toBe('Pelayanan 👍 cepat — terima kasih; “ramah” \t sekali');
	});
});

describe('the comment search', () => {
	it('names a search with a NUL as not understood instead of sending it to PostgreSQL', () => {
		const { filter, invalid } = parseCommentQuery(new URLSearchParams({ q: 'antre\u0000' }));
		expect(invalid).toEqual(['q']);
		expect(filter.search).toBeUndefined();
	});

	it.each([
		['agency', '9999999999'],
		['from', '2025-02-30'],
		['to', '2025-13-01']
	])('names %s=%s as not understood', (name, value) => {
		expect(parseCommentQuery(new URLSearchParams({ [name]: value })).invalid).toEqual([name]);
	});
});

describe('an uploaded file quoting a NUL', () => {
	it('is kept with its preview naming the cell, the NUL shown as U+FFFD, and the file name kept too', async () => {
		const access = { userId: null, role: 'admin' as const, mallId: org.mall.id, agencyIds: null };
		const bytes = new TextEncoder().encode('U1,U2,U3,U4,U5,U6,U7,U8,U9\n4\u0000,4,4,4,4,4,4,4,4\n');
		const stored = await storeUpload(handle.db, access, null, { serviceId: org.a.service.id, period: parsePeriod('year', '2025')!, fileName: 'lama\u0000.csv', bytes });
		if (!('id' in stored)) throw new Error(JSON.stringify(stored));
		const preview = await previewUpload(handle.db, access, stored.id);
		expect(preview!.fileName).toBe('lama\ufffd.csv');
		expect(preview!.problems[0]).toMatchObject({ row: 2, column: 'U1', kind: 'not_a_number', params: { value: '4\ufffd' } });
	});
});
