/**
 * The OpenAPI document describes every v1 route and method, and is a valid OpenAPI 3.1 shape whose schemas compile.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/openapi/document';

const doc = openApiDocument('http://localhost:3000') as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

function routes(dir: string): { path: string; methods: string[] }[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) return routes(full);
		if (entry.name !== '+server.ts') return [];
		const path = '/' + relative(join(process.cwd(), 'src', 'routes'), dir).replace(/\[(\w+)\]/g, '{$1}');
		const methods = [...readFileSync(full, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
		return [{ path, methods }];
	});
}

describe('OpenAPI document', () => {
	const found = routes(join(process.cwd(), 'src', 'routes', 'api', 'v1'));

	it('is OpenAPI 3.1', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(found.length).toBeGreaterThanOrEqual(12);
	});

	it.each(found.map((r) => [r.path, r.methods]))('describes %s %j', (path, methods) => {
		expect(Object.keys(doc.paths[path] ?? {}).sort()).toEqual([...methods].sort());
	});

	it('describes no route that does not exist', () => {
		expect(Object.keys(doc.paths).sort()).toEqual(found.map((r) => r.path).sort());
	});

	it('has response schemas that compile as JSON Schema 2020-12', () => {
		const ajv = addFormats(new Ajv2020({ strict: false }));
		let compiled = 0;
		for (const operations of Object.values(doc.paths)) {
			for (const operation of Object.values(operations)) {
				for (const response of Object.values(operation.responses)) {
					const schema = response.content?.['application/json']?.schema;
					if (schema) {
						ajv.compile(schema);
						compiled += 1;
					}
				}
			}
		}
		expect(compiled).toBeGreaterThan(30);
	});
});
