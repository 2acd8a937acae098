/**
 * The local administration token: written by the server to a file only the machine's user can read, so the
 * `npm run device:pair` family can call the running server without anyone copying secrets around.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Db } from '../db/client';
import { configuredTokenProblem, registerConfiguredToken } from './api-tokens';
import { generateToken } from './tokens';

const DEFAULT_TOKEN_FILE = './data/admin-token';

/** The label of `file`'s token: the machine and the path, so each machine's file replaces only its own token. */
export const localTokenLabel = (file = DEFAULT_TOKEN_FILE) => `local file ${hostname()}:${resolve(file)}`.slice(0, 200);

/**
 * Make sure the token in `file` is accepted (creating file and token on first start). The token is registered under
 * the file's label (machine and path), so a file replaced or written anew revokes the token it held before.
 */
export async function ensureLocalAdminToken(db: Db, file = DEFAULT_TOKEN_FILE): Promise<string> {
	const path = resolve(file);
	let token = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
	if (!token) {
		token = generateToken();
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, token + '\n', { mode: 0o600 });
	}
	const problem = configuredTokenProblem(token);
	if (problem) throw new Error(`the token in ${path} ${problem}`);
	await registerConfiguredToken(db, token, localTokenLabel(file));
	return path;
}
