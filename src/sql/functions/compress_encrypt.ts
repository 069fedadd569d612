/**
 * COMPRESS / UNCOMPRESS / UNCOMPRESSED_LENGTH and AES_ENCRYPT / AES_DECRYPT, byte for byte as
 * MySQL gives them: COMPRESS is the length (4 bytes, little-endian) and a zlib stream, with a
 * '.' added when that ends in a space; AES is MySQL's default `block_encryption_mode`,
 * aes-128-ecb, PKCS#7 padding, the key folded into 16 bytes by XOR. Unreadable input gives NULL
 * (UNCOMPRESS warns 1256 or 1259, as MySQL does; AES_DECRYPT of a wrong key or damaged bytes is NULL).
 */
import { Buffer } from "node:buffer";
import { createCipheriv, createDecipheriv } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { deflateSync, inflateSync } from "node:zlib";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, definer, type Warn } from "./define.ts";
import { MAX_STRING_LENGTH } from "./string.ts";
import { bytesToValue, int, toBytes } from "./values.ts";

const TOO_BIG_FOR_UNCOMPRESS = 1256;
const ZLIB_DATA_ERROR = 1259;
const SPACE = 0x20;
const LENGTH_MASK = 0x3fffffff;

/** Registers the compression and AES functions. */
export function registerCompressEncrypt(db: DatabaseSync, warn: Warn): void {
  const def = definer(db);
  def("compress", (v: SqlValue) => {
    const bytes = toBytes(v);
    if (bytes === null || bytes.length === 0) return bytes;
    const packed = deflateSync(bytes);
    const spaceEnd = packed[packed.length - 1] === SPACE;
    const out = new Uint8Array(4 + packed.length + (spaceEnd ? 1 : 0));
    new DataView(out.buffer).setUint32(0, bytes.length & LENGTH_MASK, true);
    out.set(packed, 4);
    if (spaceEnd) out[out.length - 1] = 0x2e;
    return out;
  });
  def("uncompress", (v: SqlValue) => {
    const bytes = toBytes(v);
    if (bytes === null || bytes.length === 0) return bytes;
    const length = _storedLength(bytes);
    if (length === null) return _corrupted(warn);
    if (length > MAX_STRING_LENGTH) {
      warn(
        TOO_BIG_FOR_UNCOMPRESS,
        `Uncompressed data size too large; the maximum size is ${MAX_STRING_LENGTH} ` +
          "(probably, length of uncompressed data was corrupted)",
      );
      return null;
    }
    try {
      const out = inflateSync(bytes.subarray(4), { maxOutputLength: Math.max(length, 1) });
      return bytesToValue(new Uint8Array(out.buffer, out.byteOffset, out.length));
    } catch {
      return _corrupted(warn);
    }
  });
  def("uncompressed_length", (v: SqlValue) => {
    const bytes = toBytes(v);
    if (bytes === null) return null;
    return bytes.length === 0 ? 0n : int(_storedLength(bytes) ?? 0);
  });
  def("aes_encrypt", (...a: SqlValue[]) => {
    checkArity("aes_encrypt", a.length, { min: 2, max: 4 });
    const text = toBytes(a[0] as SqlValue);
    const key = toBytes(a[1] as SqlValue);
    if (text === null || key === null) return null;
    const cipher = createCipheriv("aes-128-ecb", _foldedKey(key), null);
    return Buffer.concat([cipher.update(text), cipher.final()]);
  }, { varargs: true });
  def("aes_decrypt", (...a: SqlValue[]) => {
    checkArity("aes_decrypt", a.length, { min: 2, max: 4 });
    const data = toBytes(a[0] as SqlValue);
    const key = toBytes(a[1] as SqlValue);
    if (data === null || key === null || data.length % 16 !== 0) return null;
    try {
      const decipher = createDecipheriv("aes-128-ecb", _foldedKey(key), null);
      return bytesToValue(Buffer.concat([decipher.update(data), decipher.final()]));
    } catch {
      return null; // bad padding: a wrong key or damaged bytes
    }
  }, { varargs: true });
}

function _corrupted(warn: Warn): null {
  warn(ZLIB_DATA_ERROR, "ZLIB: Input data corrupted");
  return null;
}

/** The uncompressed length COMPRESS stored, or null when fewer than 4 bytes are there. */
function _storedLength(bytes: Uint8Array): number | null {
  if (bytes.length < 4) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) & LENGTH_MASK;
}

/** MySQL's AES key: every key byte XORed into a 16-byte buffer, position modulo 16. */
function _foldedKey(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < key.length; i++) out[i % 16]! ^= key[i]!;
  return out;
}
