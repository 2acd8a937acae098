/**
 * Reviews of integrity flags: an evaluator or admin marks a flag reviewed with a note, once per flag key, in the same
 * transaction as its audit entry ('integrity.review'). The flag stays: a review explains it, it hides nothing.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { INTEGRITY_RULES } from '../../domain/integrity';
import type { Actor } from '../audit/audit';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { integrityReviews } from '../db/schema';
import { MAX_REVIEW_NOTE_LENGTH } from '../db/schema/integrity';
import { requiredText } from '../forms/fields';

export interface Review {
	note: string;
	reviewer: string;
	reviewedAt: Date;
}

const KEY = new RegExp(`^(${INTEGRITY_RULES.join('|')}):(device|counter|service):([1-9]\\d{0,9}):(\\d{4}-\\d{2}(?:-\\d{2})?)$`);

/** The parts of a flag key, or null when it is none. */
export function parseFlagKey(key: string): { rule: (typeof INTEGRITY_RULES)[number]; day: string } | null {
	const match = KEY.exec(key);
	return match ? { rule: match[1] as (typeof INTEGRITY_RULES)[number], day: match[4]! } : null;
}

/** The review form: the flag's key and a note. */
export const ReviewFormSchema = v.object({
	key: v.pipe(requiredText(200), v.check((key) => parseFlagKey(key) !== null, 'not_found')),
	note: requiredText(MAX_REVIEW_NOTE_LENGTH)
});

/** The hall's reviews by flag key. */
export async function reviewsOf(db: Db, mallId: number): Promise<Map<string, Review>> {
	const rows = await db
		.select({ key: integrityReviews.flagKey, note: integrityReviews.note, reviewer: integrityReviews.reviewer, reviewedAt: integrityReviews.reviewedAt })
		.from(integrityReviews)
		.where(eq(integrityReviews.mallId, mallId));
	return new Map(rows.map(({ key, ...review }) => [key, review]));
}

/** Mark a flag reviewed: false when it already was (one review per flag). */
export async function reviewFlag(db: Db, mallId: number, actor: Actor, key: string, note: string): Promise<boolean> {
	const parsed = parseFlagKey(key);
	if (!parsed) throw new RangeError(`not a flag key: ${key}`);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(integrityReviews)
			.values({ mallId, flagKey: key, rule: parsed.rule, note, reviewedBy: actor.userId, reviewer: actor.label.slice(0, 254) })
			.onConflictDoNothing()
			.returning({ id: integrityReviews.id });
		if (!row) return false;
		await recordAudit(tx, {
			mallId,
			actor,
			action: 'integrity.review',
			entity: 'integrity_review',
			entityId: row.id,
			after: { flag: key, note }
		});
		return true;
	});
}
