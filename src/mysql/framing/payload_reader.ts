/**
 * A bounds-checked cursor over one packet payload: fixed-width little-endian integers,
 * length-encoded integers and strings (notes §1.2), NUL- and EOF-terminated strings. Every
 * read past the end throws `MalformedPacketError`, so decoders never see garbage offsets.
 */
import { MalformedPacketError } from "./protocol_error.ts";
import { utf8Decode } from "./utf8.ts";

/** Sequential reader of a packet payload. */
export class PayloadReader {
  readonly bytes: Uint8Array;
  #dataView: DataView | null = null;
  #pos: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.#pos = offset;
  }

  /** Created on first use: most packets need no float or 64-bit field. */
  get #view(): DataView {
    const b = this.bytes;
    return (this.#dataView ??= new DataView(b.buffer, b.byteOffset, b.byteLength));
  }

  /** Current offset into the payload. */
  get position(): number {
    return this.#pos;
  }

  /** Moves the cursor (within the payload) to re-read or skip fields. */
  set position(at: number) {
    if (at < 0 || at > this.bytes.length) {
      throw new MalformedPacketError(`Cannot seek to offset ${at} of ${this.bytes.length}`);
    }
    this.#pos = at;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.length - this.#pos;
  }

  #need(n: number, what: string): number {
    const at = this.#pos;
    if (n < 0 || at + n > this.bytes.length) {
      throw new MalformedPacketError(
        `Cannot decode ${what}: need ${n} bytes at offset ${at}, payload has ${this.bytes.length}`,
      );
    }
    this.#pos = at + n;
    return at;
  }

  u8(): number {
    return this.bytes[this.#need(1, "int<1>")]!;
  }

  u16(): number {
    const at = this.#need(2, "int<2>");
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }

  u24(): number {
    const at = this.#need(3, "int<3>");
    return this.bytes[at]! | (this.bytes[at + 1]! << 8) | (this.bytes[at + 2]! << 16);
  }

  u32(): number {
    const at = this.#need(4, "int<4>");
    const b = this.bytes;
    return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
  }

  i8(): number {
    return this.#view.getInt8(this.#need(1, "int<1>"));
  }

  i16(): number {
    return this.#view.getInt16(this.#need(2, "int<2>"), true);
  }

  i32(): number {
    const at = this.#need(4, "int<4>");
    const b = this.bytes;
    return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
  }

  u64(): bigint {
    return this.#view.getBigUint64(this.#need(8, "int<8>"), true);
  }

  i64(): bigint {
    return this.#view.getBigInt64(this.#need(8, "int<8>"), true);
  }

  f32(): number {
    return this.#view.getFloat32(this.#need(4, "float"), true);
  }

  f64(): number {
    return this.#view.getFloat64(this.#need(8, "double"), true);
  }

  /** A length-encoded integer; 0xFB (NULL) and 0xFF are malformed here. */
  lenenc(): number | bigint {
    const first = this.u8();
    if (first < 0xfb) return first;
    if (first === 0xfc) return this.u16();
    if (first === 0xfd) return this.u24();
    if (first === 0xfe) {
      const v = this.u64();
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    throw new MalformedPacketError(
      `Cannot decode int<lenenc>: invalid first byte 0x${first.toString(16)}`,
    );
  }

  /** A length-encoded integer used as a length or count: must fit the remaining payload. */
  lenencLength(): number {
    const v = this.lenenc();
    if (typeof v === "bigint" || v > this.remaining) {
      throw new MalformedPacketError(
        `Cannot decode length ${v}: only ${this.remaining} bytes left`,
      );
    }
    return v;
  }

  /** `n` bytes as a view (no copy; valid while the payload is). */
  bytesView(n: number): Uint8Array {
    const at = this.#need(n, `string[${n}]`);
    return this.bytes.subarray(at, at + n);
  }

  skip(n: number): void {
    this.#need(n, "filler");
  }

  lenencBytes(): Uint8Array {
    return this.bytesView(this.lenencLength());
  }

  lenencString(): string {
    return utf8Decode(this.lenencBytes());
  }

  /** Bytes up to the next NUL (consumed, not returned). */
  nulBytes(): Uint8Array {
    const at = this.#pos;
    const end = this.bytes.indexOf(0, at);
    if (end < 0) {
      throw new MalformedPacketError(`Cannot decode string<NUL> at offset ${at}: no NUL`);
    }
    this.#pos = end + 1;
    return this.bytes.subarray(at, end);
  }

  nulString(): string {
    return utf8Decode(this.nulBytes());
  }

  /** The rest of the payload. */
  eofBytes(): Uint8Array {
    const at = this.#pos;
    this.#pos = this.bytes.length;
    return this.bytes.subarray(at);
  }

  eofString(): string {
    return utf8Decode(this.eofBytes());
  }
}
