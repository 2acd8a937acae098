/**
 * Compressed request bodies (Content-Encoding): the kiosk gzips its batches (a 500-item batch is 158 KB of JSON,
 * 12 KB gzipped), which is most of a slow hall network's time. Only the routes named here take an encoded body; they
 * refuse any coding but gzip with 415, and count the decompressed bytes against the same limit as a plain body, so a
 * gzip bomb stops at the limit (413) however far it would expand. Every other route reads the bytes as they came,
 * as before (a gzipped JSON body there is not JSON: 400).
 */
import { limitBody } from './body-limits';

/** Routes that take `Content-Encoding: gzip` (route ids as SvelteKit names them). */
const GZIP_ROUTES: ReadonlySet<string> = new Set(['/api/v1/responses']);

/** Decoded requests (for the 413's wording) and, for those whose gzip was broken, what was wrong with it. */
const decoded = new WeakSet<Request>();
const undecodable = new WeakMap<Request, string>();

/** The body's content codings, lower-cased ("gzip"); none for an absent header or "identity". */
function codings(request: Request): string[] {
	const header = request.headers.get('content-encoding');
	if (header === null) return [];
	return header
		.split(',')
		.map((coding) => coding.trim().toLowerCase())
		.filter((coding) => coding !== '' && coding !== 'identity');
}

/**
 * `request` with its body decoded for the route, counted against `limit` once decompressed; or, when the route takes
 * no such coding, why not (answered 415). A plain body, and any body to a route not named above, is returned as it is.
 */
export function decodeBody(request: Request, routeId: string | null, limit: number): Request | { unsupported: string } {
	const applied = codings(request);
	if (applied.length === 0 || routeId === null || !GZIP_ROUTES.has(routeId) || !request.body) return request;
	if (applied.length !== 1 || applied[0] !== 'gzip') {
		return { unsupported: `Content-Encoding ${applied.join(', ')} is not supported here; send gzip or an unencoded body` };
	}
	const inflated = request.body.pipeThrough(new DecompressionStream('gzip')).getReader();
	let result: Request;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const { done, value } = await inflated.read();
				if (done) controller.close();
				else controller.enqueue(value);
			} catch (failure) {
				// zlib's own words: "incorrect header check", "unexpected end of file", "invalid distance too far back" …
				undecodable.set(result, (failure as Error).message || 'unreadable');
				controller.error(failure);
			}
		},
		cancel: (reason) => inflated.cancel(reason)
	});
	const headers = new Headers(request.headers);
	headers.delete('content-encoding');
	headers.delete('content-length');
	const plain = new Request(request.url, { method: request.method, headers, body, duplex: 'half' } as RequestInit);
	result = limitBody(plain, limit);
	decoded.add(result);
	return result;
}

/** Whether `request` is a body decoded here (its limit counts the decompressed bytes). */
export function wasDecoded(request: Request): boolean {
	return decoded.has(request);
}

/** What was wrong with `request`'s gzip, if its decoding failed; null otherwise. */
export function decodingProblem(request: Request): string | null {
	return undecodable.get(request) ?? null;
}
