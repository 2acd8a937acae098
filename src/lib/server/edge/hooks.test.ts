import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { unexpectedErrorBody } from './hooks';

const eventFor = (path: string) =>
	({ request: new Request(`http://localhost${path}`), url: new URL(`http://localhost${path}`), route: { id: path }, locals: {} }) as unknown as RequestEvent;

describe('unexpectedErrorBody (handleError)', () => {
	it('answers an unexpected error with a sentence and an id, logs the error under that id, and never shows it', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const failure = new TypeError('Cannot read properties of undefined (reading "secret")');
		const body = unexpectedErrorBody(eventFor('/app'), failure, 500);
		expect(body.code).toBe('internal');
		expect(body.id).toMatch(/^[0-9a-f]{8}$/);
		expect(body.message).toContain(body.id!);
		expect(body.message).not.toContain('secret');
		expect(JSON.stringify(body)).not.toMatch(/at |TypeError/);
		expect(log.mock.calls[0]![0]).toContain(body.id!);
		expect(log.mock.calls[0]![1]).toBe(failure);
		log.mockRestore();
	});

	it('marks a request that failed for want of a database, so the hooks answer 503', () => {
		const event = eventFor('/api/v1/responses');
		const body = unexpectedErrorBody(event, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 500);
		expect(body.code).toBe('database_unavailable');
		expect(event.locals.databaseUnavailable).toBe(true);
	});
});
