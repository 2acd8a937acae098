/**
 * The handles every request passes before a route runs (composed in hooks.server.ts): security headers, a database
 * that is away answered 503, body limits, and input SvelteKit or PostgreSQL cannot take refused with the field named.
 */
import { error, isHttpError, isRedirect, json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { unstorableText } from '../../domain/values';
import { bodyLimitExceeded, bodyLimitFor, declaredLength, limitBody } from './body-limits';
import { decodeBody, decodingProblem, wasDecoded } from './content-encoding';
import { lingerAfterRefusal } from './lingering-close';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable';

const isApi = (event: RequestEvent) => event.url.pathname.startsWith('/api/');

/**
 * Headers on every answer the app renders (static files come from adapter-node without passing the hooks) — also on
 * a refusal or redirect a later hook throws, which SvelteKit would otherwise answer outside this hook.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (thrown) {
		if (isRedirect(thrown)) response = new Response(null, { status: thrown.status, headers: { location: thrown.location } });
		else if (isHttpError(thrown)) response = plainAnswer(event, thrown.status, thrown.body.code ?? 'error', thrown.body.message);
		else throw thrown;
	}
	const secured = (headers: Headers) => {
		headers.set('x-content-type-options', 'nosniff');
		headers.set('referrer-policy', 'same-origin');
		headers.set('x-frame-options', 'DENY');
		headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
		headers.set('cross-origin-opener-policy', 'same-origin');
		// Pages carry SvelteKit's CSP (svelte.config.js, with nonces); everything else still may not be framed.
		if (!headers.has('content-security-policy')) headers.set('content-security-policy', "frame-ancestors 'none'");
		if ((env.ORIGIN ?? '').startsWith('https://') || event.url.protocol === 'https:') headers.set('strict-transport-security', 'max-age=31536000');
	};
	try {
		// In place: the answers SvelteKit and its json() build have mutable headers (no copy on every request).
		secured(response.headers);
		return response;
	} catch {
		const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
		secured(copy.headers);
		return copy;
	}
};

/**
 * Remember that `event` failed for want of a database (handleError calls this), so the answer becomes a 503. Kept in
 * `locals`, the one object SvelteKit shares between the hooks and handleError.
 */
function noteDatabaseFailure(event: RequestEvent, failure: unknown): boolean {
	if (!isDatabaseUnavailable(failure)) return false;
	event.locals.databaseUnavailable = true;
	// One line, no stack: while PostgreSQL restarts every request says so; a real driver bug still shows its code here.
	const code = (failure as { code?: unknown; cause?: { code?: unknown } }).code ?? (failure as { cause?: { code?: unknown } }).cause?.code;
	console.warn(`[puas] database unavailable (${String(code ?? 'no code')}): ${event.request.method} ${event.url.pathname} answered 503`);
	return true;
}

/** The same answer with another status and headers (the body SvelteKit rendered — page or JSON — stays). */
function restatus(response: Response, status: number, extra: Record<string, string>): Response {
	const headers = new Headers(response.headers);
	for (const [name, value] of Object.entries(extra)) headers.set(name, value);
	return new Response(response.body, { status, headers });
}

/**
 * An answer of our own when no route rendered one (a hook refused the request, or failed before any route ran): JSON
 * for the API, an action result for an enhanced form, else a small page in the visitor's language.
 */
function plainAnswer(event: RequestEvent, status: number, code: string, message: string, extra: Record<string, string> = {}): Response {
	if (event.request.headers.get('x-sveltekit-action') === 'true') {
		return json({ type: 'error', status, error: { message, code } }, { status, headers: extra });
	}
	if (isApi(event) || (event.request.headers.get('accept') ?? '').includes('application/json')) {
		return json({ message, code }, { status, headers: extra });
	}
	const body = `<!doctype html><html lang="${getLocale()}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · ${m.app_name()}</title><main style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem"><h1>${status}</h1><p>${escapeHtml(message)}</p></main></html>`;
	return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...extra } });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * While PostgreSQL is away (restarting, unreachable), a request fails fast — the pool's connect timeout is short — and
 * is answered 503 with Retry-After instead of a 500, so tablets back off; the pool reconnects by itself afterwards.
 */
export const databaseAvailability: Handle = async ({ event, resolve }) => {
	const retry = { 'retry-after': String(RETRY_AFTER_SECONDS) };
	try {
		const response = await resolve(event);
		return event.locals.databaseUnavailable && response.status >= 500 ? restatus(response, 503, retry) : response;
	} catch (failure) {
		if (!isDatabaseUnavailable(failure)) throw failure;
		console.warn(`[puas] database unavailable: ${event.request.method} ${event.url.pathname} answered 503`);
		return plainAnswer(event, 503, 'database_unavailable', isApi(event) ? 'the database is not reachable right now; try again shortly' : m.error_database_unavailable(), retry);
	}
};

/**
 * Bodies are counted as they arrive, against the route's limit (./body-limits): a declared length past it is refused
 * before anything reads the body, a chunked one the moment it passes; the connection is closed either way, after a
 * short linger that lets a client still sending read the answer. The routes that take gzip (./content-encoding) get
 * their body decompressed and counted again against the same limit (a bomb: 413), broken gzip is answered 400 naming
 * zlib's complaint, and any other coding 415.
 */
