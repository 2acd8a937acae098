/** Check a staff PIN against its PBKDF2 hash in the browser (WebCrypto), so the panel opens offline too. */

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Whether `pin` matches a "pbkdf2-sha256$iterations$salt$hash" string. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
	const [scheme, iterations, salt, hash] = stored.split('$');
	if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !hash) return false;
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
	const bits = new Uint8Array(
		await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(salt), iterations: Number(iterations) }, key, 256)
	);
	const expected = fromBase64Url(hash);
	if (bits.length !== expected.length) return false;
	let difference = 0;
	for (let i = 0; i < bits.length; i++) difference |= bits[i]! ^ expected[i]!;
	return difference === 0;
}
