/**
 * A lingering close for a refused body (as web servers do it): after a 413 the connection is half-closed and what
 * the client still sends is read and thrown away for a short while, instead of closing the socket at once.
 *
 * Closing a socket with unread bytes makes the kernel answer with a reset, and a client still writing its body —
 * a tablet's oversized batch, a browser's large upload — then meets the reset before it has read the 413, and sees
 * only a network error (the kiosk would retry such a batch forever). Discarding costs no memory; the short window
 * and the byte cap keep an attacker from holding the connection.
 */
import type { IncomingMessage } from 'node:http';

/** How long a refused connection keeps reading after its answer. */
const LINGER_MS = 2_000;
/** How many more bytes a refused connection reads (and discards) before it is closed regardless. */
const LINGER_BYTES = 4 * 1024 * 1024;

/** Sockets already lingering (the body may be refused by more than one path). */
const lingering = new WeakSet<object>();

/**
 * Make the connection of `request` (adapter-node's platform.req; absent under the dev server) discard the rest of its
 * body, and close it only after a short linger once the answer is written.
 */
export function lingerAfterRefusal(request: IncomingMessage | undefined): void {
	const socket = request?.socket;
	if (!request || !socket || socket.destroyed || lingering.has(socket)) return;
	lingering.add(socket);
	let discarded = 0;
	// Take the rest of the body away from the reader that stopped at the limit, and drop it as it comes.
	request.removeAllListeners('data');
	request.on('data', (chunk: Buffer) => {
		discarded += chunk.length;
		if (discarded > LINGER_BYTES) socket.destroy();
	});
	request.resume();
	// Node closes a `connection: close` answer's socket with destroySoon(): end (FIN) at once, destroy after the linger.
	socket.destroySoon = function destroyAfterLinger(this: typeof socket) {
		if (this.writable) this.end();
		const timer = setTimeout(() => this.destroy(), LINGER_MS);
		timer.unref();
		this.once('close', () => clearTimeout(timer));
	};
}
