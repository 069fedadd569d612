/**
 * The `Replicate` stream's messages (`Envelope`, `Frame` in proto/marmot.proto) encoded and
 * decoded by hand, in the same protobuf wire format: protobufjs's generic codec and its
 * object conversions were most of the per-frame CPU of the peer transport. Bodies are
 * decoded as views into the received message, without a copy.
 */
import { Buffer } from "node:buffer";
import type { WireEnvelope, WireFrame } from "./proto.ts";

const FRAMES = 0x0a; // field 1, length-delimited
const ID = 0x08; // field 1, varint
const KIND = 0x12;
const BODY = 0x1a;
const REPLY = 0x20;
const ERROR = 0x2a;
const ERROR_CODE = 0x30;
const MORE = 0x38;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
const EMPTY = new Uint8Array(0);
/** The few kinds in use, encoded once. */
const kindBytes = new Map<string, Uint8Array>();

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

function fieldSize(length: number): number {
  return length === 0 ? 0 : 1 + varintSize(length) + length;
}

function encodedKind(kind: string): Uint8Array {
  let bytes = kindBytes.get(kind);
  if (bytes === undefined) {
    bytes = utf8.encode(kind);
    if (kindBytes.size < 64) kindBytes.set(kind, bytes);
  }
  return bytes;
}

/**
 * An Envelope in protobuf form, as a Node Buffer (what grpc-js frames). `lengthPrefixed`:
 * behind its length as 4 bytes big-endian (how the plain peer stream frames it).
 */
export function encodeEnvelope(envelope: WireEnvelope, lengthPrefixed = false): Buffer {
  const frames = envelope.frames;
  const sizes = new Array<number>(frames.length);
  const kinds = new Array<Uint8Array>(frames.length);
  const errors = new Array<Uint8Array>(frames.length);
  let total = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    const kind = f.kind === "" ? EMPTY : encodedKind(f.kind);
    const error = f.error === "" ? EMPTY : utf8.encode(f.error);
    kinds[i] = kind;
    errors[i] = error;
    const size = (f.id === 0 ? 0 : 1 + varintSize(f.id)) + fieldSize(kind.length) +
      fieldSize(f.body.length) + (f.reply ? 2 : 0) + fieldSize(error.length) +
      (f.error_code === 0 ? 0 : 1 + varintSize(f.error_code)) + (f.more ? 2 : 0);
    sizes[i] = size;
    total += 1 + varintSize(size) + size;
  }
  const prefix = lengthPrefixed ? 4 : 0;
  const out = Buffer.allocUnsafe(prefix + total);
  if (lengthPrefixed) out.writeUInt32BE(total, 0);
  let at = prefix;
  const bytesField = (tag: number, bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    out[at++] = tag;
    at = writeVarint(out, at, bytes.length);
    out.set(bytes, at);
    at += bytes.length;
  };
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    out[at++] = FRAMES;
    at = writeVarint(out, at, sizes[i]!);
    if (f.id !== 0) {
      out[at++] = ID;
      at = writeVarint(out, at, f.id);
    }
    bytesField(KIND, kinds[i]!);
    bytesField(BODY, f.body);
    if (f.reply) {
      out[at++] = REPLY;
      out[at++] = 1;
    }
    bytesField(ERROR, errors[i]!);
    if (f.error_code !== 0) {
      out[at++] = ERROR_CODE;
      at = writeVarint(out, at, f.error_code);
    }
    if (f.more) {
      out[at++] = MORE;
      out[at++] = 1;
    }
  }
  return out;
}

/** A cursor over protobuf bytes up to `end`. */
class _Reader {
  at: number;
  readonly bytes: Uint8Array;
  readonly end: number;

  constructor(bytes: Uint8Array, at: number, end: number) {
    if (end > bytes.length) throw new Error("Truncated Envelope");
    this.bytes = bytes;
    this.at = at;
    this.end = end;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.end) throw new Error("Truncated Envelope");
      const b = this.bytes[this.at++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
    }
  }

  /** A length-delimited field's bytes, as a plain Uint8Array view. */
  chunk(): Uint8Array {
    const length = this.varint();
    const start = this.at;
    this.at += length;
    if (this.at > this.end) throw new Error("Truncated Envelope");
    const b = this.bytes;
    return new Uint8Array(b.buffer, b.byteOffset + start, length);
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.chunk();
    else if (wireType === 1) this.at += 8;
    else if (wireType === 5) this.at += 4;
    else throw new Error(`Unsupported protobuf wire type ${wireType} in an Envelope`);
  }
}

/**
 * An Envelope from its protobuf form; unknown fields are skipped.
 * @throws {Error} on a truncated or malformed message
 */
export function decodeEnvelope(bytes: Uint8Array): WireEnvelope {
  const r = new _Reader(bytes, 0, bytes.length);
  const frames: WireFrame[] = [];
  while (r.at < r.end) {
    const tag = r.varint();
    if (tag !== FRAMES) {
      r.skip(tag & 7);
      continue;
    }
    const length = r.varint();
    frames.push(_frame(new _Reader(bytes, r.at, r.at + length)));
    r.at += length;
  }
  return { frames };
}

function _frame(r: _Reader): WireFrame {
  const frame: WireFrame = {
    id: 0,
    kind: "",
    body: EMPTY,
    reply: false,
    error: "",
    error_code: 0,
    more: false,
  };
  while (r.at < r.end) {
    const tag = r.varint();
    switch (tag) {
      case ID:
        frame.id = r.varint();
        break;
      case KIND:
        frame.kind = fromUtf8.decode(r.chunk());
        break;
      case BODY:
        frame.body = r.chunk();
        break;
      case REPLY:
        frame.reply = r.varint() !== 0;
        break;
      case ERROR:
        frame.error = fromUtf8.decode(r.chunk());
        break;
      case ERROR_CODE:
        frame.error_code = r.varint();
        break;
      case MORE:
        frame.more = r.varint() !== 0;
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return frame;
}
