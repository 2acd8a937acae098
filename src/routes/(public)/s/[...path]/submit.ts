/**
 * Sending a phone's rating: kept in localStorage until the server confirms it, and sent again when the phone is
 * back online or the page is opened again.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ResponsePayload } from '$lib/kiosk/outbox';
import { responseItem } from '$lib/kiosk/response-item';
import type { SurveyDraft, SurveyInstrument } from '$lib/kiosk/session.svelte';

const PENDING_KEY = 'puas-qr-pending';

interface Pending {
	path: string;
	item: ResponsePayload;
	/** The one-time ticket the rating uses (the URL's ?t=), if any. */
	ticket?: string;
}

/** Why the server refused a rating for its ticket (or for having none); the page says which. */
export type TicketRefusal = 'ticket_required' | 'ticket_unknown' | 'ticket_used' | 'ticket_expired';
const TICKET_REFUSALS: readonly string[] = ['ticket_required', 'ticket_unknown', 'ticket_used', 'ticket_expired'];

function pending(): Pending[] {
	try {
		return JSON.parse(localStorage.getItem(PENDING_KEY) ?? '[]') as Pending[];
	} catch {
		return [];
	}
}

function save(list: Pending[]) {
	localStorage.setItem(PENDING_KEY, JSON.stringify(list));
}

async function send(entry: Pending): Promise<'done' | 'rate_limited' | 'retry' | TicketRefusal> {
	try {
		const response = await fetch('/api/v1/qr/responses', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ path: entry.path, item: entry.item, ...(entry.ticket ? { ticket: entry.ticket } : {}) })
		});
		if (response.status === 429) return 'rate_limited';
		if (response.status >= 400 && response.status < 500) {
			const code = ((await response.json().catch(() => null)) as { code?: string } | null)?.code;
			if (code && TICKET_REFUSALS.includes(code)) return code as TicketRefusal;
		}
		// A 4xx other than 429 will not get better by retrying (e.g. the counter was removed).
		return response.ok || (response.status >= 400 && response.status < 500) ? 'done' : 'retry';
	} catch {
		return 'retry';
	}
}

/** Store and send one rating from the QR page. */
export async function submitQrResponse(
	path: string,
	config: { counter: { id: number }; service: { id: number }; instrument: SurveyInstrument },
	draft: SurveyDraft,
	ticket: string | null
): Promise<'sent' | 'queued' | 'rate_limited' | TicketRefusal> {
	const { counter, service, instrument } = config;
	const item = responseItem({ id: uuidv7(), seq: 1, counter, service, instrument, at: Date.now() }, draft);
	const entry: Pending = ticket ? { path, item, ticket } : { path, item };
	save([...pending(), entry]);
	const outcome = await send(entry);
	if (outcome !== 'retry') save(pending().filter((p) => p.item.id !== entry.item.id));
	return outcome === 'done' ? 'sent' : outcome === 'retry' ? 'queued' : outcome;
}

/** Send what an earlier visit could not. */
export async function resendPending(): Promise<void> {
	for (const entry of pending()) {
		const outcome = await send(entry);
		if (outcome !== 'retry') save(pending().filter((p) => p.item.id !== entry.item.id));
	}
}