export const limitBodies: Handle = async ({ event, resolve }) => {
	if (!event.request.body) return resolve(event);
	const limit = bodyLimitFor(event.route.id);
	// The client may still be sending: let it read the refusal rather than meet a reset (./lingering-close).
	const refuse = (status: number, code: string, message: string, extra: Record<string, string> = {}) => {
		lingerAfterRefusal(event.platform?.req);
		return plainAnswer(event, status, code, message, { connection: 'close', ...extra });
	};
	const tooLarge = (inflated = false) =>
		refuse(
			413,
			'too_large',
			!isApi(event)
				? m.error_too_large({ kb: String(Math.floor(limit / 1024)) })
				: inflated
					? `the body is larger than ${limit} bytes allowed here once decompressed (Content-Encoding: gzip)`
					: `the body is larger than ${limit} bytes allowed here`
		);
	const declared = declaredLength(event.request);
	if (declared !== null && declared > limit) return tooLarge();
	// Counted as it arrives, and again after decompression for the routes that take gzip (./content-encoding).
	const limited = limitBody(event.request, limit);
	const decoded = decodeBody(limited, event.route.id, limit);
	if ('unsupported' in decoded) return refuse(415, 'unsupported_encoding', decoded.unsupported, { 'accept-encoding': 'gzip' });
	event.request = decoded;
	const exceeded = () => bodyLimitExceeded(limited) || bodyLimitExceeded(decoded);
	let response: Response;
	try {
		response = await resolve(event);
	} catch (failure) {
		// A later hook read the body (a classic form is read whole to check it) and it was too large.
		if (exceeded()) return tooLarge(bodyLimitExceeded(decoded) && wasDecoded(decoded));
		throw failure;
	}
	if (response.status < 400) return response;
	if (exceeded()) return tooLarge(bodyLimitExceeded(decoded) && wasDecoded(decoded));
	const problem = decodingProblem(decoded);
	return problem === null ? response : refuse(400, 'invalid_encoding', `the body is not valid gzip (Content-Encoding: gzip): ${problem}`);
};

/** The first query or path value PostgreSQL could not store, by name. */
function unstorableParameter(url: URL): string | null {
	if (/%00/.test(url.pathname)) return 'path';
	for (const [name, value] of url.searchParams) if (unstorableText(name) || unstorableText(value)) return name;
	return null;
}

/** The media type of a request's body, lower-cased, without parameters ("multipart/form-data"). */
const mediaType = (request: Request) => (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** Action names SvelteKit cannot take: "default" (reserved for a page's unnamed action) and Object's own members. */
function unusableActionName(url: URL): boolean {
	for (const key of url.searchParams.keys()) {
		if (!key.startsWith('/')) continue;
		const name = key.slice(1);
		if (name === 'default' || name in Object.prototype) return true;
	}
	return false;
}

/**
 * A NUL in a path or query value, or in a field of a form (classic or enhanced), is answered 400 naming it — never
 * passed on to a query that would fail in PostgreSQL; so is a form SvelteKit could not read (a malformed body, a media
 * type no form sends: 415) or an action it cannot take. JSON bodies are checked by their schemas, item by item. Runs
 * after the route guard, so only bodies the visitor may send to that route are ever read here.
 */
export const refuseBadInput: Handle = async ({ event, resolve }) => {
	const api = isApi(event);
	const refuse = (name: string) =>
		error(400, { message: api ? `${name}: must not contain the character U+0000 (NUL)` : m.error_unstorable_input({ field: name }), code: 'invalid_input' });
	const parameter = unstorableParameter(event.url);
	if (parameter) refuse(parameter);
	if (event.request.method === 'POST' && unusableActionName(event.url)) error(400, { message: m.error_unknown_action(), code: 'invalid_input' });
	if (!event.request.body || api) return resolve(event);
	const type = mediaType(event.request);
	if (type === 'application/x-www-form-urlencoded') {
		// Read once here, checked, and handed on as read (the body limit applies while reading).
		const text = await event.request.text();
		for (const [name, value] of new URLSearchParams(text)) if (unstorableText(name) || unstorableText(value)) refuse(name);
		event.request = new Request(event.request, { body: text });
	} else if (type === 'multipart/form-data') {
		// Enhanced forms (use:enhance) and file uploads send multipart; their fields and file names are checked the same way.
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch (failure) {
			if (bodyLimitExceeded(event.request)) throw failure; // limitBodies answers 413
			error(400, { message: m.error_unreadable_form(), code: 'invalid_form' });
		}
		for (const [name, value] of form) {
			if (unstorableText(name) || unstorableText(typeof value === 'string' ? value : value.name)) refuse(name);
		}
		const headers = new Headers(event.request.headers);
		headers.delete('content-type');
		headers.delete('content-length');
		event.request = new Request(event.request.url, { method: event.request.method, headers, body: form });
	} else {
		error(415, { message: m.error_unreadable_form(), code: 'unsupported_media_type' });
	}
	return resolve(event);
};

/** What an unexpected error shows: a translated sentence and an id to find it in the log, never a stack. */
export function unexpectedErrorBody(event: RequestEvent, failure: unknown, status: number): App.Error {
	if (bodyLimitExceeded(event.request)) return { message: m.error_too_large({ kb: String(Math.floor(bodyLimitFor(event.route.id) / 1024)) }), code: 'too_large' };
	if (noteDatabaseFailure(event, failure)) return { message: m.error_database_unavailable(), code: 'database_unavailable' };
	const id = crypto.randomUUID().slice(0, 8);
	console.error(`[puas] error ${id}: ${event.request.method} ${event.url.pathname} (${status})`, failure);
	return { message: m.error_unexpected({ id }), code: 'internal', id };
}
