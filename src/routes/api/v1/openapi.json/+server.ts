import { json, type RequestHandler } from '@sveltejs/kit';
import { allowPublic } from '$lib/server/access/guards';
import { openApiDocument } from '$lib/server/openapi/document';

/** The OpenAPI 3.1 description of every v1 endpoint. */
export const GET: RequestHandler = async (event) => {
	await allowPublic();
	return json(openApiDocument(event.url.origin));
};
