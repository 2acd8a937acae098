import { error, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { findMallLogo } from '$lib/server/organization/mall-settings';

/**
 * GET /logo/<slug>: the hall's logo for /publik, the kiosk and the admin page. Anyone may open it, so it can run and
 * fetch nothing even when opened on its own (an SVG is a document: the CSP), and is never read as another type. An
 * address with the current version (?v=, from the page that links it) is cached for good; any other revalidates.
 */
export const GET: RequestHandler = async ({ params, request, url }) => {
	const logo = await findMallLogo(await getDb(), { slug: params.slug ?? '' });
	if (!logo) error(404, { message: 'this hall has no logo', code: 'not_found' });
	const etag = `"${logo.version}"`;
	const headers = {
		etag,
		'cache-control': url.searchParams.get('v') === logo.version ? 'public, max-age=31536000, immutable' : 'public, no-cache',
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
		'x-content-type-options': 'nosniff'
	};
	const sent = request.headers.get('if-none-match') ?? '';
	if (sent.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
	return new Response(new Uint8Array(logo.bytes), { headers: { ...headers, 'content-type': logo.type } });
};
