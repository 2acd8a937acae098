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
}

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

async function send(entry: Pending): Promise<'done' | 'rate_limited' | 'retry'> {
	try {
		const response = await fetch('/api/v1/qr/responses', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ path: entry.path, item: entry.item })
		});
		if (response.status === 429) return 'rate_limited';
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
	draft: SurveyDraft
): Promise<'sent' | 'queued' | 'rate_limited'> {
	const { counter, service, instrument } = config;
	const entry: Pending = { path, item: responseItem({ id: uuidv7(), seq: 1, counter, service, instrument, at: Date.now() }, draft) };
	save([...pending(), entry]);
	const outcome = await send(entry);
	if (outcome !== 'retry') save(pending().filter((p) => p.item.id !== entry.item.id));
	return outcome === 'done' ? 'sent' : outcome === 'rate_limited' ? 'rate_limited' : 'queued';
}

/** Send what an earlier visit could not. */
export async function resendPending(): Promise<void> {
	for (const entry of pending()) {
		const outcome = await send(entry);
		if (outcome !== 'retry') save(pending().filter((p) => p.item.id !== entry.item.id));
	}
}
