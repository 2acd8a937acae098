/**
 * Administration tokens (until user accounts exist): checked against hashes in the database, so every instance
 * of a deployment accepts the same tokens.
 */
import { sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';
import { apiTokens } from '../db/schema';
import { generateToken, hashToken } from './tokens';

export interface ApiTokenIdentity {
	id: number;
	mallId: number | null;
	label: string;
}

/** The token's identity if it is known and not revoked. */
export async function verifyApiToken(db: Db, token: string): Promise<ApiTokenIdentity | null> {
	const [row] = await executePrepared<{ id: number; mall_id: number | null; label: string }>(
		db,
		sql`select id, mall_id, label from api_tokens where token_hash = ${hashToken(token)} and revoked_at is null`
	);
	return row ? { id: row.id, mallId: row.mall_id, label: row.label } : null;
}

/** Register a token (e.g. ADMIN_API_TOKEN from the environment) once; later calls are no-ops. */
export async function registerApiToken(db: Db, token: string, label: string, mallId: number | null = null): Promise<void> {
	await db.insert(apiTokens).values({ tokenHash: hashToken(token), label, mallId }).onConflictDoNothing();
}

/** Create a new random token; only its hash is stored. */
export async function createApiToken(db: Db, label: string, mallId: number | null = null): Promise<string> {
	const token = generateToken();
	await registerApiToken(db, token, label, mallId);
	return token;
}
