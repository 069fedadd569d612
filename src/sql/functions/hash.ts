/**
 * Hashes and identifiers: MD5, SHA1/SHA, SHA2 (224/256/384/512, 0 = 256; other lengths NULL),
 * CRC32 (unsigned), UUID (version 1, time-based, as MySQL) and UUID_SHORT (increasing 64-bit
 * integers). Hashes read text as its UTF-8 bytes and return lowercase hex.
 */
import { createHash, randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { definer } from "./define.ts";
import { int, toBytes, toInteger } from "./values.ts";

function _hash(algorithm: string, v: SqlValue): string | null {
  const b = toBytes(v);
  return b === null ? null : createHash(algorithm).update(b).digest("hex");
}

const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}

/** CRC-32 (IEEE 802.3 polynomial, as zlib and MySQL). */
export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) {
    c = (CRC_TABLE[(c ^ (b[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** 100-ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
const UUID_EPOCH_OFFSET = 0x01b21dd213814000n;
const _node = (() => {
  const b = randomBytes(6);
  b[0] = (b[0] as number) | 0x01; // multicast bit: a random node id, not a MAC address
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
})();
const _clockSeq = (randomBytes(2).readUInt16BE(0) & 0x3fff) | 0x8000;
let _lastTicks = 0n;

/** A version-1 UUID; ticks never repeat within the process. */
export function uuidV1(nowMs: number): string {
  let ticks = BigInt(nowMs) * 10000n + UUID_EPOCH_OFFSET;
  if (ticks <= _lastTicks) ticks = _lastTicks + 1n;
  _lastTicks = ticks;
  const hex = ticks.toString(16).padStart(15, "0");
  const timeLow = hex.slice(7, 15);
  const timeMid = hex.slice(3, 7);
  const timeHigh = "1" + hex.slice(0, 3);
  return `${timeLow}-${timeMid}-${timeHigh}-${_clockSeq.toString(16)}-${_node}`;
}

const _shortBase = BigInt(Math.floor(Date.now() / 1000)) << 24n;
let _shortCounter = 0n;

/** Registers the hash and identifier functions. */
export function registerHash(db: DatabaseSync): void {
  const def = definer(db);
  def("md5", (v: SqlValue) => _hash("md5", v));
  def("sha1", (v: SqlValue) => _hash("sha1", v));
  def("sha", (v: SqlValue) => _hash("sha1", v));
  def("sha2", (v: SqlValue, bits: SqlValue) => {
    const n = toInteger(bits);
    if (n === null) return null;
    const algo = n === 0n || n === 256n
      ? "sha256"
      : n === 224n
      ? "sha224"
      : n === 384n
      ? "sha384"
      : n === 512n
      ? "sha512"
      : null;
    return algo === null ? null : _hash(algo, v);
  });
  def("crc32", (v: SqlValue) => {
    const b = toBytes(v);
    return b === null ? null : int(crc32(b));
  });
  def("uuid", () => uuidV1(Date.now()), { deterministic: false });
  def("uuid_short", () => _shortBase + ++_shortCounter, { deterministic: false });
}
