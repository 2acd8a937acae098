/**
 * A small organization to test against: one mall with two agencies, a service and counter each, a tablet,
 * and the published SKM 2017 instrument.
 */
import { SKM_2017 } from '../../src/lib/domain/instruments';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../src/lib/server/db/client';
import { counters, devices, responses, services } from '../../src/lib/server/db/schema';
import { publishInstrument } from '../../src/lib/server/surveys/instruments';

export async function createOrganization(db: Db, slug = 'test-mall', timeZone = 'Asia/Makassar') {
	const instrument = await publishInstrument(db, SKM_2017);
	// Halls and agencies by plain SQL, naming only the columns every migration has: the migration tests build this
	// organization on a database migrated to an older version (a drizzle insert names every column of today's schema).
	const [mall] = rowsOf<{ id: number; slug: string; name: string; city: string; timeZone: string }>(
		await db.execute(sql`insert into malls (slug, name, city, time_zone) values (${slug}, ${`Mall ${slug}`}, 'Kupang', ${timeZone})
			returning id, slug, name, city, time_zone as "timeZone"`)
	);
	const mallId = mall!.id;
	const make = async (code: string) => {
		const [agency] = rowsOf<{ id: number; mallId: number; code: string; name: string }>(
			await db.execute(sql`insert into agencies (mall_id, code, name) values (${mallId}, ${code}, ${`Agency ${code}`}) returning id, mall_id as "mallId", code, name`)
		);
		const [service] = await db
			.insert(services)
			.values({ mallId, agencyId: agency!.id, code: `${code}-svc`, name: `Service ${code}`, isFree: true })
			.returning();
		const [counter] = await db
			.insert(counters)
			.values({ mallId, agencyId: agency!.id, serviceId: service!.id, code: `${code}-01`, name: `Counter ${code}`, instrumentId: instrument.id })
			.returning();
		const [device] = await db
			.insert(devices)
			.values({ mallId, counterId: counter!.id, name: `Tablet ${code}`, tokenHash: `hash-${slug}-${code}` })
			.returning();
		return { agency: agency!, service: service!, counter: counter!, device: device! };
	};
	return { instrument, mall: mall!, a: await make('a'), b: await make('b') };
}

export type Organization = Awaited<ReturnType<typeof createOrganization>>;

let counter = 0;
/** A response row for agency `unit` of the organization, with sensible defaults. */
export function responseRow(
	org: Organization,
	unit: 'a' | 'b',
	answers: (number | null)[],
	overrides: Partial<typeof responses.$inferInsert> = {}
): typeof responses.$inferInsert {
	const { agency, service, counter: desk } = org[unit];
	counter += 1;
	return {
		id: crypto.randomUUID(),
		mallId: org.mall.id,
		agencyId: agency.id,
		serviceId: service.id,
		counterId: desk.id,
		instrumentId: org.instrument.id,
		submittedAt: new Date('2026-03-02T02:00:00Z'),
		channel: 'qr',
		status: 'complete',
		answers,
		...overrides
	};
}
