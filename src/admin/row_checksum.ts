/**
 * An order-independent checksum of a table's rows: every row is hashed to 64 bits over its
 * stored values and their SQLite storage classes, and the row hashes are added modulo 2^64.
 * Addition commutes, so the physical order of rows (and which node inserted them first) does
 * not matter, and unlike XOR two equal rows do not cancel out (tables without a key may hold
 * duplicates). The hash is not cryptographic: it finds accidental divergence, not a forger.
 */
import type { SqlValue } from "../types/values.ts";

/** `unicode(typeof(x))` of each SQLite storage class: the tag a value is hashed with. */
export const enum StorageClass {
  Null = 110, // "n"
  Integer = 105, // "i"
  Real = 114, // "r"
  Text = 116, // "t"
  Blob = 98, // "b"
}

const TWO_32 = 4294967296;

const _scratch = new DataView(new ArrayBuffer(8));

/** Accumulates rows into one checksum; feed every row of a table with `addRow`. */
export class RowChecksum {
  #seed1: number;
  #seed2: number;
  #h1 = 0;
  #h2 = 0;
  #words = 0;
  #hi = 0;
  #lo = 0;
  #rows = 0;

  /** `columns` (names in table order) seed the row hash, so a schema difference shows too. */
  constructor(columns: readonly string[]) {
    this.#h1 = 0x9747b28c;
    this.#h2 = 0x2f1a4e03;
    this.#text(columns.join("\u0000"));
    this.#seed1 = this.#h1;
    this.#seed2 = this.#h2;
  }

  /** Rows added so far. */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Adds one row given as `[class0, value0, class1, value1, ...]`: each value preceded by
   * its storage class (`unicode(typeof(col))`). Integers outside ±(2^53-1) come as decimal
   * text with class Integer (node:sqlite cannot return them as numbers).
   */
  addRow(row: readonly unknown[]): void {
    this.#h1 = this.#seed1;
    this.#h2 = this.#seed2;
    this.#words = 0;
    for (let i = 0; i + 1 < row.length; i += 2) {
      this.#value(row[i] as number, row[i + 1] as SqlValue);
    }
    const n = this.#words;
    const r1 = _fmix(this.#h1 ^ n) >>> 0;
    const r2 = _fmix(this.#h2 ^ Math.imul(n, 0x9e3779b1)) >>> 0;
    this.#lo += r2;
    let carry = 0;
    if (this.#lo >= TWO_32) {
      this.#lo -= TWO_32;
      carry = 1;
    }
    this.#hi = (this.#hi + r1 + carry) >>> 0;
    this.#rows++;
  }

  /** The sum as 16 hexadecimal digits. */
  get hex(): string {
    return this.#hi.toString(16).padStart(8, "0") + this.#lo.toString(16).padStart(8, "0");
  }

  #value(cls: number, value: SqlValue): void {
    switch (cls) {
      case StorageClass.Integer:
        this.#word(StorageClass.Integer);
        if (typeof value === "number") {
          this.#word(value >>> 0);
          this.#word(Math.floor(value / TWO_32) | 0);
        } else {
          const big = BigInt(value as string | bigint);
          this.#word(Number(BigInt.asUintN(32, big)));
          this.#word(Number(BigInt.asUintN(32, big >> 32n)));
        }
        return;
      case StorageClass.Real:
        _scratch.setFloat64(0, value as number, true);
        this.#word(StorageClass.Real);
        this.#word(_scratch.getUint32(0, true));
        this.#word(_scratch.getUint32(4, true));
        return;
      case StorageClass.Text:
        this.#word(StorageClass.Text);
        this.#text(value as string);
        return;
      case StorageClass.Blob:
        this.#word(StorageClass.Blob);
        this.#blob(value as Uint8Array);
        return;
      default:
        this.#word(StorageClass.Null);
    }
  }

  /** Length, then UTF-16 code units two per word. */
  #text(s: string): void {
    const n = s.length;
    this.#word(n);
    let i = 0;
    for (; i + 1 < n; i += 2) this.#word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.#word(s.charCodeAt(i));
  }

  /** Length, then bytes four per word (little-endian, the last word zero-padded). */
  #blob(b: Uint8Array): void {
    const n = b.length;
    this.#word(n);
    let i = 0;
    for (; i + 3 < n; i += 4) {
      this.#word(b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
    }
    let tail = 0;
    for (let shift = 0; i < n; i++, shift += 8) tail |= b[i]! << shift;
    if (n % 4 !== 0) this.#word(tail);
  }

  /** Two independent 32-bit lanes: MurmurHash3's round, and one with xxHash32's primes. */
  #word(k: number): void {
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, 0x1b873593);
    let h1 = this.#h1 ^ k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    this.#h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;

    let k2 = Math.imul(k, 0x85ebca77);
    k2 = (k2 << 13) | (k2 >>> 19);
    k2 = Math.imul(k2, 0x9e3779b1);
    let h2 = this.#h2 ^ k2;
    h2 = (h2 << 17) | (h2 >>> 15);
    this.#h2 = (Math.imul(h2, 0x27d4eb2f) + 0x165667b1) | 0;
    this.#words++;
  }
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function _fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
