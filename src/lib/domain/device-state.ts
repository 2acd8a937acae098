/**
 * The one word the device tables show for a tablet's state. Pure, no I/O.
 */

export type DeviceState = 'revoked' | 'silent' | 'gaps' | 'ok';

/**
 * revoked > silent (not heard from for a day, or never) > gaps (sequence numbers that never arrived: ratings may be
 * lost) > ok. The first that holds names the state, so a warning is never shown as "OK".
 */
export function deviceState(device: { revoked: boolean; silent: boolean; missing: number }): DeviceState {
	if (device.revoked) return 'revoked';
	if (device.silent) return 'silent';
	if (device.missing > 0) return 'gaps';
	return 'ok';
}
