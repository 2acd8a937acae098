/**
 * Every API handler starts with a guard — requireDevice, requireAdmin, requireReader, or an explicit allowPublic —
 * so a route can never be left open by forgetting one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const GUARDS = ['requireDevice', 'requireAdmin', 'requireReader', 'allowPublic'];
/** Handlers that may be public, and why. Anything else public fails this test. */
const PUBLIC_ROUTES: Record<string, string> = {
	'api/v1/devices/pair/+server.ts': 'a tablet pairs with a one-time code before it has a token (rate-limited)',
	'api/v1/qr/responses/+server.ts': 'citizens rate from their phones without an account (rate-limited)',
	'api/v1/openapi.json/+server.ts': 'the API description is public'
};

function serverFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? serverFiles(path) : entry.name === '+server.ts' ? [path] : [];
	});
}

const routesDir = join(process.cwd(), 'src', 'routes');
const apiFiles = serverFiles(join(routesDir, 'api'));

describe('API route guards', () => {
	it('finds the API routes', () => {
		expect(apiFiles.length).toBeGreaterThanOrEqual(8);
	});

	it.each(apiFiles.map((file) => [relative(routesDir, file), file]))('%s: each handler calls a guard first', (name, file) => {
		const source = readFileSync(file, 'utf8');
		const handlers = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE): RequestHandler = async \((\w+|\{[^)]*\})\) => \{\n([^\n]*)/g)];
		expect(handlers.length, 'handlers must be written `export const METHOD: RequestHandler = async (event) => {`').toBeGreaterThan(0);
		expect(source.match(/export (const|function|async function) (GET|POST|PUT|PATCH|DELETE|fallback)\b/g)?.length).toBe(handlers.length);
		for (const [, method, , firstLine] of handlers) {
			const guard = GUARDS.find((g) => firstLine!.includes(`await ${g}(`));
			expect(guard, `${name} ${method} must start with one of ${GUARDS.join(', ')}`).toBeDefined();
			if (guard === 'allowPublic') expect(PUBLIC_ROUTES[name], `${name} ${method} is public but not listed in PUBLIC_ROUTES`).toBeDefined();
		}
	});
});
