/**
 * The bench's bare server: what a single-response POST costs at its simplest, to compare the app with in the same
 * run. node:http + postgres.js, no framework: the device token is checked by one indexed lookup of its hash, the body
 * parsed with JSON.parse, and its first item stored by one plain INSERT into `responses` (no rollups, no checks
 * beyond the counter's own row). Started by bench/run.ts as a process of its own, like the app.
 *
 *   DATABASE_URL=postgres://… PORT=4198 PG_POOL_MAX=20 tsx bench/bare-server.ts
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.PG_POOL_MAX ?? 20), onnotice: () => {} });
const instruments = new Map(
	(await sql<{ key: string; id: number }[]>`select code || '@' || version as key, id from instruments where status = 'published'`).map((r) => [r.key, r.id])
);

interface Item {
	id: string;
	seq: number;
	counterId: number;
	instrument: { code: string; version: number };
	submittedAt: string;
	status: string;
	answers: (number | null)[];
}

async function store(token: string, body: string): Promise<number> {
	const [device] = await sql<{ id: number; mall_id: number }[]>`
		select id, mall_id from devices where token_hash = ${createHash('sha256').update(token).digest('hex')} and revoked_at is null`;
	if (!device) return 401;
	const item = (JSON.parse(body) as { items: Item[] }).items[0]!;
	const instrumentId = instruments.get(`${item.instrument.code}@${item.instrument.version}`);
	if (instrumentId === undefined) return 400;
	const answers = `{${item.answers.map((a) => a ?? 'NULL').join(',')}}`;
	await sql`
		insert into responses (id, mall_id, agency_id, service_id, counter_id, device_id, device_seq, instrument_id, submitted_at, channel, status, answers)
		select ${item.id}::uuid, c.mall_id, c.agency_id, c.service_id, c.id, ${device.id}::int, ${item.seq}::int, ${instrumentId}::int,
			${item.submittedAt}::timestamptz, 'kiosk', ${item.status}, ${answers}::smallint[]
		from counters c where c.id = ${item.counterId}::int and c.mall_id = ${device.mall_id}::int`;
	return 200;
}

const server = createServer((request, response) => {
	const chunks: Buffer[] = [];
	request.on('data', (chunk: Buffer) => chunks.push(chunk));
	request.on('end', () => {
		const token = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
		if (request.method === 'GET') return void response.writeHead(200).end('ok');
		if (!token) return void response.writeHead(401).end();
		store(token, Buffer.concat(chunks).toString('utf8')).then(
			(status) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ results: [{ index: 0, status: 'stored' }] })),
			(failure: unknown) => response.writeHead(500).end(String(failure))
		);
	});
});
server.listen(Number(process.env.PORT ?? 4198), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => void sql.end({ timeout: 1 })));
