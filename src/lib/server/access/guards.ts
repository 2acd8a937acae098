/**
 * Guards for API handlers: each handler calls exactly one of these first (a test checks that every route does).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db';
import type { Db } from '../db/client';
import { verifyApiToken, type ApiTokenIdentity } from './api-tokens';
import type { ApiTokenKind } from '../db/schema/access';
import { authenticateDevice, type AuthenticatedDevice, type CounterInfo } from './device-tokens';
import { canOperate, type Access } from '../../domain/roles';
import { bearerToken } from './tokens';
import { actorOf, type Actor } from '../audit/audit';

export interface DeviceContext {
	db: Db;
	device: AuthenticatedDevice;
	/** Every counter the device has been paired to. */
	counters: Map<number, CounterInfo>;
}


/** A paired, unrevoked kiosk tablet (Authorization: Bearer <device token>). */
export async function requireDevice(event: RequestEvent): Promise<DeviceContext> {
	const token = bearerToken(event.request.headers.get('authorization'));
	if (!token) error(401, { message: 'a device token is required (Authorization: Bearer …)', code: 'unauthorized' });
	const db = await getDb();
	const auth = await authenticateDevice(db, token);
	if ('error' in auth) {
		error(401, {
			message: auth.error === 'device_revoked' ? 'this device was revoked; pair it again' : 'unknown device token',
			code: auth.error
		});
	}
	return { db, device: auth.device, counters: auth.counters };
}

export interface AdminContext {
	db: Db;
	/** The mall the admin is limited to, or null for every mall (an installation-wide token). */
	mallId: number | null;
	access: Access;
	/** Who the audit log names for the admin's changes: the account, or the API token by its label. */
	actor: Actor;
}

/** An administrator: an admin API token (Authorization: Bearer <token>) or a signed-in admin. */
export async function requireAdmin(event: RequestEvent): Promise<AdminContext> {
	const { db, access, actor } = await requireReader(event);
	if (access.role !== 'admin') error(403, { message: 'admins only', code: 'forbidden' });
	return { db, mallId: access.mallId, access, actor };
}

/** What an API token (not an integration token) may do: its kind is its role, with the token's hall or region. */
function tokenAccess(identity: ApiTokenIdentity & { kind: Exclude<ApiTokenKind, 'integration'> }): Access {
	const region = identity.regionScope === null ? {} : { region: identity.regionScope };
	return { userId: null, role: identity.kind, mallId: identity.mallId, ...region, agencyIds: null };
}

/** Anyone who may read figures: a signed-in user (within their role's reach) or an admin, evaluator or operator API token. */
export async function requireReader(event: RequestEvent): Promise<{ db: Db; access: Access; actor: Actor }> {
	const db = await getDb();
	const token = bearerToken(event.request.headers.get('authorization'));
	if (token) {
		const identity = await verifyApiToken(db, token);
		if (!identity) error(401, { message: 'unknown or revoked API token', code: 'unauthorized' });
		// A queue system's token issues tickets and nothing else: it reads no figure and changes no setting.
		if (identity.kind === 'integration') error(403, { message: 'an integration token may only issue tickets (POST /api/v1/tickets)', code: 'forbidden' });
		return { db, access: tokenAccess({ ...identity, kind: identity.kind }), actor: { userId: null, label: `API token: ${identity.label}` } };
	}
	if (event.locals.access && event.locals.user) return { db, access: event.locals.access, actor: actorOf(event.locals.user) };
	error(401, { message: 'sign in, or send an API token (Authorization: Bearer …)', code: 'unauthorized' });
}

/**
 * An installation operator: a signed-in operator, an operator API token, or an installation-wide admin token (the
 * environment's or the token file's, which may do everything an operator may).
 */
export async function requireOperator(event: RequestEvent): Promise<{ db: Db; access: Access; actor: Actor }> {
	const context = await requireReader(event);
	if (!canOperate(context.access)) error(403, { message: 'installation operators only', code: 'forbidden' });
	return context;
}

export interface TicketIssuerContext {
	db: Db;
	/** The hall the caller issues for (null: an installation-wide admin token, which names the counter's own). */
	mallId: number | null;
	/** The integration token that issues (null for an admin). */
	tokenId: number | null;
	/** The signed-in admin who issues (null for a token). */
	userId: number | null;
}

/** Who may issue one-time tickets: an integration token of a hall (a queue system), or an admin (token or signed in). */
export async function requireTicketIssuer(event: RequestEvent): Promise<TicketIssuerContext> {
	const token = bearerToken(event.request.headers.get('authorization'));
	if (token) {
		const db = await getDb();
		const identity = await verifyApiToken(db, token);
		if (identity?.kind === 'integration') return { db, mallId: identity.mallId, tokenId: identity.id, userId: null };
	}
	const { db, mallId, access } = await requireAdmin(event);
	return { db, mallId, tokenId: null, userId: access.userId };
}

/** A route anyone may call (pairing with a one-time code, the QR survey); named so the guard test sees the choice. */
export async function allowPublic(): Promise<{ db: Db }> {
	return { db: await getDb() };
}
