/**
 * A hall set up from an empty installation: the one-time setup link printed at start (`/setup?token=…`), and
 * creating a hall with its first admin — from that link, from an operator's `npm run mall:create`, or the admin API.
 * A link dies when it is used, and every link dies once a hall exists.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { and, count, eq, isNull } from 'drizzle-orm';
import { findRegency, type HallTimeZone } from '../../domain/regions';
import type { FieldProblem } from '../../forms/problems';
import { generateToken, hashToken } from '../access/tokens';
import { recordAudit, type Actor } from '../audit/audit';
import { insertUser } from '../auth/users';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/passwords';
import type { Db } from '../db/client';
import { malls, setupTokens } from '../db/schema';
import { isUniqueViolation } from '../organization/settings';

/** Whether the installation holds any hall yet. */
export async function hasHall(db: Db): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(malls);
	return (row?.n ?? 0) > 0;
}

/** A new setup link's token for an installation without a hall (stored as its hash), or null when a hall exists. */
export async function issueSetupToken(db: Db): Promise<string | null> {
	if (await hasHall(db)) return null;
	const token = generateToken();
	await db.insert(setupTokens).values({ tokenHash: hashToken(token) });
	return token;
}

/** Whether `token` opens the setup page: it was issued, is unused, and no hall exists yet. */
export async function setupLinkValid(db: Db, token: string): Promise<boolean> {
	if (!token || (await hasHall(db))) return false;
	const [row] = await db
		.select({ id: setupTokens.id })
		.from(setupTokens)
		.where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt)));
	return !!row;
}

export interface NewHall {
	name: string;
	shortName: string;
	slug: string;
	timeZone: HallTimeZone;
	/** The kabupaten/kota's official code ("53.71"). */
	regionCode: string;
	admin: { name: string; email: string; password: string };
}

/** Why a hall was not created, by field (the setup form's and the API's field names). */
export type HallProblem = FieldProblem & { field: 'slug' | 'region' | 'adminEmail' | 'adminPassword' | 'token' };

/**
 * Create the hall and its first admin in one transaction. With `setupToken` the link is spent in the same
 * transaction (one statement: two submissions of one link create one hall); without it the caller is an operator.
 */
export async function createHall(
	db: Db,
	hall: NewHall,
	setupToken?: string,
	actor: Actor = { userId: null, label: setupToken === undefined ? 'installation operator' : 'setup link' }
): Promise<{ mallId: number; userId: number } | { problems: HallProblem[] }> {
	const regency = findRegency(hall.regionCode);
	if (!regency) return { problems: [{ field: 'region', problem: 'not_found' }] };
	const email = hall.admin.email.trim().toLowerCase();
	const weak = await passwordProblem(hall.admin.password, { email, name: hall.admin.name });
	if (weak) {
		const problem: HallProblem =
			weak.kind === 'too_weak'
				? { field: 'adminPassword', problem: 'too_weak', min: weak.score }
				: weak.kind === 'too_short'
					? { field: 'adminPassword', problem: 'too_short', min: MIN_PASSWORD_LENGTH }
					: { field: 'adminPassword', problem: 'is_email' };
		return { problems: [problem] };
	}
	const passwordHash = await hashPassword(hall.admin.password);
	try {
		return await db.transaction(async (tx) => {
			if (setupToken !== undefined) {
				const spent = await tx
					.update(setupTokens)
					.set({ usedAt: new Date() })
					.where(and(eq(setupTokens.tokenHash, hashToken(setupToken)), isNull(setupTokens.usedAt)))
					.returning({ id: setupTokens.id });
				if (spent.length === 0 || (await hasHall(tx as unknown as Db))) throw new SetupLinkGone();
				// The installation is set up: every other link printed at start dies with this one.
				await tx.update(setupTokens).set({ usedAt: new Date() }).where(isNull(setupTokens.usedAt));
			}
			const [mall] = await tx
				.insert(malls)
				.values({ slug: hall.slug, name: hall.name, shortName: hall.shortName || null, city: regency.name, regionCode: regency.code, timeZone: hall.timeZone })
				.returning({ id: malls.id });
			const user = await insertUser(tx as unknown as Db, { mallId: mall!.id, email, name: hall.admin.name, role: 'admin', passwordHash });
			if ('error' in user) throw new AdminRefused(user.error === 'email_taken' ? { field: 'adminEmail', problem: 'taken' } : { field: 'adminEmail', problem: 'invalid' });
			const after = { slug: hall.slug, name: hall.name, shortName: hall.shortName || null, regionCode: regency.code, timeZone: hall.timeZone, admin: email };
			await recordAudit(tx as unknown as Db, { mallId: mall!.id, actor, action: 'mall.create', entity: 'mall', entityId: mall!.id, after });
			return { mallId: mall!.id, userId: user.userId };
		});
	} catch (err) {
		if (err instanceof SetupLinkGone) return { problems: [{ field: 'token', problem: 'not_found' }] };
		if (err instanceof AdminRefused) return { problems: [err.problem] };
		if (isUniqueViolation(err, 'malls_slug_unique')) return { problems: [{ field: 'slug', problem: 'taken' }] };
		throw err;
	}
}

class SetupLinkGone extends Error {}
class AdminRefused extends Error {
	constructor(readonly problem: HallProblem) {
		super(problem.field);
	}
}

/**
 * On an installation without a hall: a fresh setup link, printed by the caller and written (mode 600) to `file`
 * beside the admin token, so whoever runs the server — and only they — can open it. Null once a hall exists.
 */
export async function offerSetupLink(db: Db, origin: string, file = setupLinkFile()): Promise<string | null> {
	const base = `${origin.replace(/\/$/, '')}/setup?token=`;
	const token = await issueSetupToken(db);
	if (!token) {
		// The hall exists: this server's old link is dead, so its file goes (another server's file is left alone).
		if (existsSync(file) && readFileSync(file, 'utf8').startsWith(base)) rmSync(file);
		return null;
	}
	const link = base + token;
	mkdirSync(dirname(resolve(file)), { recursive: true });
	writeFileSync(file, link + '\n', { mode: 0o600 });
	return link;
}

/** The setup link's file: `setup-link` in the folder of the admin token's file. */
export function setupLinkFile(tokenFile = './data/admin-token'): string {
	return resolve(dirname(tokenFile), 'setup-link');
}
