/**
 * A TCP proxy between the server under test and PostgreSQL, so a test can take the database away and bring it back
 * without touching the PostgreSQL that other tests share: `refuse` resets every connection (as a restarting server
 * does), `blackhole` accepts connections and never answers (as an unreachable host does).
 */
import { createServer, connect, type Socket } from 'node:net';

type ProxyMode = 'forward' | 'refuse' | 'blackhole';

export interface TcpProxy {
	port: number;
	/** Change how new connections are treated; leaving 'forward' also cuts the open ones. */
	setMode(mode: ProxyMode): void;
	close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
	let mode: ProxyMode = 'forward';
	const open = new Set<Socket>();
	const track = (socket: Socket) => {
		open.add(socket);
		socket.once('close', () => open.delete(socket));
		socket.on('error', () => {});
	};
	const server = createServer((client) => {
		track(client);
		if (mode === 'refuse') return void client.destroy();
		if (mode === 'blackhole') return; // held open, never answered
		const upstream = connect(targetPort, targetHost);
		track(upstream);
		client.pipe(upstream).pipe(client);
		client.once('close', () => upstream.destroy());
		upstream.once('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as { port: number }).port,
		setMode(next) {
			mode = next;
			if (next !== 'forward') for (const socket of open) socket.destroy();
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of open) socket.destroy();
				server.close(() => resolve());
			})
	};
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
	const parsed = new URL(url);
	parsed.hostname = '127.0.0.1';
	parsed.port = String(proxy.port);
	return parsed.toString();
}
