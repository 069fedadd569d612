/**
 * Scramble math of the two password plugins (notes §3.4, §3.5), on WebCrypto digests:
 * mysql_native_password token = SHA1(pw) XOR SHA1(scramble ∥ SHA1(SHA1(pw)));
 * caching_sha2_password token = SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) ∥ scramble).
 * The server knows the clear password (config), so it computes the expected token and
 * compares in constant time.
 */

const encoder = new TextEncoder();

async function _digest(algo: "SHA-1" | "SHA-256", ...parts: Uint8Array[]): Promise<Uint8Array> {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const data = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest(algo, data));
}

function _xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Compares two byte strings without an early exit. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The mysql_native_password token a client sends for `password` (empty for ""). */
export async function nativePasswordToken(
  password: string,
  scramble: Uint8Array,
): Promise<Uint8Array> {
  if (password === "") return new Uint8Array(0);
  const h1 = await _digest("SHA-1", encoder.encode(password));
  const h2 = await _digest("SHA-1", h1);
  return _xor(h1, await _digest("SHA-1", scramble, h2));
}

/** The caching_sha2_password fast-auth token a client sends for `password`. */
export async function sha2PasswordToken(
  password: string,
  scramble: Uint8Array,
): Promise<Uint8Array> {
  if (password === "") return new Uint8Array(0);
  const h1 = await _digest("SHA-256", encoder.encode(password));
  const h2 = await _digest("SHA-256", h1);
  return _xor(h1, await _digest("SHA-256", h2, scramble));
}

/** Checks a mysql_native_password auth response. */
export async function verifyNativePassword(
  response: Uint8Array,
  password: string,
  scramble: Uint8Array,
): Promise<boolean> {
  if (password === "") return response.length === 0;
  return constantTimeEqual(response, await nativePasswordToken(password, scramble));
}

/** Checks a caching_sha2_password fast-auth token (Connector/J sends `00` for empty). */
export async function verifySha2Password(
  response: Uint8Array,
  password: string,
  scramble: Uint8Array,
): Promise<boolean> {
  if (password === "") return response.length === 0 || (response.length === 1 && response[0] === 0);
  return constantTimeEqual(response, await sha2PasswordToken(password, scramble));
}

/** SHA256(SHA256(password)), the value an auth cache keeps instead of the password. */
export async function sha2DoubleHash(password: string): Promise<Uint8Array> {
  return await _digest("SHA-256", await _digest("SHA-256", encoder.encode(password)));
}
