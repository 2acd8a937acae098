/** A response channel as the dashboard names it (kiosk, qr = phone-open, ticket = phone-ticket, import). */
import { m } from '$lib/paraglide/messages';
import type { Channel } from '$lib/domain/profile';

const LABELS: Record<Channel, () => string> = {
	kiosk: m.dash_channel_kiosk,
	qr: m.dash_channel_qr,
	ticket: m.dash_channel_ticket,
	import: m.dash_channel_import
};

export const channelLabel = (channel: Channel): string => LABELS[channel]();
