/**
 * The national agency-kind catalogue extended by an installation operator: a new kind is added once (its code never
 * changes meaning), audited, and a hall's admin can then name it for an agency.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_AGENCY_KINDS } from '../../src/lib/domain/agency-kinds';
import { agencyKinds, auditLog } from '../../src/lib/server/db/schema';
import type { TestDb } from '../../src/lib/server/db/test-db';
import { setAgencyKind } from '../../src/lib/server/organization/settings';
import { addAgencyKind, listAgencyKindsInUse } from '../../src/lib/server/regions/agency-kinds';
import { freshDb } from './db';
import { createOrganization, type Organization } from './fixtures';

let handle: TestDb;
let org: Organization;
const operator = { userId: null, label: 'operator@test' };

beforeAll(async () => {
	handle = await freshDb();
	org = await createOrganization(handle.db, 'kinds-hall');
});
afterAll(async () => {
	await handle.close();
});

describe('an operator extends the agency-kind catalogue', () => {
	it('adds a kind once, audited, which a hall’s admin can then name; the standard kinds stay as shipped', async () => {
		const before = await listAgencyKindsInUse(handle.db);
		expect(before.map((k) => k.code)).toEqual(STANDARD_AGENCY_KINDS.map((k) => k.code).sort());
		expect(before.every((k) => k.standard && k.agencies === 0)).toBe(true);

		expect(await setAgencyKind(handle.db, org.mall.id, org.a.agency.id, 'bpom', operator)).toBe('unknown_kind');
		expect(await addAgencyKind(handle.db, { code: 'bpom', nameId: 'Balai POM', nameEn: 'Food and Drug Authority' }, operator)).toBe('created');
		// The same code again, with other names: refused, the first kept.
		expect(await addAgencyKind(handle.db, { code: 'bpom', nameId: 'Lain', nameEn: 'Other' }, operator)).toBe('taken');
		// A standard kind's code cannot be taken over either.
		expect(await addAgencyKind(handle.db, { code: 'dukcapil', nameId: 'Lain', nameEn: 'Other' }, operator)).toBe('taken');
		const [stored] = await handle.db.select().from(agencyKinds).where(eq(agencyKinds.code, 'bpom'));
		expect(stored).toMatchObject({ nameId: 'Balai POM', nameEn: 'Food and Drug Authority', standard: false });
		const [dukcapil] = await handle.db.select().from(agencyKinds).where(eq(agencyKinds.code, 'dukcapil'));
		expect(dukcapil!.standard).toBe(true);
		expect(dukcapil!.nameId).toBe(STANDARD_AGENCY_KINDS.find((k) => k.code === 'dukcapil')!.nameId);

		const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'agency_kind.create')));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ mallId: null, actor: 'operator@test', entity: 'agency_kind', after: { code: 'bpom', nameId: 'Balai POM', nameEn: 'Food and Drug Authority' } });

		expect(await setAgencyKind(handle.db, org.mall.id, org.a.agency.id, 'bpom', operator)).toBe('saved');
		const after = await listAgencyKindsInUse(handle.db);
		expect(after.find((k) => k.code === 'bpom')).toMatchObject({ standard: false, agencies: 1 });
		expect(after).toHaveLength(before.length + 1);
	});

	it('the catalogue refuses a code it cannot hold even past the form (the database check)', async () => {
		await expect(addAgencyKind(handle.db, { code: 'Not A Code', nameId: 'x', nameEn: 'x' }, operator)).rejects.toThrow();
		expect((await listAgencyKindsInUse(handle.db)).some((k) => k.code === 'Not A Code')).toBe(false);
	});
});
