/**
 * Changing counters and mall kiosk settings.
 */
import { and, eq } from 'drizzle-orm';
import type { SurveyMode } from '../../domain/profile';
import type { Db } from '../db/client';
import { counters, malls } from '../db/schema';
import { hashPin } from '../kiosk/pin';

/** Set a counter's survey mode and/or minimum interval; returns the counter as it now is. */
export async function updateCounterSurvey(db: Db, counterId: number, change: { surveyMode?: SurveyMode; minIntervalSeconds?: number }) {
	const [row] = await db
		.update(counters)
		.set(change)
		.where(eq(counters.id, counterId))
		.returning({ id: counters.id, code: counters.code, surveyMode: counters.surveyMode, minIntervalSeconds: counters.minIntervalSeconds });
	return row!;
}

/** Set the staff PIN of a mall's kiosks; false when the mall is unknown (or outside `mallId`). */
export async function setKioskPin(db: Db, slug: string, pin: string, mallId: number | null): Promise<boolean> {
	const updated = await db
		.update(malls)
		.set({ kioskPinHash: hashPin(pin) })
		.where(and(eq(malls.slug, slug), mallId ? eq(malls.id, mallId) : undefined))
		.returning({ id: malls.id });
	return updated.length === 1;
}
