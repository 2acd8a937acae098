/**
 * The kiosk's calls to the server besides sending responses: pairing and its configuration.
 */
import type { SurveyInstrument } from './session.svelte';

export interface KioskConfig {
	device: { id: number; name: string; highestSeq: number };
	/** `logoUrl` is absent in a configuration kept from before halls had logos. */
	mall: { name: string; timeZone: string; logoUrl?: string | null };
	agency: { name: string };
	service: { id: number; name: string };
	counter: { id: number; code: string; name: string; surveyMode: 'full' | 'full-ipak' | 'quick'; minIntervalSeconds: number };
	instrument: SurveyInstrument;
	staffPinHash: string | null;
}

export type PairResult =
	| { ok: true; token: string; deviceId: number; highestSeq: number }
	| { ok: false; error: 'invalid_code' | 'expired_code' | 'used_code' | 'rate_limited' | 'network' };

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Trade a pairing code for a device token. */
export async function pair(code: string, installationId: string): Promise<PairResult> {
	try {
		const response = await fetch('/api/v1/devices/pair', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ code, installationId }) });
		const body = await response.json().catch(() => ({}));
		if (response.ok) return { ok: true, token: body.token, deviceId: body.device.id, highestSeq: body.highestSeq };
		if (response.status === 429) return { ok: false, error: 'rate_limited' };
		if (['invalid_code', 'expired_code', 'used_code'].includes(body.code)) return { ok: false, error: body.code };
		return { ok: false, error: 'invalid_code' };
	} catch {
		return { ok: false, error: 'network' };
	}
}

/**
 * The counter's configuration; 'unpaired' when the token is no longer valid, 'out_of_service' while the counter's
 * service or agency is archived (the tablet stays paired), null when unreachable.
 */
export async function fetchConfig(token: string): Promise<KioskConfig | 'unpaired' | 'out_of_service' | null> {
	try {
		const response = await fetch('/api/v1/kiosk/config', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
		if (response.status === 401) return 'unpaired';
		if (response.status === 409 && (await response.json().catch(() => ({}))).code === 'out_of_service') return 'out_of_service';
		if (!response.ok) return null;
		return (await response.json()) as KioskConfig;
	} catch {
		return null;
	}
}
