/**
 * The audit log keeps what admins did, and keeps it: entries are listed and filtered per hall, and the database
 * refuses to change or delete one.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedFields, listAudit, recordAudit } from '../../src/lib/server/audit/audit';
import { readAuditQuery } from '../../src/lib/server/audit/audit-query';
import { auditLog } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
let other: Organization;
beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'audit-a');
	other = await createOrganization(handle.db, 'audit-b');
});
afterAll(async () => {
	await handle?.close();
});

const admin = { userId: null, label: 'admin@mpp.example.id' };

describe('the audit log', () => {
	it('lists a hall’s entries newest first, filtered by area, actor and local dates, never another hall’s', async () => {
		const db = handle.db;
		await recordAudit(db, { mallId: org.mall.id, actor: admin, action: 'agency.rename', entity: 'agency', entityId: org.a.agency.id, before: { name: 'Lama' }, after: { name: 'Baru' } });
		await recordAudit(db, { mallId: org.mall.id, actor: { userId: null, label: 'Skrip laporan' }, action: 'counter.archive', entity: 'counter', entityId: org.a.counter.id });
		await recordAudit(db, { mallId: other.mall.id, actor: admin, action: 'agency.rename', entity: 'agency', entityId: other.a.agency.id });
		const all = await listAudit(db, org.mall.id, {});
		expect(all.total).toBe(2);
		expect(all.rows.map((r) => r.action)).toEqual(['counter.archive', 'agency.rename']);
		expect(all.rows[1]).toMatchObject({ actor: 'admin@mpp.example.id', entity: 'agency', entityId: org.a.agency.id, before: { name: 'Lama' }, after: { name: 'Baru' } });
		expect((await listAudit(db, org.mall.id, { action: 'agency' })).rows.map((r) => r.action)).toEqual(['agency.rename']);
		expect((await listAudit(db, org.mall.id, { action: 'agency.rename' })).total).toBe(1);
		expect((await listAudit(db, org.mall.id, { action: 'agenc' })).total).toBe(0);
		expect((await listAudit(db, org.mall.id, { actor: 'SKRIP' })).rows.map((r) => r.action)).toEqual(['counter.archive']);
		expect((await listAudit(db, org.mall.id, { actor: '%' })).total).toBe(0);
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());
		expect((await listAudit(db, org.mall.id, readAuditQuery(new URLSearchParams({ from: today, to: today }), 'Asia/Makassar').filter)).total).toBe(2);
		expect((await listAudit(db, org.mall.id, readAuditQuery(new URLSearchParams({ to: '2020-01-01' }), 'Asia/Makassar').filter)).total).toBe(0);
	});

	it('refuses to change or delete an entry', async () => {
		const db = handle.db;
		const [entry] = await db.select({ id: auditLog.id }).from(auditLog).limit(1);
		// Drizzle wraps the database's refusal ("Failed query: …"); the trigger's own words are its cause.
		const refusal = (promise: Promise<unknown>) => promise.then(() => 'done', (err: { message: string; cause?: { message: string } }) => err.cause?.message ?? err.message);
		expect(await refusal(db.update(auditLog).set({ actor: 'someone else' }).where(eq(auditLog.id, entry!.id)))).toMatch(/^the audit log is append-only: UPDATE of entry \d+ refused/);
		expect(await refusal(db.delete(auditLog).where(eq(auditLog.id, entry!.id)))).toMatch(/^the audit log is append-only: DELETE of entry \d+ refused/);
		const [kept] = await db.select({ actor: auditLog.actor }).from(auditLog).where(eq(auditLog.id, entry!.id));
		expect(kept?.actor).toBe('admin@mpp.example.id');
	});
});

describe('changedFields', () => {
	it('keeps only what changed, before and after', () => {
		expect(changedFields({ name: 'A', code: 'a', free: true }, { name: 'B', free: true })).toEqual({ before: { name: 'A' }, after: { name: 'B' } });
		expect(changedFields({ hours: { 1: [] } }, { hours: { 1: [] } })).toEqual({ before: {}, after: {} });
	});
});

describe('readAuditQuery', () => {
	it('names what it cannot read and leaves it out', () => {
		const query = readAuditQuery(new URLSearchParams({ action: 'DROP TABLE', from: '2026-02-30', to: '2026-01-01', page: '0', actor: ' admin ' }), 'Asia/Jayapura');
		expect(query.invalid).toEqual(['action', 'from', 'page']);
		expect(query.filter).toEqual({ actor: 'admin', to: new Date('2026-01-01T15:00:00.000Z') });
		expect(readAuditQuery(new URLSearchParams({ from: '2026-03-02', to: '2026-03-01' }), 'Asia/Jakarta').invalid).toEqual(['to']);
	});
});
