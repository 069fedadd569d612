/**
 * Length-encoded integers (Protocol::LengthEncodedInteger, notes §1.2) as free functions,
 * for code that is not writing through `PacketWriter` or reading through `PayloadReader`.
 */
import { MalformedPacketError } from "./protocol_error.ts";

/** Bytes the shortest lenenc form of `v` takes (1, 3, 4 or 9). */
export function lenencIntSize(v: number | bigint): number {
  if (v < 0xfb) return 1;
  if (v < 0x10000) return 3;
  if (v < 0x1000000) return 4;
  return 9;
}

/** The shortest lenenc encoding of a non-negative integer below 2^64. */
export function encodeLenencInt(v: number | bigint): Uint8Array {
  if (v < 0 || BigInt(v) >= 1n << 64n) {
    throw new RangeError(`Cannot encode int<lenenc>: ${v} is out of range`);
  }
  const size = lenencIntSize(v);
  const out = new Uint8Array(size);
  if (size === 1) {
    out[0] = Number(v);
    return out;
  }
  out[0] = size === 3 ? 0xfc : size === 4 ? 0xfd : 0xfe;
  let n = BigInt(v);
  for (let i = 1; i < size; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** Decoded lenenc integer and the bytes it occupied. NULL (0xFB) gives `value: null`. */
export interface LenencDecoded {
  value: number | bigint | null;
  size: number;
}

/** Decodes a lenenc integer at `offset`; values above 2^53 come back as bigint. */
export function decodeLenencInt(bytes: Uint8Array, offset = 0): LenencDecoded {
  const first = bytes[offset];
  if (first === undefined) throw new MalformedPacketError("Cannot decode int<lenenc>: no bytes");
  if (first < 0xfb) return { value: first, size: 1 };
  if (first === 0xfb) return { value: null, size: 1 };
  if (first === 0xff) throw new MalformedPacketError("Cannot decode int<lenenc>: first byte 0xff");
  const size = first === 0xfc ? 3 : first === 0xfd ? 4 : 9;
  if (offset + size > bytes.length) {
    throw new MalformedPacketError(`Cannot decode int<lenenc>: need ${size} bytes at ${offset}`);
  }
  let n = 0n;
  for (let i = size - 1; i >= 1; i--) n = (n << 8n) | BigInt(bytes[offset + i]!);
  return { value: n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n, size };
}
