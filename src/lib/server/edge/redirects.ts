/**
 * Where a redirect after sign-in or a language switch may go: only somewhere on this site. The target is resolved
 * the way a browser resolves it (so `/\evil.example`, `//evil.example`, `https:evil.example`, tabs and newlines
 * inside the scheme all count as what they are) and accepted only when its origin is the app's own.
 */

/** The path, query and fragment of `target` when it resolves to `origin`; `fallback` otherwise. */
export function sameOriginTarget(target: string | null | undefined, origin: string, fallback = '/'): string {
	if (typeof target !== 'string' || target === '' || target.length > 2000) return fallback;
	let resolved: URL;
	try {
		resolved = new URL(target, origin);
	} catch {
		return fallback;
	}
	if (resolved.origin !== new URL(origin).origin) return fallback;
	const path = resolved.pathname + resolved.search + resolved.hash;
	// A path that itself starts with "//" or "/\" would be read as another host by whoever resolves it next.
	return /^\/[/\\]/.test(path) ? fallback : path;
}
