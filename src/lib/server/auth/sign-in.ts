/**
 * Signing in with e-mail and password, against guessing:
 * - each address may fail 20 times per 15 minutes (then 429): a hall's staff behind one NAT signing in at opening
 *   time are never counted, because a sign-in that succeeds gives its hit back;
 * - each account may fail 5 times per 15 minutes from one address (an IPv6 address counts by its /64, the block one
 *   customer gets), after which that address cannot sign in to that
 *   account until the window ends — others still can, so nobody can keep the admin locked out from elsewhere;
 * - an unknown, locked or disabled account gets the same answer, after the same work (one argon2 verification),
 *   as a wrong password: nothing tells which e-mail addresses have accounts.
 * Every try is counted before the password is checked, in one statement per limit, so parallel tries cannot slip
 * past a limit.
 */
import { eq, sql } from 'drizzle-orm';
import { executePrepared, type Db } from '../db/client';
import { users } from '../db/schema';
import { addressKey, hitRateLimit, refundRateLimit } from '../access/rate-limit';
import { hashPassword, verifyPassword } from './passwords';
import { hallArchived } from '../db/archived';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failed sign-ins per address per window, whatever the accounts. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Failed sign-ins to one account from one address per window. */
export const MAX_FAILURES_PER_ACCOUNT = 5;

export type SignInResult = { userId: number } | { error: 'invalid' } | { error: 'rate_limited'; retryAfterSeconds: number };

const accountKey = (email: string, address: string) => `login-fail:${email}:${address}`;

/** The longest e-mail address there is (RFC 5321): a longer one names no account and is not counted or stored. */
const MAX_EMAIL_LENGTH = 254;

let dummyHash: Promise<string> | undefined;

/** Check `password` for `email` as tried from `address`. */
export async function signIn(db: Db, input: { email: string; password: string; address: string }, now = new Date()): Promise<SignInResult> {
	const email = input.email.trim().toLowerCase();
	const address = addressKey(input.address);
	const perAddress = await hitRateLimit(db, `login-fail-address:${address}`, MAX_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS, now);
	if (!perAddress.allowed) return { error: 'rate_limited', retryAfterSeconds: perAddress.retryAfterSeconds };
	if (email.length > MAX_EMAIL_LENGTH) {
		await verifyPassword(await (dummyHash ??= hashPassword('not-a-real-account-password')), input.password);
		return { error: 'invalid' };
	}
	const perAccount = await hitRateLimit(db, accountKey(email, address), MAX_FAILURES_PER_ACCOUNT, LOGIN_WINDOW_SECONDS, now);

	const [user] = await db
		.select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt, hallArchived: hallArchived(users.mallId) })
		.from(users)
		.where(eq(users.email, email));
	// One verification on every path, so the answer takes as long for an account that cannot sign in as for a typo.
	dummyHash ??= hashPassword('not-a-real-account-password');
	const checked = await verifyPassword(user && perAccount.allowed ? user.passwordHash : await dummyHash, input.password);
	// An archived hall's accounts are as good as disabled.
	if (!user || !perAccount.allowed || user.disabledAt || user.hallArchived || !checked) return { error: 'invalid' };

	await refundRateLimit(db, perAddress);
	await refundRateLimit(db, perAccount);
	return { userId: user.id };
}

/**
 * The users of a mall whose account is locked from at least one address right now (a badge on the users page).
 * The lock lives in the rate-limit windows, keyed by e-mail and address.
 */
export async function lockedUserIds(db: Db, mallId: number, now = new Date()): Promise<Set<number>> {
	const windowStart = new Date(Math.floor(now.getTime() / (LOGIN_WINDOW_SECONDS * 1000)) * LOGIN_WINDOW_SECONDS * 1000);
	const rows = await executePrepared<{ id: number }>(
		db,
		sql`select u.id from users u where u.mall_id = ${mallId} and exists (
			select 1 from rate_limits r
			where starts_with(r.key, 'login-fail:' || u.email || ':') and r.window_start = ${windowStart.toISOString()}::timestamptz
				and r.hits >= ${MAX_FAILURES_PER_ACCOUNT})`
	);
	return new Set(rows.map((r) => r.id));
}
