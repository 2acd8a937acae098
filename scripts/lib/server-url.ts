/**
 * Where the command-line tools (scripts/admin.ts, scripts/rollups-rebuild.ts) find the running server.
 */

/** How the choice is described in the tools' usage and errors. */
export const SERVER_URL_HELP = '--url <base>, else PUAS_URL, else ORIGIN, else http://localhost:$PORT (PORT defaults to 3000)';

/** The server's base URL: `--url`, else PUAS_URL, else ORIGIN, else http://localhost:$PORT (3000); empty values count as unset. */
export function serverUrl(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): { url: string } | { problem: string } {
	const [name, value] = flag
		? ['--url', flag]
		: env.PUAS_URL
			? ['PUAS_URL', env.PUAS_URL]
			: env.ORIGIN
				? ['ORIGIN', env.ORIGIN]
				: ['PORT', `http://localhost:${env.PORT || '3000'}`];
	let parsed: URL;
	try {
		parsed = new URL(value);
	} catch {
		return { problem: `${name} (${value}) is not an address like http://localhost:3000` };
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: `${name} (${value}) must start with http:// or https://` };
	return { url: parsed.origin };
}
