/**
 * Administration from the command line, through the running server's API (so it works the same on embedded
 * PGlite, which only the server process may open, and on PostgreSQL):
 *
 *   npm run mall:create -- --slug mpp-kota-kupang --name "Mal Pelayanan Publik Kota Kupang" --time-zone Asia/Makassar
 *                          --region 53.71 --admin-email a@b.go.id [--admin-name "Nama"] [--admin-password …] [--short-name …]
 *                                                     a hall and its first admin (an installation-wide token only)
 *   npm run device:pair -- --counter DKP-01          a one-time pairing code (and QR) for a counter's tablet
 *   npm run device:list                               tablets, last contact, sequence gaps
 *   npm run device:revoke -- --device 7               revoke a tablet's token
 *   npm run kiosk:pin -- --mall mpp-kota-kupang --pin 2468    the staff-panel PIN of a mall's kiosks
 *   npm run user:create -- --role manager --email a@b.go.id --name "Nama" [--password …] [--agency dukcapil …]
 *                                                     an account (without --password a random one is printed once)
 *   npm run user:list                                 accounts, roles and agencies
 *   npm run token:list                                API tokens, their last use, revoked ones
 *   npm run token:create -- --label "Queue system" [--mall mpp-kota-kupang] [--kind integration]   a new API token (printed once;
 *                                                             integration: a queue system's, tickets only, needs --mall)
 *   npm run token:revoke -- --id 3                    revoke an API token for good
 *
 * Server: --url <base>, else PUAS_URL, else ORIGIN, else http://localhost:$PORT (PORT defaults to 3000), e.g.
 * `npm run device:list -- --url http://localhost:8080`. Token: ADMIN_API_TOKEN, else the file the server writes
 * (PUAS_TOKEN_FILE, default ./data/admin-token). `--help` prints the commands.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderUnicodeCompact } from 'uqr';
import { randomPassword } from '../src/lib/server/auth/passwords';
import { SERVER_URL_HELP, serverUrl } from './lib/server-url';

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
	args: rest,
	options: {
		url: { type: 'string' },
		counter: { type: 'string' },
		device: { type: 'string' },
		mall: { type: 'string' },
		pin: { type: 'string' },
		role: { type: 'string' },
		email: { type: 'string' },
		name: { type: 'string' },
		password: { type: 'string' },
		agency: { type: 'string', multiple: true },
		label: { type: 'string' },
		kind: { type: 'string' },
		id: { type: 'string' },
		slug: { type: 'string' },
		'short-name': { type: 'string' },
		'time-zone': { type: 'string' },
		region: { type: 'string' },
		'admin-email': { type: 'string' },
		'admin-name': { type: 'string' },
		'admin-password': { type: 'string' },
		help: { type: 'boolean', short: 'h' }
	}
});

const USAGE = `commands: mall-create, pair, list, revoke, pin, user-create, user-list, token-list, token-create, token-revoke (see scripts/admin.ts)
server: ${SERVER_URL_HELP}
token: ADMIN_API_TOKEN, else the file the server writes (PUAS_TOKEN_FILE, default ./data/admin-token)`;

function fail(message: string): never {
	process.stderr.write(`puas: ${message}\n`);
	process.exit(1);
}

if (values.help || command === 'help' || command === '--help' || command === '-h') {
	console.log(USAGE);
	process.exit(0);
}
if (!command) fail(USAGE);

const server = serverUrl(values.url, process.env);
if ('problem' in server) fail(`${server.problem} (server: ${SERVER_URL_HELP})`);
const base = server.url;
const tokenFile = process.env.PUAS_TOKEN_FILE ?? './data/admin-token';
const token = process.env.ADMIN_API_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '');
if (!token) fail(`no admin token: set ADMIN_API_TOKEN, or start the server once so it writes ${tokenFile}`);

async function call(method: string, path: string, body?: unknown) {
	let response: Response;
	try {
		response = await fetch(new URL(path, base), {
			method,
			headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		fail(`cannot reach Puas at ${base} (is it running? npm start; another address: ${SERVER_URL_HELP})`);
	}
	const payload = await response.json().catch(() => ({}));
	if (!response.ok) fail(`${response.status}: ${payload.message ?? response.statusText}`);
	return payload;
}

switch (command) {
	case 'mall-create': {
		if (!values.slug || !values.name || !values['time-zone'] || !values.region || !values['admin-email']) {
			fail(
				'usage: npm run mall:create -- --slug <slug> --name "<hall name>" --time-zone Asia/Jakarta|Asia/Makassar|Asia/Jayapura --region <kabupaten/kota code, e.g. 53.71> --admin-email <email> [--admin-name "<name>"] [--admin-password <≥ 10 characters, hard to guess>] [--short-name "<short name>"]'
			);
		}
		const { mall, admin } = await call('POST', '/api/v1/admin/malls', {
			slug: values.slug,
			name: values.name,
			timeZone: values['time-zone'],
			region: values.region,
			...(values['short-name'] ? { shortName: values['short-name'] } : {}),
			admin: {
				email: values['admin-email'],
				...(values['admin-name'] ? { name: values['admin-name'] } : {}),
				...(values['admin-password'] ? { password: values['admin-password'] } : {})
			}
		});
		console.log(`hall ${mall.slug} (${mall.name}, ${mall.city}, ${mall.timeZone}) created; admin ${admin.email}`);
		if (admin.password) console.log(`admin password (shown only now, pass it on safely): ${admin.password}`);
		break;
	}
	case 'pair': {
		if (!values.counter) fail('usage: npm run device:pair -- --counter <counter code>');
		const created = await call('POST', '/api/v1/admin/pairing-codes', { counter: values.counter });
		const expires = new Date(created.expiresAt).toLocaleTimeString('id-ID', { hour: '2-digit', minute: '2-digit' });
		console.log(`\nPairing code for ${created.counter.code} (${created.counter.name}):\n\n    ${created.code.replace(/(\d{3})(\d{3})/, '$1 $2')}\n`);
		console.log(`Valid until ${expires}, once. On the tablet open ${new URL('/kiosk', base)} and enter it, or scan:\n`);
		console.log(renderUnicodeCompact(created.pairUrl));
		console.log(created.pairUrl);
		break;
	}
	case 'list': {
		const { devices } = await call('GET', '/api/v1/admin/devices');
		console.table(
			devices.map((d: { id: number; name: string; counterCode: string; lastSeenAt: string | null; highestSeq: number; received: number; gaps: { from: number; to: number }[]; revoked: boolean }) => ({
				id: d.id,
				name: d.name,
				counter: d.counterCode,
				'last seen': d.lastSeenAt ?? '—',
				'highest seq': d.highestSeq,
				received: d.received,
				gaps: d.gaps.map((g) => (g.from === g.to ? `${g.from}` : `${g.from}–${g.to}`)).join(', ') || '—',
				revoked: d.revoked ? 'yes' : ''
			}))
		);
		break;
	}
	case 'revoke': {
		if (!values.device) fail('usage: npm run device:revoke -- --device <id>');
		await call('POST', `/api/v1/admin/devices/${encodeURIComponent(values.device)}/revoke`);
		console.log(`device ${values.device} revoked; it keeps its unsent responses until it is paired again`);
		break;
	}
	case 'pin': {
		if (!values.mall || !values.pin) fail('usage: npm run kiosk:pin -- --mall <mall slug> --pin <4–8 digits>');
		await call('PUT', `/api/v1/admin/malls/${encodeURIComponent(values.mall)}/kiosk-pin`, { pin: values.pin });
		console.log(`staff PIN of ${values.mall} set; tablets pick it up at their next sync`);
		break;
	}
	case 'user-create': {
		if (!values.role || !values.email || !values.name) {
			fail(
				'usage: npm run user:create -- --role admin|manager|evaluator|operator --email <email> --name "<name>" [--password <≥ 10 characters, hard to guess>] [--agency <agency code> …] [--region nation|<province code 53>|<kabupaten/kota code 53.71>: an evaluator across halls]'
			);
		}
		// Random (it passes the server's strength check), shown once and never stored in clear.
		const password = values.password ?? randomPassword();
		const { user } = await call('POST', '/api/v1/admin/users', {
			email: values.email,
			name: values.name,
			role: values.role,
			password,
			...(values.agency?.length ? { agencies: values.agency } : {}),
			...(values.mall ? { mall: values.mall } : {}),
			...(values.region ? { region: values.region } : {})
		});
		const agencies = user.agencies.map((a: { code: string }) => a.code).join(', ');
		console.log(`account ${user.email} created: ${user.role}${agencies ? ` of ${agencies}` : ''}${user.region ? ` (${user.region})` : ''}`);
		if (!values.password) console.log(`password (shown only now, pass it on safely): ${password}`);
		break;
	}
	case 'user-list': {
		const { users } = await call('GET', `/api/v1/admin/users${values.mall ? `?mall=${encodeURIComponent(values.mall)}` : ''}`);
		console.table(
			users.map((u: { id: number; email: string; name: string; role: string; agencies: { code: string }[]; disabled: boolean; locked: boolean }) => ({
				id: u.id,
				email: u.email,
				name: u.name,
				role: u.role,
				agencies: u.agencies.map((a) => a.code).join(', ') || '—',
				state: u.disabled ? 'disabled' : u.locked ? 'locked' : ''
			}))
		);
		break;
	}
	case 'token-list': {
		const { tokens } = await call('GET', '/api/v1/admin/tokens');
		console.table(
			tokens.map((t: { id: number; label: string; kind: string; mall: string | null; createdBy: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }) => ({
				id: t.id,
				label: t.label,
				kind: t.kind,
				mall: t.mall ?? '(all)',
				'created by': t.createdBy ?? '—',
				created: t.createdAt,
				'last used': t.lastUsedAt ?? '—',
				revoked: t.revokedAt ?? ''
			}))
		);
		break;
	}
	case 'token-create': {
		if (!values.label) fail('usage: npm run token:create -- --label "<what it is for>" [--mall <mall slug>] [--kind admin|integration|evaluator|operator] [--region nation|53|53.71]');
		const created = await call('POST', '/api/v1/admin/tokens', {
			label: values.label,
			...(values.mall ? { mall: values.mall } : {}),
			...(values.kind ? { kind: values.kind } : {}),
			...(values.region ? { region: values.region } : {})
		});
		console.log(
			`token ${created.id} (${created.label}${created.kind === 'integration' ? ', integration: tickets only' : created.kind === 'admin' ? '' : `, ${created.kind}`}${created.mall ? `, ${created.mall} only` : ''}${created.region ? `, ${created.region}` : ''}) created.`
		);
		console.log(`token (shown only now, store it safely): ${created.token}`);
		break;
	}
	case 'token-revoke': {
		if (!values.id) fail('usage: npm run token:revoke -- --id <token id from npm run token:list>');
		await call('POST', `/api/v1/admin/tokens/${encodeURIComponent(values.id)}/revoke`);
		console.log(`token ${values.id} revoked; it no longer works on any instance`);
		break;
	}
	default:
		fail(USAGE);
}
