/**
 * API tokens for administration and scripts (the CLI, a queue system): checked against SHA-256 hashes in the
 * database, so every instance of a deployment accepts the same tokens; listed with their last use; revoked for good.
 *
 * Tokens from the environment (ADMIN_API_TOKEN) and the local token file carry a fixed label: when the configured
 * token changes, the one registered before under that label is revoked, so a replaced secret stops working.
 */
import { and, asc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit/audit';
import type { Db } from '../db/client';
import { apiTokens, malls, users } from '../db/schema';
import type { ApiTokenKind } from '../db/schema/access';
import { generateToken, hashToken } from './tokens';

/** A configured token shorter than this is refused at start-up (generated ones have 43 characters). */
export const MIN_API_TOKEN_LENGTH = 32;

export interface ApiTokenIdentity {
	id: number;
	mallId: number | null;
	/** An evaluator token across halls: its province or kabupaten/kota (null: its hall, or the nation). */
	regionScope: string | null;
	label: string;
	/** admin: the admin API; integration: only issues one-time tickets for its hall; evaluator, operator: read figures. */
	kind: ApiTokenKind;
}

/** Record "last used" at most this often: a busy script should not write its token row on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The token's identity if it is known and not revoked (its last use is recorded, at most once a minute). */
export async function verifyApiToken(db: Db, token: string, now = new Date()): Promise<ApiTokenIdentity | null> {
	const [row] = await db
		.select({ id: apiTokens.id, mallId: apiTokens.mallId, regionScope: apiTokens.regionScope, label: apiTokens.label, kind: apiTokens.kind, lastUsedAt: apiTokens.lastUsedAt })
		.from(apiTokens)
		.where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
	if (!row) return null;
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
	}
	return { id: row.id, mallId: row.mallId, regionScope: row.regionScope, label: row.label, kind: row.kind };
}

/** Why a configured token cannot be used, or null. */
export function configuredTokenProblem(token: string): string | null {
	if (token.length < MIN_API_TOKEN_LENGTH) return `must be at least ${MIN_API_TOKEN_LENGTH} characters (it has ${token.length}); generate one with: openssl rand -base64 32`;
	if (/\s/.test(token)) return 'must not contain spaces or line breaks';
	return null;
}

/**
 * Register a configured token (ADMIN_API_TOKEN, the token file) under `label`: the live token registered before under
 * the same label with another value is revoked. A token revoked earlier stays revoked — configure a new one.
 */
export async function registerConfiguredToken(db: Db, token: string, label: string, now = new Date()): Promise<void> {
	const tokenHash = hashToken(token);
	await db.transaction(async (tx) => {
		await tx
			.update(apiTokens)
			.set({ revokedAt: now })
			.where(and(eq(apiTokens.label, label), isNull(apiTokens.mallId), ne(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
		await tx.insert(apiTokens).values({ tokenHash, label, mallId: null }).onConflictDoNothing();
	});
}

/** Revoke the live configured token under `label` (its setting was removed: no token is configured there any more). */
export async function retireConfiguredToken(db: Db, label: string, now = new Date()): Promise<void> {
	await db
		.update(apiTokens)
		.set({ revokedAt: now })
		.where(and(eq(apiTokens.label, label), isNull(apiTokens.mallId), isNull(apiTokens.revokedAt)));
}

/**
 * Create a new random token; only its hash is stored, the token is returned once. With an `actor`, the creation is
 * written to the audit log (its label, never the token).
 */
export async function createApiToken(
	db: Db,
	input: { label: string; mallId: number | null; kind?: ApiTokenKind; regionScope?: string | null; createdBy?: number | null },
	actor?: Actor
): Promise<{ id: number; token: string }> {
	const kind = input.kind ?? 'admin';
	// A queue system serves one hall (the table checks it too): say so before the database does.
	if (kind === 'integration' && input.mallId === null) throw new Error('an integration token needs a hall');
	const token = generateToken();
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(apiTokens)
			.values({ tokenHash: hashToken(token), label: input.label, mallId: input.mallId, regionScope: input.regionScope ?? null, kind, createdBy: input.createdBy ?? null })
			.returning({ id: apiTokens.id });
		if (actor) await recordAudit(tx, { mallId: input.mallId, actor, action: 'token.create', entity: 'token', entityId: row!.id, after: { label: input.label, kind, regionScope: input.regionScope ?? null } });
		return row!.id;
	});
	return { id, token };
}

export interface ApiTokenListItem {
	id: number;
	label: string;
	kind: ApiTokenKind;
	/** The mall's slug, or null for an installation-wide token. */
	mall: string | null;
	createdBy: string | null;
	createdAt: Date;
	lastUsedAt: Date | null;
	revokedAt: Date | null;
}

/** The tokens a caller limited to `mallId` may see (its mall's and the installation-wide ones), or all (null). */
export async function listApiTokens(db: Db, mallId: number | null): Promise<ApiTokenListItem[]> {
	return db
		.select({
			id: apiTokens.id,
			label: apiTokens.label,
			kind: apiTokens.kind,
			mall: malls.slug,
			createdBy: users.name,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt,
			revokedAt: apiTokens.revokedAt
		})
		.from(apiTokens)
		.leftJoin(malls, eq(malls.id, apiTokens.mallId))
		.leftJoin(users, eq(users.id, apiTokens.createdBy))
		.where(mallId === null ? undefined : or(eq(apiTokens.mallId, mallId), isNull(apiTokens.mallId)))
		.orderBy(sql`${apiTokens.revokedAt} is not null`, asc(apiTokens.id));
}

/**
 * Revoke a token for good. A caller limited to a mall revokes only that mall's tokens (an installation-wide token is
 * the operator's: 'forbidden'); an unknown id, or one of another mall, is 'not_found'.
 */
export async function revokeApiToken(
	db: Db,
	id: number,
	mallId: number | null,
	now = new Date(),
	actor?: Actor
): Promise<'revoked' | 'already_revoked' | 'not_found' | 'forbidden'> {
	const [token] = await db.select({ mallId: apiTokens.mallId, label: apiTokens.label, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, id));
	if (!token || (mallId !== null && token.mallId !== null && token.mallId !== mallId)) return 'not_found';
	if (mallId !== null && token.mallId === null) return 'forbidden';
	if (token.revokedAt) return 'already_revoked';
	return db.transaction(async (tx) => {
		const revoked = await tx
			.update(apiTokens)
			.set({ revokedAt: now })
			.where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
			.returning({ id: apiTokens.id });
		if (revoked.length === 0) return 'already_revoked' as const;
		if (actor) {
			await recordAudit(tx, { mallId: token.mallId, actor, action: 'token.revoke', entity: 'token', entityId: id, before: { label: token.label, revokedAt: null }, after: { revokedAt: now.toISOString() } });
		}
		return 'revoked' as const;
	});
}
