/**
 * The RSA key caching_sha2_password's full authentication uses over insecure transports
 * (notes §3.5): 2048-bit RSA-OAEP with SHA-1, as MySQL uses RSA_PKCS1_OAEP_PADDING. The
 * public half is sent as a PEM SubjectPublicKeyInfo; the client encrypts
 * `(password ∥ 00) XOR scramble` with it.
 */

/** A key pair generated once per server start. */
export class RsaKeyPair {
  readonly publicKeyPem: string;
  readonly #privateKey: CryptoKey;

  private constructor(publicKeyPem: string, privateKey: CryptoKey) {
    this.publicKeyPem = publicKeyPem;
    this.#privateKey = privateKey;
  }

  /** Generates a new 2048-bit key pair (tens to hundreds of milliseconds). */
  static async generate(): Promise<RsaKeyPair> {
    const pair = await crypto.subtle.generateKey(
      {
        name: "RSA-OAEP",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-1",
      },
      true,
      ["encrypt", "decrypt"],
    );
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    let b64 = "";
    for (let i = 0; i < spki.length; i += 0x8000) {
      b64 += String.fromCharCode(...spki.subarray(i, i + 0x8000));
    }
    b64 = btoa(b64);
    const lines = b64.match(/.{1,64}/g) ?? [];
    const pem = `-----BEGIN PUBLIC KEY-----\n${lines.join("\n")}\n-----END PUBLIC KEY-----\n`;
    return new RsaKeyPair(pem, pair.privateKey);
  }

  /** Decrypts a client's OAEP ciphertext; null when it does not decrypt. */
  async decrypt(ciphertext: Uint8Array): Promise<Uint8Array | null> {
    try {
      const copy = new Uint8Array(ciphertext);
      return new Uint8Array(
        await crypto.subtle.decrypt({ name: "RSA-OAEP" }, this.#privateKey, copy),
      );
    } catch {
      return null;
    }
  }
}

/** Recovers the password from decrypted bytes: XOR with the repeated scramble, drop NUL. */
export function unscramblePassword(plain: Uint8Array, scramble: Uint8Array): string {
  const out = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i++) out[i] = plain[i]! ^ scramble[i % scramble.length]!;
  const end = out.indexOf(0);
  return new TextDecoder().decode(end < 0 ? out : out.subarray(0, end));
}
