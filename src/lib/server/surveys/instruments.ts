/**
 * Instruments in the database: publishing a definition from the domain, and reading one back.
 */
import { and, asc, eq } from 'drizzle-orm';
import { ikmLayoutProblem, STANDARD_INSTRUMENTS, type InstrumentDefinition } from '../../domain/instruments';
import type { Db } from '../db/client';
import { instrumentItems, instrumentReasons, instruments } from '../db/schema';

export interface StoredInstrument {
	id: number;
	code: string;
	version: number;
	feedsIkm: boolean;
	/** Item codes by position: codes[0] is the item at position 1. */
	codes: string[];
}

/** Read an instrument version and its item codes in position order; null if it does not exist. */
export async function findInstrument(db: Db, code: string, version: number): Promise<StoredInstrument | null> {
	const [row] = await db
		.select()
		.from(instruments)
		.where(and(eq(instruments.code, code), eq(instruments.version, version)));
	if (!row) return null;
	const items = await db
		.select({ code: instrumentItems.code })
		.from(instrumentItems)
		.where(eq(instrumentItems.instrumentId, row.id))
		.orderBy(asc(instrumentItems.position));
	return { id: row.id, code: row.code, version: row.version, feedsIkm: row.feedsIkm, codes: items.map((i) => i.code) };
}

/**
 * Store and publish a definition once (draft → items → published), or check that the stored published version
 * has the same items: a published version never changes, so a differing definition needs a new version number.
 */
export async function publishInstrument(db: Db, definition: InstrumentDefinition): Promise<StoredInstrument> {
	const existing = await findInstrument(db, definition.code, definition.version);
	const expected = definition.items.map((item) => item.code);
	if (existing) {
		if (existing.codes.join() !== expected.join()) {
			throw new Error(
				`instrument ${definition.code} v${definition.version} is stored with items ${existing.codes.join(',')}, ` +
					`not ${expected.join(',')}: publish the change as a new version`
			);
		}
		return existing;
	}
	const layout = ikmLayoutProblem(definition);
	if (layout) throw new Error(`instrument ${definition.code} v${definition.version}: ${layout}`);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(instruments)
			.values({
				code: definition.code,
				version: definition.version,
				titleId: definition.title.id,
				titleEn: definition.title.en,
				feedsIkm: definition.feedsIkm
			})
			.returning({ id: instruments.id });
		const id = row!.id;
		await tx.insert(instrumentItems).values(
			definition.items.map((item, i) => ({
				instrumentId: id,
				position: i + 1,
				code: item.code,
				nameId: item.name.id,
				nameEn: item.name.en,
				questionId: item.question.id,
				questionEn: item.question.en,
				optionsId: [...item.options.id],
				optionsEn: [...item.options.en]
			}))
		);
		if (definition.reasons?.length) {
			await tx.insert(instrumentReasons).values(
				definition.reasons.map((reason, i) => ({
					instrumentId: id,
					position: i + 1,
					code: reason.code,
					unsurCode: reason.unsur,
					labelId: reason.label.id,
					labelEn: reason.label.en
				}))
			);
		}
		await tx
			.update(instruments)
			.set({ status: 'published', publishedAt: new Date() })
			.where(eq(instruments.id, id));
		return { id, code: definition.code, version: definition.version, feedsIkm: definition.feedsIkm, codes: expected };
	});
}

export interface LoadedInstrument extends InstrumentDefinition {
	id: number;
}

/** An instrument version with its texts as stored (the kiosk shows these, never texts compiled into it). */
export async function loadInstrument(db: Db, id: number): Promise<LoadedInstrument | null> {
	const [row] = await db.select().from(instruments).where(eq(instruments.id, id));
	if (!row) return null;
	const items = await db.select().from(instrumentItems).where(eq(instrumentItems.instrumentId, id)).orderBy(asc(instrumentItems.position));
	const reasons = await db
		.select()
		.from(instrumentReasons)
		.where(eq(instrumentReasons.instrumentId, id))
		.orderBy(asc(instrumentReasons.position));
	const four = (labels: string[]) => labels as unknown as readonly [string, string, string, string];
	return {
		id: row.id,
		code: row.code,
		version: row.version,
		title: { id: row.titleId, en: row.titleEn },
		feedsIkm: row.feedsIkm,
		items: items.map((item) => ({
			code: item.code,
			name: { id: item.nameId, en: item.nameEn },
			question: { id: item.questionId, en: item.questionEn },
			options: { id: four(item.optionsId), en: four(item.optionsEn) }
		})),
		reasons: reasons.map((reason) => ({ code: reason.code, unsur: reason.unsurCode, label: { id: reason.labelId, en: reason.labelEn } }))
	};
}

/** Publish the instruments every installation needs (idempotent). */
export async function publishStandardInstruments(db: Db): Promise<Map<string, StoredInstrument>> {
	const published = new Map<string, StoredInstrument>();
	for (const definition of STANDARD_INSTRUMENTS) published.set(definition.code, await publishInstrument(db, definition));
	return published;
}
