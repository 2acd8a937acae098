/**
 * Raw HTTP for the server tests: bodies sent in chunks without a Content-Length (as an attacker sends them), read
 * back whatever the server does — answers early, or closes the connection mid-body.
 */
import { request } from 'node:http';

export interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** Body bytes written before the server answered or closed the connection. */
	sent: number;
}

/**
 * POST `total` bytes made of `chunk` repeated (after `prefix`), chunked, unless `declare` sends a Content-Length.
 * `eager` writes without pacing, as fast as the socket takes it (as a client on a fast link does).
 */
export function postChunked(
	url: string,
	options: { headers?: Record<string, string>; prefix?: string; chunk: string; total: number; declare?: boolean; eager?: boolean }
): Promise<RawAnswer> {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const headers: Record<string, string> = { ...options.headers };
		if (options.declare) headers['content-length'] = String(options.total);
		const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers });
		let sent = 0;
		let answered = false;
		req.on('response', (res) => {
			answered = true;
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (part: string) => (body += part.length < 100_000 ? part : part.slice(0, 100_000)));
			const done = () => resolve({ status: res.statusCode!, headers: res.headers, body, sent });
			res.on('end', done);
			res.on('error', done);
			res.on('close', done);
		});
		req.on('error', (error) => {
			if (!answered) reject(Object.assign(error, { sent }));
		});
		const prefix = Buffer.from(options.prefix ?? '');
		const piece = Buffer.from(options.chunk);
		// Paced a little, as a network would: an early answer arrives while the body is still being sent, not after the
		// client has pushed megabytes into the socket and met the closed connection.
		const write = () => {
			if (sent < options.total && !answered && !req.destroyed) {
				const part = sent === 0 && prefix.length ? prefix : piece.subarray(0, Math.min(piece.length, options.total - sent));
				sent += part.length;
				const next = () => (options.eager ? setImmediate(write) : setTimeout(write, 1));
				if (req.write(part)) next();
				else req.once('drain', next);
				return;
			}
			if (!answered && !req.destroyed) req.end();
		};
		write();
	});
}
