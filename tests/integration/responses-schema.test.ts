/**
 * The database itself refuses invalid responses: values outside 1–4, malformed answer arrays, profile codes
 * outside the lists, long comments, and references that cross from one mall into another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { responses } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { freshDb } from './db';
import { createOrganization, responseRow, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let other: Organization;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'kupang');
	other = await createOrganization(handle.db, 'jakarta', 'Asia/Jakarta');
});
afterAll(async () => {
	await handle?.close();
});

/** The constraint a failed insert names (drizzle wraps the driver's error). */
async function violated(row: typeof responses.$inferInsert): Promise<string> {
	try {
		await handle.db.insert(responses).values(row);
	} catch (error) {
		const cause = (error as { cause?: { constraint_name?: string; constraint?: string; message: string } }).cause;
		return cause?.constraint_name ?? cause?.constraint ?? cause?.message ?? String(error);
	}
	return 'accepted';
}

describe('responses', () => {
	it('stores answers with skipped items and reads them back as stored', async () => {
		const row = responseRow(org, 'a', [4, null, 3, 4, 1, 2, null, 3, 4], { sex: 'P', ageBand: '<17', comment: 'Antrean lama.' });
		expect(await violated(row)).toBe('accepted');
		const [stored] = await handle.db.select().from(responses).where(eq(responses.id, row.id));
		expect(stored).toMatchObject({ answers: [4, null, 3, 4, 1, 2, null, 3, 4], sex: 'P', ageBand: '<17', status: 'complete' });
		expect(stored!.submittedAt.toISOString()).toBe('2026-03-02T02:00:00.000Z');
	});

	it.each([
		['a 5 (1–5 scale)', [4, 4, 4, 4, 5, 4, 4, 4, 4], 'responses_answers_range'],
		['a 0', [0, 4, 4, 4, 4, 4, 4, 4, 4], 'responses_answers_range'],
		['a negative value', [4, 4, 4, -1, 4, 4, 4, 4, 4], 'responses_answers_range'],
		['an empty array', [], 'responses_answers_shape'],
		['no answer at all', [null, null, null, null, null, null, null, null, null], 'responses_answers_some']
	])('refuses %s', async (_, answers, constraint) => {
		expect(await violated(responseRow(org, 'a', answers))).toBe(constraint);
	});

	it.each([
		['sex', { sex: 'X' }, 'responses_sex'],
		['an exact age instead of a band', { ageBand: '16' }, 'responses_age_band'],
		['education', { education: 'SLTA' }, 'responses_education'],
		['occupation', { occupation: 'Petani' }, 'responses_occupation'],
		['channel', { channel: 'email' }, 'responses_channel'],
		['status', { status: 'done' }, 'responses_status'],
		['a comment over 1 000 characters', { comment: 'a'.repeat(1001) }, 'responses_comment_length'],
		['a sequence number without a device', { deviceSeq: 3 }, 'responses_device_seq'],
		['a sequence number below 1', { deviceId: 0, deviceSeq: 0 }, 'responses_device_seq']
	])('refuses an invalid %s', async (_, overrides, constraint) => {
		const row = responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], overrides as never);
		if ((overrides as { deviceId?: number }).deviceId === 0) row.deviceId = org.a.device.id;
		expect(await violated(row)).toBe(constraint);
	});

	it('accepts a comment of exactly 1 000 characters', async () => {
		expect(await violated(responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { comment: 'b'.repeat(1000) }))).toBe('accepted');
	});

	it('refuses a response that points into another mall', async () => {
		const crossAgency = responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { agencyId: other.a.agency.id });
		expect(await violated(crossAgency)).toMatch(/agencies/);
		const crossCounter = responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { counterId: other.b.counter.id });
		expect(await violated(crossCounter)).toMatch(/counters/);
		const crossDevice = responseRow(org, 'a', [4, 4, 4, 4, 4, 4, 4, 4, 4], { deviceId: other.a.device.id, deviceSeq: 1 });
		expect(await violated(crossDevice)).toMatch(/devices/);
	});

	it('stores a UUID once', async () => {
		const row = responseRow(org, 'b', [3, 3, 3, 3, 3, 3, 3, 3, 3]);
		expect(await violated(row)).toBe('accepted');
		expect(await violated({ ...row })).toBe('responses_pkey');
	});
});
