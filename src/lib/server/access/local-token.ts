/**
 * The local administration token: written by the server to a file only the machine's user can read, so the
 * `npm run device:pair` family can call the running server without anyone copying secrets around.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Db } from '../db/client';
import { createApiToken, registerApiToken } from './api-tokens';

export const DEFAULT_TOKEN_FILE = './data/admin-token';

/** Make sure the token in `file` is accepted (creating file and token on first start). */
export async function ensureLocalAdminToken(db: Db, file = DEFAULT_TOKEN_FILE): Promise<string> {
	const path = resolve(file);
	if (existsSync(path)) {
		const token = readFileSync(path, 'utf8').trim();
		if (token) {
			await registerApiToken(db, token, `local file ${path}`);
			return path;
		}
	}
	const token = await createApiToken(db, `local file ${path}`);
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, token + '\n', { mode: 0o600 });
	return path;
}
