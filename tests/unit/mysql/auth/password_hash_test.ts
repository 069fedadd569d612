import assert from "node:assert/strict";
import { constants, createHash, publicEncrypt } from "node:crypto";
import { Buffer } from "node:buffer";
import {
  nativePasswordToken,
  sha2PasswordToken,
  verifyNativePassword,
  verifySha2Password,
} from "../../../../src/mysql/auth/password_hash.ts";
import { RsaKeyPair, unscramblePassword } from "../../../../src/mysql/auth/rsa_key_pair.ts";
import { generateScramble } from "../../../../src/mysql/auth/scramble.ts";
import { AuthCache } from "../../../../src/mysql/auth/auth_cache.ts";
import { hex } from "../raw_client.ts";

const SCRAMBLE = Uint8Array.from(
  hex("3a 23 5d 6b 11 7f 4c 2e 55 61 1b 72 0e 47 3c 68 29 5f 03 76"),
);

function h(algo: string, ...parts: Uint8Array[]): Uint8Array {
  const hash = createHash(algo);
  for (const p of parts) hash.update(p);
  return new Uint8Array(hash.digest());
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((x, i) => x ^ b[i]!);
}

const enc = (s: string) => new TextEncoder().encode(s);
const toHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

Deno.test("mysql_native_password token matches the notes' vector and node:crypto", async () => {
  const token = await nativePasswordToken("secret", SCRAMBLE);
  assert.equal(toHex(token), "8a310c9245eae2929065ddb49e8f76193c3a2567");
  for (const pw of ["secret", "pässwörd", "x".repeat(100)]) {
    const s = generateScramble();
    const h1 = h("sha1", enc(pw));
    const expected = xor(h1, h("sha1", s, h("sha1", h1)));
    assert.deepEqual(await nativePasswordToken(pw, s), expected);
    assert.equal(await verifyNativePassword(expected, pw, s), true);
    assert.equal(await verifyNativePassword(expected, pw + "x", s), false);
  }
  assert.equal(await verifyNativePassword(new Uint8Array(0), "", SCRAMBLE), true);
  assert.equal(await verifyNativePassword(new Uint8Array(0), "secret", SCRAMBLE), false);
  assert.equal(await verifyNativePassword(new Uint8Array(20), "", SCRAMBLE), false);
});

Deno.test("caching_sha2_password token matches node:crypto (hash first, then nonce)", async () => {
  for (const pw of ["secret", "pässwörd", "x".repeat(100)]) {
    const s = generateScramble();
    const h1 = h("sha256", enc(pw));
    const expected = xor(h1, h("sha256", h("sha256", h1), s));
    assert.deepEqual(await sha2PasswordToken(pw, s), expected);
    assert.equal(await verifySha2Password(expected, pw, s), true);
    assert.equal(await verifySha2Password(expected, "other", s), false);
  }
  assert.equal(await verifySha2Password(new Uint8Array(0), "", SCRAMBLE), true);
  assert.equal(await verifySha2Password(Uint8Array.of(0), "", SCRAMBLE), true, "Connector/J's 00");
});

Deno.test("Scrambles are 20 bytes in 1..127 without '$'", () => {
  for (let i = 0; i < 2000; i++) {
    const s = generateScramble();
    assert.equal(s.length, 20);
    for (const b of s) assert.ok(b >= 1 && b <= 127 && b !== 0x24, `byte ${b}`);
  }
});

Deno.test("RSA key: a client's OAEP (SHA-1) ciphertext of password XOR scramble decrypts", async () => {
  const key = await RsaKeyPair.generate();
  assert.match(
    key.publicKeyPem,
    /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/,
  );
  const scramble = generateScramble();
  const password = "correct horse battery staple, longer than the scramble";
  const plain = enc(password + "\0").map((b, i) => b ^ scramble[i % scramble.length]!);
  const cipher = publicEncrypt(
    { key: key.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING },
    Buffer.from(plain),
  );
  assert.equal(cipher.length, 256);
  const decrypted = await key.decrypt(new Uint8Array(cipher));
  assert.ok(decrypted);
  assert.equal(unscramblePassword(decrypted, scramble), password);
  assert.equal(await key.decrypt(new Uint8Array(256).fill(1)), null, "garbage does not decrypt");
});

Deno.test("AuthCache: preload admits everyone, empty admits only after add, password change evicts", async () => {
  assert.equal(await new AuthCache("preload").has("u", "p"), true);
  const cache = new AuthCache("empty", 2);
  assert.equal(await cache.has("u", "p"), false);
  await cache.add("u", "p");
  assert.equal(await cache.has("u", "p"), true);
  assert.equal(await cache.has("u", "changed"), false);
  await cache.add("v", "p");
  await cache.add("w", "p");
  assert.equal(await cache.has("u", "p"), false, "bounded: oldest entry dropped");
});
