/**
 * A finished survey as the API's response item — built the same way by the kiosk (into its outbox) and by the phone
 * survey of a QR poster. Pure, so it runs in the browser.
 */
import type { ResponsePayload } from './outbox';
import type { SurveyDraft } from './session.svelte';

export interface ItemSource {
	/** The survey's id (a UUID v7), which makes the item idempotent. */
	id: string;
	/** The device's sequence number (a phone sends 1). */
	seq: number;
	counter: { id: number };
	service: { id: number };
	instrument: { code: string; version: number };
	/** When the survey was saved, in milliseconds since the epoch. */
	at: number;
}

/** The item of a draft: its answers, reasons (only when given), profile and comment, stamped with `source`. */
export function responseItem(source: ItemSource, draft: SurveyDraft): ResponsePayload {
	return {
		id: source.id,
		seq: source.seq,
		counterId: source.counter.id,
		serviceId: source.service.id,
		instrument: { code: source.instrument.code, version: source.instrument.version },
		submittedAt: new Date(source.at).toISOString(),
		status: draft.status,
		answers: draft.answers,
		...(draft.reasons.length ? { reasons: draft.reasons } : {}),
		profile: draft.profile,
		comment: draft.comment
	};
}
