/**
 * How many bytes a request body may have, per route, counted as the bytes arrive (a chunked body has no
 * Content-Length to trust). A body past its route's limit is refused with 413 before any route code parses it, or —
 * for a chunked body — the moment the limit is passed while the route reads it; the connection is then closed (after
 * a short linger that discards the rest), so the unread rest cannot poison the next request on it.
 *
 * Anonymous routes get small limits; the few routes that take files or batches name theirs. adapter-node's
 * BODY_SIZE_LIMIT (set by `npm start`) stays above the largest, as a last line.
 */
import { MAX_LOGO_BYTES } from '../../domain/logo';
import { MAX_IMPORT_BYTES } from '../import/historical';
import { policyFor } from '../access/route-policy';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Room for a multipart form's boundaries, headers and other fields around its file. */
const MULTIPART_OVERHEAD = 64 * KiB;

/** Routes with a limit of their own (route ids as SvelteKit names them). */
const ROUTE_LIMITS: Readonly<Record<string, number>> = {
	// A kiosk batch: 500 responses with 1 000-character comments.
	'/api/v1/responses': 2 * MiB,
	// A queue system's monthly totals: 5 000 rows.
	'/api/v1/volumes': 1 * MiB,
	// One ticket: a counter, a service, a queue number and three instants.
	'/api/v1/tickets': 4 * KiB,
	// A historical matrix file (CSV or XLSX): twice the file limit, so a file somewhat too large still reaches the page,
	// which says so in the reader's language (past this limit a browser may only see the connection close).
	'/(app)/app/reports/import': 2 * MAX_IMPORT_BYTES + MULTIPART_OVERHEAD,
	// A volume CSV of 5 000 rows (the page refuses files over 1 MB itself).
	'/(app)/app/volumes': 2 * MiB + MULTIPART_OVERHEAD,
	// A hall's logo (200 KB): twice the file limit, so a logo somewhat too large reaches the page's own sentence.
	'/(app)/app/admin/mall': 2 * MAX_LOGO_BYTES + MULTIPART_OVERHEAD,
	// Anonymous: a tablet's pairing code, a phone's one rating.
	'/api/v1/devices/pair': 4 * KiB,
	'/api/v1/qr/responses': 16 * KiB
};

/** Pages and forms anyone may reach (sign-in, the language switch, the phone survey): a few fields at most. */
const PUBLIC_LIMIT = 16 * KiB;
/** Signed-in forms and the other API calls: settings, follow-ups, innovations, alert rules … */
const DEFAULT_LIMIT = 256 * KiB;

/** The most bytes a body sent to `routeId` may have. */
export function bodyLimitFor(routeId: string | null): number {
	if (routeId !== null && routeId in ROUTE_LIMITS) return ROUTE_LIMITS[routeId]!;
	return policyFor(routeId) === 'public' ? PUBLIC_LIMIT : DEFAULT_LIMIT;
}

/** The largest limit of any route: what adapter-node's BODY_SIZE_LIMIT must at least allow. */
export const LARGEST_BODY_LIMIT = Math.max(PUBLIC_LIMIT, DEFAULT_LIMIT, ...Object.values(ROUTE_LIMITS));

/** Requests whose body went past its limit while being read (the route's parse then fails; the hooks answer 413). */
const exceeded = new WeakSet<Request>();

/** Whether `request`'s body was cut off at its limit. */
export function bodyLimitExceeded(request: Request): boolean {
	return exceeded.has(request);
}

/**
 * `request` with its body counted as it is read: past `limit` bytes the stream errors (the reader's parse fails) and
 * the request is marked, so the caller can answer 413. A request without a body is returned as it is.
 */
export function limitBody(request: Request, limit: number): Request {
	if (!request.body) return request;
	let received = 0;
	let limited: Request;
	const counter = new TransformStream<Uint8Array, Uint8Array>({
		transform(chunk, controller) {
			received += chunk.byteLength;
			if (received > limit) {
				exceeded.add(limited);
				controller.error(new RangeError(`the body is larger than ${limit} bytes`));
				return;
			}
			controller.enqueue(chunk);
		}
	});
	// preventCancel: past the limit the socket is not torn down at once, so the 413 can still reach the client before
	// the connection closes (the answer says `connection: close`; the rest is discarded unread, ./lingering-close).
	limited = new Request(request, { body: request.body.pipeThrough(counter, { preventCancel: true }), duplex: 'half' } as RequestInit);
	return limited;
}

/** The declared Content-Length, or null when absent or not a number. */
export function declaredLength(request: Request): number | null {
	const header = request.headers.get('content-length');
	if (header === null || !/^\d{1,15}$/.test(header)) return null;
	return Number(header);
}
